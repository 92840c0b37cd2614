import type { Command } from 'commander';
import { formatNames } from '../outputs/index.js';
import { ExitCode, type CommandContext } from './context.js';
import {
  addPerformanceOptions,
  baselineOption,
  changedSinceOf,
  changedSinceOption,
  configOption,
  endProgress,
  formatOption,
  outputOption,
  scanOptionsOf,
  type PerformanceOptions,
} from './options.js';
import {
  pruneCommandOf,
  reporterOptionsOf,
  reportWarnings,
  writeReport,
  type ReportOutputOptions,
} from './write-report.js';

interface CheckCommandOptions extends ReportOutputOptions, PerformanceOptions {
  changedSince?: string;
  allowStale?: boolean;
}

/** `authboundary check`: the scan compared with the baseline (run-check.ts); the verdict is the exit code. */
export function addCheckCommand(program: Command, { io, setExitCode }: CommandContext): void {
  const command = program
    .command('check')
    .description(
      'Scan and compare with the baseline: exit 1 for findings not in it, and for fixed findings still listed in it unless --allow-stale (0 otherwise, 2 usage, configuration or baseline error).',
    )
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .addOption(configOption())
    .addOption(formatOption(formatNames))
    .addOption(outputOption('report'))
    .addOption(baselineOption())
    .option('--allow-stale', 'do not fail when fixed findings are still listed in the baseline')
    .addOption(
      changedSinceOption(
        'limit the report to files changed since this git ref; findings elsewhere that are not in the baseline still fail',
      ),
    );
  addPerformanceOptions(command).action(async (paths: string[], options: CheckCommandOptions) => {
    const scanOptions = scanOptionsOf(paths, options, io);
    const { check, checkVerdict } = await import('./run-check.js');
    const result = await check({
      ...scanOptions,
      ...(options.baseline !== undefined ? { baselinePath: options.baseline } : {}),
      ...changedSinceOf(options),
    });
    endProgress(io, scanOptions);
    reportWarnings(io, result);
    writeReport(io, result.report, options, reporterOptionsOf(io, options, result));
    const verdict = checkVerdict(result, { allowStale: options.allowStale === true });
    const elsewhere = result.report.comparison?.changedSince?.newElsewhere ?? 0;
    if (elsewhere > 0)
      io.stderr(
        `authboundary: ${elsewhere} new finding(s) in files not changed since ${options.changedSince}; run without --changed-since to see them\n`,
      );
    if (verdict.stale > 0 && options.allowStale === true)
      io.stderr(
        `authboundary: ${verdict.stale} fixed finding(s) still listed in the baseline (allowed by --allow-stale); remove them with \`${pruneCommandOf(options)}\`\n`,
      );
    setExitCode(verdict.failed ? ExitCode.violations : ExitCode.clean);
  });
}
