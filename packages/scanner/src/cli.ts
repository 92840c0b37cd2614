import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { ConfigError } from '@authboundary/rules';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BaselineError } from './baseline/baseline-file.js';
import type { BaselineAction, CheckOptions } from './commands/run-check.js';
import { buildIdentityMap } from './map/identity-map.js';
import { mapFormatNames, mapFormats, type MapFormatName } from './outputs/map-formats.js';
import { joinObserved, readObservedSpans } from './map/observed-spans.js';
import { formatNames, reporters, type FormatName, type ReporterOptions } from './outputs/index.js';
import type { ScanReport } from './report/report.js';
import type { ScanOptions, ScanResult, Shard } from './commands/run-scan.js';
import { UsageError } from './usage-error.js';
import { addInitCommand, terminalQuestion } from './commands/init.js';
import { TOOL_VERSION as version } from './version.js';
import { addWeeklyCommands } from './commands/history.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Exit codes, documented once (and in the README): 0 clean, 1 violations (or files that could not be
 * scanned; for `check`: new findings of severity error, or fixed findings still in the baseline
 * without `--allow-stale`), 2 usage or configuration error (including a missing, corrupt or foreign
 * baseline), 70 internal error — a bug of authboundary (sysexits' EX_SOFTWARE), never the user's input.
 */
export const ExitCode = { clean: 0, violations: 1, usage: 2, internal: 70 } as const;

/** What `baseline create|update|prune --format` accepts: the outcome is a line or an object, never a report. */
const baselineFormatNames = ['text', 'json'] as const;
type BaselineFormatName = (typeof baselineFormatNames)[number];

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly cwd: string;
  /** Asks a question on a terminal (`init`); absent where nobody can answer. */
  readonly ask?: (question: string) => Promise<string>;
}

const processIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
  cwd: process.cwd(),
  ...optionalAsk(terminalQuestion()),
});
const optionalAsk = (ask: CliIo['ask']) => (ask === undefined ? {} : { ask });

function useColor(isTty: boolean): boolean {
  return isTty && process.env['NO_COLOR'] === undefined && process.env['CI'] === undefined;
}

function parseConcurrency(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError(`expected a positive whole number of worker threads, got "${value}"`);
  return Number(value);
}

function parseShard(value: string): Shard {
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(value);
  if (!match || Number(match[1]) > Number(match[2])) throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${value}"`);
  return { index: Number(match[1]), count: Number(match[2]) };
}

