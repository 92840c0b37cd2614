import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { BASELINE_FILE_NAME } from './baseline/baseline-file.js';
import { readBaselineFingerprints } from './export/baseline-fingerprints.js';
import type { ExportDestination } from './export/exporter-packages.js';
import { repositoryNameOf } from './export/repository-name.js';
import { violationSeries } from './export/violation-series.js';
import { backfillHistory, DEFAULT_BACKFILL_WEEKS, type BackfillEvent } from './history/backfill-history.js';
import { readHistory, withRecord } from './history/history-file.js';
import { historyPathFor } from './history/history-path.js';
import { recordHistory, recordOfWorkingTree } from './history/record-history.js';
import { configForScan } from './config-for-scan.js';
import { trendFormatNames, trendFormatters, type TrendFormatName } from './trend/formats/index.js';
import { htmlReport } from './trend/html-report.js';
import { computeTrend, DEFAULT_RATE_WINDOW } from './trend/trend.js';
import { UsageError } from './usage-error.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** What the weekly commands need from the CLI (a subset of `CliIo`). */
export interface WeeklyIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

function positiveInteger(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name}: expected a whole number of at least 1, got "${value}"`);
    return Number(value);
  };
}

function calendarDate(value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError(`expected a date as YYYY-MM-DD, got "${value}"`);
  }
  return date;
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

function describeBackfillEvent(event: BackfillEvent): string {
  switch (event.kind) {
    case 'scanned':
    case 'cached':
      return `${event.week}  ${event.record.commit!.slice(0, 10)}  ${String(event.record.total).padStart(4)}${event.kind === 'cached' ? '  (cached)' : ''}${event.record.carriedForward ? '  (no commit this week: carried forward)' : ''}`;
    case 'kept-recorded':
      return `${event.week}  kept the record made by \`history record\` (${event.record.total})`;
    case 'before-first-commit':
      return `${event.week}  no commit yet`;
    case 'not-in-shallow-clone':
      return `${event.week}  not seen: this shallow clone holds no commit before ${event.boundary.committedAt.toISOString().slice(0, 10)}`;
    case 'failed':
      return `${event.week}  ${event.commit.slice(0, 10)}  not scanned: ${event.reason}`;
  }
}

const noHistoryMessage = (historyPath: string) => `${historyPath}: no history file; run \`authboundary history record\` or \`authboundary history backfill\` first`;

/** Where a bare `--otlp` sends, in the OpenTelemetry exporter's order. */
const OTLP_ENDPOINT_VARIABLES = ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/**
 * Adds `history` (`record`, `backfill`), `trend`, `report` and `export` to the program. The scanner
 * (and with it the compiler) is imported by the actions that scan, so `trend`, `--help` and a
 * command line that does not parse start without it.
 */
