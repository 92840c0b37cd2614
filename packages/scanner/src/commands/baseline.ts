import { relative, sep } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, type CommandContext } from './context.js';
import {
  addPerformanceOptions,
  baselineOption,
  configOption,
  endProgress,
  formatOption,
  scanOptionsOf,
  type PerformanceOptions,
} from './options.js';
import type { BaselineAction } from './run-check.js';
import { reportWarnings } from './write-report.js';

/** What `baseline create|update|prune --format` accepts: the outcome is a line or an object, never a report. */
const baselineFormatNames = ['text', 'json'] as const;
type BaselineFormatName = (typeof baselineFormatNames)[number];

const baselineActions: Record<BaselineAction, string> = {
  create: 'Record every current finding in a new baseline (refuses to replace an existing one).',
  update: 'Make the baseline the current findings: add new ones, remove fixed ones.',
  prune: 'Remove fixed findings from the baseline; never adds one.',
};

/** `authboundary baseline create|update|prune`: writes the file `check` compares with (run-check.ts). */
export function addBaselineCommand(program: Command, { io, setExitCode }: CommandContext): void {
  const baseline = program
    .command('baseline')
    .description(
      'Write the baseline file (authboundary.baseline.json) that `check` compares with (exit 0, or 2 for a usage, configuration or baseline error; a corrupt baseline is never overwritten).',
    );
  for (const [action, description] of Object.entries(baselineActions) as [BaselineAction, string][]) {
    const command = baseline
      .command(action)
      .description(description)
      .argument(
        '[paths...]',
        'files or directories to scan (default: the directory of the configuration); entries of other files are kept',
      )
      .addOption(configOption())
      .addOption(baselineOption())
      .addOption(
        formatOption(
          baselineFormatNames,
          'output format of the outcome: a line of text, or a JSON object {baseline, action, written, total, added, removed}',
        ),
      );
    addPerformanceOptions(command).action(
      async (
        paths: string[],
        options: { config?: string; baseline?: string; format: BaselineFormatName } & PerformanceOptions,
      ) => {
        const scanOptions = scanOptionsOf(paths, options, io);
        const { changeBaseline } = await import('./run-check.js');
        const change = await changeBaseline(action, {
          ...scanOptions,
          ...(options.baseline !== undefined ? { baselinePath: options.baseline } : {}),
        });
        endProgress(io, scanOptions);
        reportWarnings(io, change.scan);
        if (change.scan.report.unscanned.length > 0)
          io.stderr(
            `warning: ${change.scan.report.unscanned.length} file(s) could not be scanned; their baseline entries were kept as they were\n`,
          );
        const where = relative(io.cwd, change.baselinePath).split(sep).join('/') || change.baselinePath;
        if (options.format === 'json') {
          io.stdout(
            `${JSON.stringify({ baseline: change.baselinePath, action, written: change.written, total: change.total, added: change.added, removed: change.removed }, null, 2)}\n`,
          );
        } else {
          io.stdout(
            change.written
              ? `${where}: ${change.total} finding(s) (${change.added} added, ${change.removed} removed)\n`
              : `${where}: up to date, ${change.total} finding(s); not rewritten\n`,
          );
        }
        setExitCode(ExitCode.clean);
      },
    );
  }
}