/**
 * The program. Its modules are light: whatever parses (the scanner, the compiler) or exports (the
 * OpenTelemetry SDK) is imported by the action that needs it, so `--help`, `--version`, `trend` and
 * a command line that does not parse start without them.
 */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('authboundary')
    .description('Keeps identity layered: finds identity-provider identifiers, SDKs and authorization leaking past the auth boundary.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  const scanCommand = program
    .command('scan')
    .description('Scan files or directories and report violations (exit 0 clean, 1 violations, 2 usage or configuration error).')
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .option('-c, --config <file>', 'configuration file (default: authboundary.config.json found by walking up from the first path)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(formatNames).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('-b, --baseline <file>', 'compare with this baseline: the report marks new and fixed findings (the exit code stays that of scan)')
    .option('--changed-since <ref>', 'limit the report to files changed since this git ref (committed, staged, unstaged or untracked)')
    .option('--shard <i/n>', 'scan the i-th of n deterministic parts of the files (CI matrix); combine the JSON outputs with `authboundary merge`', parseShard);
  addPerformanceOptions(scanCommand).action(async (paths: string[], options: ScanCommandOptions & { shard?: Shard }) => {
    const onFile = progressOf(io, options);
    const scanOptions = { ...scanOptionsOf(paths, options, io), ...(onFile ? { onFile } : {}), ...(options.shard !== undefined ? { shard: options.shard } : {}) };
    const [{ check, limitScanToChangedFiles }, { scan }] = await Promise.all([import('./commands/run-check.js'), import('./commands/run-scan.js')]);
    let result: ScanResult = options.baseline !== undefined ? await check({ ...scanOptions, baselinePath: options.baseline, ...changedSinceOf(options) }) : await scan(scanOptions);
    if (options.baseline === undefined && options.changedSince !== undefined) result = limitScanToChangedFiles(result, options.changedSince);
    if (onFile) io.stderr('\n');
    reportWarnings(io, result);
    if (options.shard !== undefined && options.format !== 'json') io.stderr(`note: shard ${options.shard.index}/${options.shard.count} shows per-file rules only; write --format json and combine the shards with authboundary merge for the project-wide rules\n`);
    const { report } = result;
    writeReport(io, report, options, reporterOptionsOf(io, options, result));
    setExitCode(report.summary.errors > 0 || report.unscanned.length > 0 ? ExitCode.violations : ExitCode.clean);
  });

  program
    .command('merge')
    .description('Combine the JSON reports of `scan --shard 1/n` … `n/n` into the report of a single run, project-wide rules included (exit codes as for scan).')
    .argument('<parts...>', 'the shard reports (JSON files)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(formatNames).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .action(async (parts: string[], options: { format: FormatName; output?: string }) => {
      const { mergeShardReports } = await import('./merge/merge-shard-reports.js');
      const inputs = parts.map((name) => {
        let text: string;
        try {
          text = readFileSync(resolve(io.cwd, name), 'utf8');
        } catch (error) {
          throw new UsageError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
        }
        try {
          return { name, data: JSON.parse(text) as unknown };
        } catch (error) {
          throw new UsageError(`${name} is not JSON: ${(error as Error).message}`, { cause: error });
        }
      });
      const report = mergeShardReports(inputs);
      writeReport(io, report, options, { color: options.output === undefined && options.format === 'text' && useColor(io.stdoutIsTty) });
      setExitCode(report.summary.errors > 0 || report.unscanned.length > 0 ? ExitCode.violations : ExitCode.clean);
    });

  const mapCommand = program
    .command('map')
    .description('List the identity surface: token verifications, authorization decisions (instrumented or not), provider SDK imports and calls, BFF handlers and the domains they compose, machine credentials (exit 0, or 2 usage or configuration error; files that could not be scanned are named on stderr).')
    .argument('[paths...]', 'files or directories (default: the configuration directory)')
    .option('-c, --config <file>', 'configuration file (default: authboundary.config.json found by walking up from the first path)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...mapFormatNames]).default('text'))
    .option('-o, --output <file>', 'write the map to a file (atomically) instead of stdout')
    .option('--observed <file>', 'join spans exported by @authboundary/telemetry (OTLP JSON, as the Collector file exporter writes it): marks each decision site observed or not and lists run-time decision points the map does not know');
  addPerformanceOptions(mapCommand).action(async (paths: string[], options: { config?: string; format: MapFormatName; output?: string; observed?: string } & PerformanceOptions) => {
    const onFile = progressOf(io, options);
    const { scan } = await import('./commands/run-scan.js');
    const result = await scan({ ...scanOptionsOf(paths, options, io), ...(onFile ? { onFile } : {}) });
    if (onFile) io.stderr('\n');
    reportWarnings(io, result);
    for (const file of result.report.unscanned) io.stderr(`warning: not scanned, its sites are missing from the map: ${file.file}: ${file.reason}\n`);
    let map = buildIdentityMap(result.config.root, result.sites, result.report.findings, result.report.unscanned);
    if (options.observed !== undefined) map = joinObserved(map, readObservedSpans(resolve(io.cwd, options.observed)));
    const output = mapFormats[options.format](map);
    if (options.output !== undefined) writeFileAtomic(resolve(io.cwd, options.output), output);
    else io.stdout(output);
    setExitCode(ExitCode.clean);
  });

  const checkCommand = program
    .command('check')
    .description(
      'Scan and compare with the baseline: exit 1 for findings not in it, and for fixed findings still listed in it unless --allow-stale (0 otherwise, 2 usage, configuration or baseline error).',
    )
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .option('-c, --config <file>', 'configuration file (default: authboundary.config.json found by walking up from the first path)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(formatNames).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('-b, --baseline <file>', 'baseline file (default: authboundary.baseline.json beside the configuration)')
    .option('--allow-stale', 'do not fail when fixed findings are still listed in the baseline')
    .option('--changed-since <ref>', 'limit the report to files changed since this git ref; findings elsewhere that are not in the baseline still fail');
  addPerformanceOptions(checkCommand).action(async (paths: string[], options: ScanCommandOptions & { allowStale?: boolean }) => {
      const onFile = progressOf(io, options);
      const { check, checkVerdict } = await import('./commands/run-check.js');
      const result = await check({ ...scanOptionsOf(paths, options, io), ...(onFile ? { onFile } : {}), ...(options.baseline !== undefined ? { baselinePath: options.baseline } : {}), ...changedSinceOf(options) });
      if (onFile) io.stderr('\n');
      reportWarnings(io, result);
      writeReport(io, result.report, options, reporterOptionsOf(io, options, result));
      const verdict = checkVerdict(result, { allowStale: options.allowStale === true });
      const elsewhere = result.report.comparison?.changedSince?.newElsewhere ?? 0;
      if (elsewhere > 0) io.stderr(`authboundary: ${elsewhere} new finding(s) in files not changed since ${options.changedSince}; run without --changed-since to see them\n`);
      if (verdict.stale > 0 && options.allowStale === true) io.stderr(`authboundary: ${verdict.stale} fixed finding(s) still listed in the baseline (allowed by --allow-stale); remove them with \`${pruneCommandOf(options)}\`\n`);
      setExitCode(verdict.failed ? ExitCode.violations : ExitCode.clean);
    });

  const baseline = program
    .command('baseline')
    .description('Write the baseline file (authboundary.baseline.json) that `check` compares with (exit 0, or 2 for a usage, configuration or baseline error; a corrupt baseline is never overwritten).');
  const baselineActions: Record<BaselineAction, string> = {
    create: 'Record every current finding in a new baseline (refuses to replace an existing one).',
    update: 'Make the baseline the current findings: add new ones, remove fixed ones.',
    prune: 'Remove fixed findings from the baseline; never adds one.',
  };
  for (const [action, description] of Object.entries(baselineActions) as [BaselineAction, string][]) {
    const actionCommand = baseline
      .command(action)
      .description(description)
      .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration); entries of other files are kept')
      .option('-c, --config <file>', 'configuration file (default: authboundary.config.json found by walking up from the first path)')
      .option('-b, --baseline <file>', 'baseline file (default: authboundary.baseline.json beside the configuration)')
      .addOption(new Option('-f, --format <format>', 'output format of the outcome: a line of text, or a JSON object {baseline, action, written, total, added, removed}').choices(baselineFormatNames).default('text'));
    addPerformanceOptions(actionCommand).action(async (paths: string[], options: { config?: string; baseline?: string; format: BaselineFormatName } & PerformanceOptions) => {
        const onFile = progressOf(io, options);
        const { changeBaseline } = await import('./commands/run-check.js');
        const change = await changeBaseline(action, { ...scanOptionsOf(paths, options, io), ...(onFile ? { onFile } : {}), ...(options.baseline !== undefined ? { baselinePath: options.baseline } : {}) });
        if (onFile) io.stderr('\n');
        reportWarnings(io, change.scan);
        if (change.scan.report.unscanned.length > 0) io.stderr(`warning: ${change.scan.report.unscanned.length} file(s) could not be scanned; their baseline entries were kept as they were\n`);
        const where = relative(io.cwd, change.baselinePath).split(sep).join('/') || change.baselinePath;
        if (options.format === 'json') {
          io.stdout(`${JSON.stringify({ baseline: change.baselinePath, action, written: change.written, total: change.total, added: change.added, removed: change.removed }, null, 2)}\n`);
        } else {
          io.stdout(
            change.written
              ? `${where}: ${change.total} finding(s) (${change.added} added, ${change.removed} removed)\n`
              : `${where}: up to date, ${change.total} finding(s); not rewritten\n`,
          );
        }
        setExitCode(ExitCode.clean);
      });
  }
  addWeeklyCommands(program, io);
  addInitCommand(program, io, setExitCode);

  return program;
}

/** Runs the CLI; returns the exit code (also set on `process.exitCode` by `main`). */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.clean;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other parse error is a usage error.
      return error.exitCode === 0 ? ExitCode.clean : ExitCode.usage;
    }
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof BaselineError) {
      io.stderr(`authboundary: ${error.message}\n`);
      return ExitCode.usage;
    }
    // Anything else is unexpected: a bug, not the user's input. Say so, with what a fix needs.
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    const versions = `authboundary ${version}, Node.js ${process.version}`;
    io.stderr(
      `authboundary: internal error — this is a bug in authboundary, not in your input; ` +
        `please report it with the command line and everything below (${versions})\n${detail}\n`,
    );
    return ExitCode.internal;
  }
  return exitCode;
}

