import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatNames, type FormatName } from '../outputs/index.js';
import { UsageError } from '../usage-error.js';
import { ExitCode, type CommandContext } from './context.js';
import { formatOption, outputOption } from './options.js';
import { hasViolations, useColor, writeReport } from './write-report.js';

/** `authboundary merge`: the shard reports of `scan --shard` combined into the report of a single run. */
export function addMergeCommand(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('merge')
    .description(
      'Combine the JSON reports of `scan --shard 1/n` … `n/n` into the report of a single run, project-wide rules included (exit codes as for scan).',
    )
    .argument('<parts...>', 'the shard reports (JSON files)')
    .addOption(formatOption(formatNames))
    .addOption(outputOption('report'))
    .action(async (parts: string[], options: { format: FormatName; output?: string }) => {
      const { mergeShardReports } = await import('../merge/merge-shard-reports.js');
      const inputs = parts.map((name) => {
        let text: string;
        try {
          text = readFileSync(resolve(io.cwd, name), 'utf8');
        } catch (error) {
          throw new UsageError(
            `cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
            { cause: error },
          );
        }
        try {
          return { name, data: JSON.parse(text) as unknown };
        } catch (error) {
          throw new UsageError(`${name} is not JSON: ${(error as Error).message}`, { cause: error });
        }
      });
      const report = mergeShardReports(inputs);
      writeReport(io, report, options, {
        color: options.output === undefined && options.format === 'text' && useColor(io.stdoutIsTty),
      });
      setExitCode(hasViolations(report) ? ExitCode.violations : ExitCode.clean);
    });
}
