import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { BASELINE_FILE_NAME } from '../baseline/baseline-file.js';
import { readBaselineFingerprints } from '../export/baseline-fingerprints.js';
import type { ExportDestination } from '../export/exporter-packages.js';
import { repositoryNameOf } from '../export/repository-name.js';
import { violationSeries } from '../export/violation-series.js';
import { UsageError } from '../usage-error.js';
import { configForScan } from './config-for-scan.js';
import type { CommandContext } from './context.js';
import { baselineOption, configOption, optional } from './options.js';

/** Where a bare `--otlp` sends, in the OpenTelemetry exporter's order. */
const OTLP_ENDPOINT_VARIABLES = ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/**
 * `authboundary export`: the current counts to OTLP and/or a Pushgateway. The exporters (OpenTelemetry
 * SDK, prom-client) are optional peer dependencies, loaded by this command's action only.
 */
export function addExportCommand(program: Command, { io }: CommandContext): void {
  program
    .command('export')
    .description(
      'Send the current counts to dashboards: OpenTelemetry metrics over OTLP/HTTP and/or the Prometheus format pushed to a Pushgateway (gauges authboundary.violations and, with a baseline, authboundary.violations.new), every series labelled with the repository (configuration "name", else the git remote).',
    )
    .argument('[paths...]', 'files or directories to scan (default: the directory of the configuration)')
    .addOption(configOption('configuration file'))
    .option(
      '--otlp [url]',
      'OTLP/HTTP endpoint (e.g. http://localhost:4318); without a URL, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, which must then be set',
    )
    .option(
      '--pushgateway <url>',
      'Pushgateway URL (e.g. http://localhost:9091); needs --job; each repository is its own group under the job',
    )
    .option('--job <name>', 'Pushgateway job name')
    .addOption(
      baselineOption(
        `baseline for authboundary.violations.new (default: ${BASELINE_FILE_NAME} beside the configuration, if present)`,
        { short: false },
      ),
    )
    .action(
      async (
        paths: string[],
        options: { config?: string; otlp?: string | true; pushgateway?: string; job?: string; baseline?: string },
      ) => {
        if (options.otlp === undefined && options.pushgateway === undefined)
          throw new UsageError('export: name a destination: --otlp [URL] and/or --pushgateway URL --job NAME');
        if (options.pushgateway !== undefined && options.job === undefined)
          throw new UsageError('export: --pushgateway needs --job NAME');
        if (options.otlp === true && !OTLP_ENDPOINT_VARIABLES.some((name) => (process.env[name] ?? '').trim() !== '')) {
          throw new UsageError(
            `export: --otlp without a URL sends to ${OTLP_ENDPOINT_VARIABLES.join(' or ')}, and neither is set; name the collector: --otlp http://localhost:4318`,
          );
        }
        const scanOptions = {
          cwd: io.cwd,
          ...(paths.length > 0 ? { paths } : {}),
          ...optional('configPath', options.config),
        };
        const repository = repositoryNameOf(configForScan(scanOptions)); // an unnamed repository fails before anything is loaded or scanned
        // The exporters (OpenTelemetry SDK, prom-client) are optional peer dependencies, loaded by this
        // command only and only for the destinations asked: every other command starts without them.
        const { requireExporterPackages } = await import('../export/exporter-packages.js');
        const asked: ExportDestination[] = [];
        if (options.otlp !== undefined) asked.push('otlp');
        if (options.pushgateway !== undefined) asked.push('pushgateway');
        await requireExporterPackages(asked); // every missing package named before anything is scanned
        const otlp = options.otlp === undefined ? undefined : await import('../export/otlp-export.js');
        const gateway = options.pushgateway === undefined ? undefined : await import('../export/pushgateway-export.js');
        if (typeof options.otlp === 'string') otlp?.otlpMetricsUrl(options.otlp); // bad URLs fail before the scan
        const { scan } = await import('./run-scan.js');
        const { report, config, sites } = await scan(scanOptions);
        const { authDecisionSeries } = await import('../map/identity-map.js');
        const decisions = authDecisionSeries(report.root, sites, report.findings);
        const defaultBaseline = join(config.root, BASELINE_FILE_NAME);
        const baselinePath =
          options.baseline !== undefined
            ? resolve(io.cwd, options.baseline)
            : existsSync(defaultBaseline)
              ? defaultBaseline
              : undefined;
        const series = violationSeries(
          report.findings,
          baselinePath === undefined ? undefined : readBaselineFingerprints(baselinePath),
        );
        const destinations: string[] = [];
        if (otlp !== undefined) {
          const url = typeof options.otlp === 'string' ? options.otlp : undefined;
          await otlp.exportOtlp(series, { url, repository: repository.name, decisions });
          destinations.push(`OTLP ${url === undefined ? '(OTEL_EXPORTER_OTLP_* endpoint)' : otlp.otlpMetricsUrl(url)}`);
        }
        if (gateway !== undefined && options.pushgateway !== undefined) {
          await gateway.pushToGateway(series, {
            url: options.pushgateway,
            job: options.job!,
            repository: repository.name,
            decisions,
          });
          destinations.push(`Pushgateway ${options.pushgateway} (job ${options.job})`);
        }
        io.stdout(
          `exported ${report.summary.total} violation${report.summary.total === 1 ? '' : 's'} in ${series.length} series of repository ${repository.name} (${repository.source === 'config' ? 'configuration "name"' : repository.source})${baselinePath === undefined ? '' : ` (baseline ${baselinePath})`} to ${destinations.join(' and ')}\n`,
        );
      },
    );
}