export function addWeeklyCommands(program: Command, io: WeeklyIo): void {
  const history = program.command('history').description('The weekly violation count, one record per ISO week in a committed file (default authboundary.history.json beside the configuration).');

  history
    .command('record')
    .description("Scan the working tree and write this week's record (replacing an earlier record of the same week).")
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .option('-c, --config <file>', 'configuration file')
    .option('--history <file>', 'history file (default: authboundary.history.json beside the configuration)')
    .action(async (paths: string[], options: { config?: string; history?: string }) => {
      const result = await recordHistory({ cwd: io.cwd, ...(paths.length > 0 ? { paths } : {}), ...optional('configPath', options.config), ...optional('historyPath', options.history) });
      io.stdout(`${result.record.week}: ${result.record.total} violation${result.record.total === 1 ? '' : 's'} recorded in ${result.historyPath}${result.replaced === undefined ? '' : ` (replaced the earlier record of this week: ${result.replaced.total})`}\n`);
    });

  history
    .command('backfill')
    .description("Fill past weeks from git: each week's last commit on the current branch is scanned from git objects in a temporary directory; the working tree, index, stash, branches and HEAD are not touched. Interrupted runs resume (results are cached per commit).")
    .addOption(new Option('--weeks <n>', `number of weeks up to and including this one (default ${DEFAULT_BACKFILL_WEEKS})`).argParser(positiveInteger('--weeks')).conflicts('since'))
    .addOption(new Option('--since <date>', 'fill from the week holding this date (YYYY-MM-DD) to this week').argParser(calendarDate))
    .option('-c, --config <file>', "hold this configuration fixed for every commit (default: each commit's own authboundary.config.json)")
    .option('--history <file>', 'history file (default: authboundary.history.json beside the configuration)')
    .option('--cache-dir <dir>', 'per-commit result cache (default: $XDG_CACHE_HOME/authboundary/backfill or ~/.cache/authboundary/backfill)')
    .action(async (options: { weeks?: number; since?: Date; config?: string; history?: string; cacheDir?: string }) => {
      const result = await backfillHistory({
        cwd: io.cwd,
        ...optional('weeks', options.weeks),
        ...optional('since', options.since),
        ...optional('configPath', options.config),
        ...optional('historyPath', options.history),
        ...optional('cacheDirectory', options.cacheDir === undefined ? undefined : resolve(io.cwd, options.cacheDir)),
        // Each finished week is a result (stdout); a week that could not be scanned is a diagnostic (stderr).
        onWeek: (event) => (event.kind === 'failed' || event.kind === 'not-in-shallow-clone' ? io.stderr : io.stdout)(`${describeBackfillEvent(event)}\n`),
      });
      const unseen = result.events.filter((event) => event.kind === 'not-in-shallow-clone').length;
      if (unseen > 0) {
        io.stderr(
          `authboundary: warning: ${unseen} week${unseen === 1 ? ' was' : 's were'} not seen: this is a shallow clone (the default of CI checkouts). Fetch the whole history — \`fetch-depth: 0\` in actions/checkout, or \`git fetch --unshallow\` — and run backfill again.\n`,
        );
      }
      const written = result.events.filter((event) => event.kind === 'scanned' || event.kind === 'cached').length;
      const failed = result.events.filter((event) => event.kind === 'failed').length;
      io.stdout(`${written} week${written === 1 ? '' : 's'} backfilled in ${result.historyPath} (${options.config === undefined ? "each commit's own configuration" : `configuration held fixed: ${options.config}`})${failed > 0 ? `; ${failed} could not be scanned (see above)` : ''}\n`);
    });

  program
    .command('trend')
    .description('The weekly series from the history: change against last week and the first week, sparkline, breakdowns, and the projected week of reaching zero.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(trendFormatNames).default('text'))
    .option('--history <file>', 'history file (default: authboundary.history.json beside the configuration)')
    .option('-c, --config <file>', 'configuration file (locates the default history file)')
    .option('--window <weeks>', `weeks averaged for the projection (default ${DEFAULT_RATE_WINDOW})`, positiveInteger('--window'))
    .action((options: { format: TrendFormatName; history?: string; config?: string; window?: number }) => {
      const historyPath = historyPathFor({ cwd: io.cwd, historyPath: options.history, configPath: options.config });
      if (!existsSync(historyPath)) throw new UsageError(noHistoryMessage(historyPath));
      io.stdout(trendFormatters[options.format](computeTrend(readHistory(historyPath), optional('window', options.window))));
    });

  program
    .command('report')
    .description('Write the trend as one self-contained HTML page: weekly chart with per-rule lines, projection, tables by module, owner and rule with the current findings behind each number (exit 2 without a history file, as for trend).')
    .requiredOption('--html <file>', 'HTML file to write (atomically)')
    .argument('[paths...]', 'files or directories to scan for the current findings (default: the directory of the configuration)')
    .option('-c, --config <file>', 'configuration file')
    .option('--history <file>', 'history file (default: authboundary.history.json beside the configuration)')
    .option('--link-base <url>', 'prefix for file links, e.g. https://github.com/org/repo/blob/main/ (default: file:// links)')
    .option('--window <weeks>', `weeks averaged for the projection (default ${DEFAULT_RATE_WINDOW})`, positiveInteger('--window'))
    .action(async (paths: string[], options: { html: string; config?: string; history?: string; linkBase?: string; window?: number }) => {
      const historyPath = historyPathFor({ cwd: io.cwd, historyPath: options.history, configPath: options.config, paths });
      // As for `trend`: a page of one week, the current scan, would show no trend and no projection.
      if (!existsSync(historyPath)) throw new UsageError(noHistoryMessage(historyPath));
      const stored = readHistory(historyPath);
      const { scan } = await import('./scan.js');
      const { report, config, sites } = await scan({ cwd: io.cwd, ...(paths.length > 0 ? { paths } : {}), ...optional('configPath', options.config) });
      const now = new Date();
      const { buildIdentityMap } = await import('./map/identity-map.js');
      const map = buildIdentityMap(report.root, sites, report.findings);
      // The current scan stands for this week in the page (not written to the history file), so
      // the chart's last point and the tables count the same findings.
      const trend = computeTrend(withRecord(stored, recordOfWorkingTree(report, config.hash, now, map.summary.decisions)), optional('window', options.window));
      const target = resolve(io.cwd, options.html);
      writeFileAtomic(target, htmlReport({ trend, report, map, generatedAt: now, ...optional('linkBase', options.linkBase) }));
      io.stdout(`HTML report written to ${target}\n`);
    });

  program
    .command('export')
    .description('Send the current counts to dashboards: OpenTelemetry metrics over OTLP/HTTP and/or the Prometheus format pushed to a Pushgateway (gauges authboundary.violations and, with a baseline, authboundary.violations.new), every series labelled with the repository (configuration "name", else the git remote).')
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .option('-c, --config <file>', 'configuration file')
    .option('--otlp [url]', 'OTLP/HTTP endpoint (e.g. http://localhost:4318); without a URL, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, which must then be set')
    .option('--pushgateway <url>', 'Pushgateway URL (e.g. http://localhost:9091); needs --job; each repository is its own group under the job')
    .option('--job <name>', 'Pushgateway job name')
    .option('--baseline <file>', `baseline for authboundary.violations.new (default: ${BASELINE_FILE_NAME} beside the configuration, if present)`)
    .action(async (paths: string[], options: { config?: string; otlp?: string | true; pushgateway?: string; job?: string; baseline?: string }) => {
      if (options.otlp === undefined && options.pushgateway === undefined) throw new UsageError('export: name a destination: --otlp [URL] and/or --pushgateway URL --job NAME');
      if (options.pushgateway !== undefined && options.job === undefined) throw new UsageError('export: --pushgateway needs --job NAME');
      if (options.otlp === true && !OTLP_ENDPOINT_VARIABLES.some((name) => (process.env[name] ?? '').trim() !== '')) {
        throw new UsageError(`export: --otlp without a URL sends to ${OTLP_ENDPOINT_VARIABLES.join(' or ')}, and neither is set; name the collector: --otlp http://localhost:4318`);
      }
      const scanOptions = { cwd: io.cwd, ...(paths.length > 0 ? { paths } : {}), ...optional('configPath', options.config) };
      const repository = repositoryNameOf(configForScan(scanOptions)); // an unnamed repository fails before anything is loaded or scanned
      // The exporters (OpenTelemetry SDK, prom-client) are optional peer dependencies, loaded by this
      // command only and only for the destinations asked: every other command starts without them.
      const { requireExporterPackages } = await import('./export/exporter-packages.js');
      const asked: ExportDestination[] = [];
      if (options.otlp !== undefined) asked.push('otlp');
      if (options.pushgateway !== undefined) asked.push('pushgateway');
      await requireExporterPackages(asked); // every missing package named before anything is scanned
      const otlp = options.otlp === undefined ? undefined : await import('./export/otlp-export.js');
      const gateway = options.pushgateway === undefined ? undefined : await import('./export/pushgateway-export.js');
      if (typeof options.otlp === 'string') otlp?.otlpMetricsUrl(options.otlp); // bad URLs fail before the scan
      const { scan } = await import('./scan.js');
      const { report, config, sites } = await scan(scanOptions);
      const { authDecisionSeries } = await import('./map/identity-map.js');
      const decisions = authDecisionSeries(report.root, sites, report.findings);
      const defaultBaseline = join(config.root, BASELINE_FILE_NAME);
      const baselinePath = options.baseline !== undefined ? resolve(io.cwd, options.baseline) : existsSync(defaultBaseline) ? defaultBaseline : undefined;
      const series = violationSeries(report.findings, baselinePath === undefined ? undefined : readBaselineFingerprints(baselinePath));
      const destinations: string[] = [];
      if (otlp !== undefined) {
        const url = typeof options.otlp === 'string' ? options.otlp : undefined;
        await otlp.exportOtlp(series, { url, repository: repository.name, decisions });
        destinations.push(`OTLP ${url === undefined ? '(OTEL_EXPORTER_OTLP_* endpoint)' : otlp.otlpMetricsUrl(url)}`);
      }
      if (gateway !== undefined && options.pushgateway !== undefined) {
        await gateway.pushToGateway(series, { url: options.pushgateway, job: options.job!, repository: repository.name, decisions });
        destinations.push(`Pushgateway ${options.pushgateway} (job ${options.job})`);
      }
      io.stdout(`exported ${report.summary.total} violation${report.summary.total === 1 ? '' : 's'} in ${series.length} series of repository ${repository.name} (${repository.source === 'config' ? 'configuration "name"' : repository.source})${baselinePath === undefined ? '' : ` (baseline ${baselinePath})`} to ${destinations.join(' and ')}\n`);
    });
}
