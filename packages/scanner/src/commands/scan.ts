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
  parseShard,
  scanOptionsOf,
  type PerformanceOptions,
} from './options.js';
import type { ScanResult, Shard } from './run-scan.js';
import {
  hasViolations,
  reporterOptionsOf,
  reportWarnings,
  writeReport,
  type ReportOutputOptions,
} from './write-report.js';

interface ScanCommandOptions extends ReportOutputOptions, PerformanceOptions {
  changedSince?: string;
  shard?: Shard;
}

/** `authboundary scan`: the scan (run-scan.ts), printed in a report format. */
export function addScanCommand(program: Command, { io, setExitCode }: CommandContext): void {
  const command = program
    .command('scan')
    .description(
      'Scan files or directories and report violations (exit 0 clean, 1 violations, 2 usage or configuration error).',
    )
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .addOption(configOption())
    .addOption(formatOption(formatNames))
    .addOption(outputOption('report'))
    .addOption(
      baselineOption(
        'compare with this baseline: the report marks new and fixed findings (the exit code stays that of scan)',
      ),
    )
    .addOption(
      changedSinceOption(
        'limit the report to files changed since this git ref (committed, staged, unstaged or untracked)',
      ),
    )
    .option(
      '--shard <i/n>',
      'scan the i-th of n deterministic parts of the files (CI matrix); combine the JSON outputs with `authboundary merge`',
      parseShard,
    );
  addPerformanceOptions(command).action(async (paths: string[], options: ScanCommandOptions) => {
    const scanOptions = {
      ...scanOptionsOf(paths, options, io),
      ...(options.shard !== undefined ? { shard: options.shard } : {}),
    };
    const [{ check, limitScanToChangedFiles }, { scan }] = await Promise.all([
      import('./run-check.js'),
      import('./run-scan.js'),
    ]);
    let result: ScanResult =
      options.baseline !== undefined
        ? await check({ ...scanOptions, baselinePath: options.baseline, ...changedSinceOf(options) })
        : await scan(scanOptions);
    if (options.baseline === undefined && options.changedSince !== undefined)
      result = limitScanToChangedFiles(result, options.changedSince);
    endProgress(io, scanOptions);
    reportWarnings(io, result);
    if (options.shard !== undefined && options.format !== 'json')
      io.stderr(
        `note: shard ${options.shard.index}/${options.shard.count} shows per-file rules only; write --format json and combine the shards with authboundary merge for the project-wide rules\n`,
      );
    const { report } = result;
    writeReport(io, report, options, reporterOptionsOf(io, options, result));
    setExitCode(hasViolations(report) ? ExitCode.violations : ExitCode.clean);
  });
}
