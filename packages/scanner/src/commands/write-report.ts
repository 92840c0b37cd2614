import { relative, resolve, sep } from 'node:path';
import { reporters, type FormatName, type ReporterOptions } from '../outputs/index.js';
import type { ScanReport } from '../report/report.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import type { CliIo } from './context.js';
import type { ScanResult } from './run-scan.js';

/** What the commands that print a report (`scan`, `check`, `merge`) share. */

export function useColor(isTty: boolean): boolean {
  return isTty && process.env['NO_COLOR'] === undefined && process.env['CI'] === undefined;
}

export function reportWarnings(io: CliIo, result: ScanResult): void {
  if (result.cacheError !== undefined) io.stderr(`warning: ${result.cacheError}\n`);
  for (const warning of result.warnings)
    io.stderr(
      `warning: ${warning.path}: the glob "${warning.glob}" matches no file${warning.hint === undefined ? '' : ` (${warning.hint})`}\n`,
    );
  for (const warning of result.ownersWarnings) io.stderr(`warning: ${warning} (line skipped)\n`);
  for (const warning of result.resolutionWarnings) io.stderr(`warning: module resolution: ${warning}\n`);
}

/** The command a user runs to prune, with the options that located this baseline. */
export function pruneCommandOf(options: { config?: string; baseline?: string }): string {
  const quote = (text: string) => (/^[\w./@:-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  return [
    'authboundary baseline prune',
    ...(options.config !== undefined ? [`--config ${quote(options.config)}`] : []),
    ...(options.baseline !== undefined ? [`--baseline ${quote(options.baseline)}`] : []),
  ].join(' ');
}

export interface ReportOutputOptions {
  config?: string;
  format: FormatName;
  output?: string;
  baseline?: string;
}

export function reporterOptionsOf(io: CliIo, options: ReportOutputOptions, result: ScanResult): ReporterOptions {
  // Annotations name files from the repository root: GitHub Actions says where it is.
  const workspace = process.env['GITHUB_WORKSPACE'];
  const repositoryPath =
    workspace === undefined || workspace === ''
      ? undefined
      : relative(workspace, result.config.root).split(sep).join('/');
  return {
    color: options.output === undefined && options.format === 'text' && useColor(io.stdoutIsTty),
    pruneCommand: pruneCommandOf(options),
    ...(repositoryPath !== undefined && !repositoryPath.startsWith('..') ? { repositoryPath } : {}),
  };
}

/**
 * Writes the report to stdout, or with `--output` to the file, then says on stderr in one line what
 * the file holds: the exit code alone (1 for violations) would leave a script or CI log guessing.
 */
export function writeReport(
  io: CliIo,
  report: ScanReport,
  options: { format: FormatName; output?: string },
  reporterOptions: ReporterOptions,
): void {
  const output = reporters[options.format](report, reporterOptions);
  if (options.output === undefined) {
    io.stdout(output);
    return;
  }
  const target = resolve(io.cwd, options.output);
  writeFileAtomic(target, output);
  const shown = relative(io.cwd, target).split(sep).join('/');
  io.stderr(
    `authboundary: ${reportSummaryLine(report)}; ${options.format} report written to ${shown === '' || shown.startsWith('..') ? target : shown}\n`,
  );
}

/** The counts of a report in one line: findings by severity, new ones against a baseline, files. */
export function reportSummaryLine(report: ScanReport): string {
  const { summary, comparison } = report;
  const count = (number: number, word: string) => `${number} ${word}${number === 1 ? '' : 's'}`;
  const findings = `${count(summary.total, 'finding')} (${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')})`;
  const fresh =
    comparison === undefined
      ? ''
      : `, ${comparison.new.length} new against the baseline, ${comparison.fixed.length} fixed`;
  const files = `${count(summary.filesScanned, 'file')} scanned${summary.filesUnscanned > 0 ? `, ${summary.filesUnscanned} not scanned` : ''}`;
  return `${findings}${fresh}; ${files}`;
}

/** The exit code of a command that prints a report: 1 for an error finding or a file not scanned. */
export const hasViolations = (report: ScanReport): boolean => report.summary.errors > 0 || report.unscanned.length > 0;