export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await run(argv);
}

interface PerformanceOptions {
  cache: boolean;
  cacheLocation?: string;
  concurrency?: number;
  quiet?: boolean;
}

interface ScanCommandOptions extends PerformanceOptions {
  config?: string;
  format: FormatName;
  output?: string;
  baseline?: string;
  changedSince?: string;
}

/** The options of every command that scans: cache, workers, progress. */
function addPerformanceOptions(command: Command): Command {
  return command
    .option('--cache-location <dir>', 'directory of the per-file result cache (default: node_modules/.cache/authboundary beside the configuration)')
    .option('--no-cache', 'parse every file, neither reading nor writing the cache')
    .option('--concurrency <n>', 'threads parsing files (default: one per idle core and per 8 million characters to parse; 1 parses in the main thread)', parseConcurrency)
    .option('-q, --quiet', 'no progress line, even on a terminal');
}

function scanOptionsOf(paths: readonly string[], options: { config?: string } & Partial<PerformanceOptions>, io: CliIo): ScanOptions {
  return {
    paths,
    cwd: io.cwd,
    ...(options.config !== undefined ? { configPath: options.config } : {}),
    ...(options.cache === false ? { cache: false } : {}),
    ...(options.cacheLocation !== undefined ? { cacheLocation: options.cacheLocation } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
}

const changedSinceOf = (options: { changedSince?: string }): Pick<CheckOptions, 'changedSince'> => (options.changedSince !== undefined ? { changedSince: options.changedSince } : {});

/** Progress only where a person watches: a terminal on stderr. */
/** Progress only where a person watches: a terminal on stderr, and not with --quiet. Redrawn at most every 100 ms. */
function progressOf(io: CliIo, options: { quiet?: boolean }): ScanOptions['onFile'] {
  if (!io.stderrIsTty || options.quiet === true) return undefined;
  const started = Date.now();
  let lastDrawn = 0;
  return (done, total) => {
    const now = Date.now();
    if (done !== total && now - lastDrawn < 100) return;
    lastDrawn = now;
    io.stderr(`\r${done}/${total} files, ${Math.round(done / Math.max((now - started) / 1000, 0.001))} files/s`);
  };
}

function reportWarnings(io: CliIo, result: ScanResult): void {
  if (result.cacheError !== undefined) io.stderr(`warning: ${result.cacheError}\n`);
  for (const warning of result.warnings) io.stderr(`warning: ${warning.path}: the glob "${warning.glob}" matches no file${warning.hint === undefined ? '' : ` (${warning.hint})`}\n`);
  for (const warning of result.ownersWarnings) io.stderr(`warning: ${warning} (line skipped)\n`);
  for (const warning of result.resolutionWarnings) io.stderr(`warning: module resolution: ${warning}\n`);
}

/** The command a user runs to prune, with the options that located this baseline. */
function pruneCommandOf(options: { config?: string; baseline?: string }): string {
  const quote = (text: string) => (/^[\w./@:-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  return ['authboundary baseline prune', ...(options.config !== undefined ? [`--config ${quote(options.config)}`] : []), ...(options.baseline !== undefined ? [`--baseline ${quote(options.baseline)}`] : [])].join(' ');
}

function reporterOptionsOf(io: CliIo, options: ScanCommandOptions, result: ScanResult): ReporterOptions {
  // Annotations name files from the repository root: GitHub Actions says where it is.
  const workspace = process.env['GITHUB_WORKSPACE'];
  const repositoryPath = workspace === undefined || workspace === '' ? undefined : relative(workspace, result.config.root).split(sep).join('/');
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
function writeReport(io: CliIo, report: ScanReport, options: { format: FormatName; output?: string }, reporterOptions: ReporterOptions): void {
  const output = reporters[options.format](report, reporterOptions);
  if (options.output === undefined) {
    io.stdout(output);
    return;
  }
  const target = resolve(io.cwd, options.output);
  writeFileAtomic(target, output);
  const shown = relative(io.cwd, target).split(sep).join('/');
  io.stderr(`authboundary: ${reportSummaryLine(report)}; ${options.format} report written to ${shown === '' || shown.startsWith('..') ? target : shown}\n`);
}

/** The counts of a report in one line: findings by severity, new ones against a baseline, files. */
export function reportSummaryLine(report: ScanReport): string {
  const { summary, comparison } = report;
  const count = (number: number, word: string) => `${number} ${word}${number === 1 ? '' : 's'}`;
  const findings = `${count(summary.total, 'finding')} (${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')})`;
  const fresh = comparison === undefined ? '' : `, ${comparison.new.length} new against the baseline, ${comparison.fixed.length} fixed`;
  const files = `${count(summary.filesScanned, 'file')} scanned${summary.filesUnscanned > 0 ? `, ${summary.filesUnscanned} not scanned` : ''}`;
  return `${findings}${fresh}; ${files}`;
}
