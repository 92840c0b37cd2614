import { Gauge, Pushgateway, Registry } from 'prom-client';
import { UsageError } from '../usage-error.js';
import { ATTRIBUTE_NAMES, METRIC_DESCRIPTIONS, METRIC_VIOLATIONS, METRIC_VIOLATIONS_NEW, prometheusName } from './metric-names.js';
import type { ViolationSeries } from './violation-series.js';

/** The series in the Prometheus text exposition format (what is pushed). */
export function prometheusRegistry(series: readonly ViolationSeries[]): Registry {
  const registry = new Registry();
  const violations = new Gauge({ name: prometheusName(METRIC_VIOLATIONS), help: METRIC_DESCRIPTIONS[METRIC_VIOLATIONS], labelNames: ATTRIBUTE_NAMES, registers: [registry] });
  for (const entry of series) violations.set(entry.attributes, entry.violations);
  if (series.some((entry) => entry.newViolations !== undefined)) {
    const fresh = new Gauge({ name: prometheusName(METRIC_VIOLATIONS_NEW), help: METRIC_DESCRIPTIONS[METRIC_VIOLATIONS_NEW], labelNames: ATTRIBUTE_NAMES, registers: [registry] });
    for (const entry of series) fresh.set(entry.attributes, entry.newViolations ?? 0);
  }
  return registry;
}

/**
 * Pushes the series to a Pushgateway under `job` with PUT, replacing the job's previous push, so a
 * series that was fixed since disappears instead of lingering at its old value.
 */
export async function pushToGateway(series: readonly ViolationSeries[], options: { readonly url: string; readonly job: string }): Promise<void> {
  if (!/^https?:\/\//.test(options.url)) throw new UsageError(`--pushgateway: expected an http(s) URL such as http://localhost:9091, got "${options.url}"`);
  if (options.job.trim() === '') throw new UsageError('--job: expected a non-empty job name');
  const gateway = new Pushgateway(options.url, { timeout: 10_000 }, prometheusRegistry(series));
  let status: number | undefined;
  let location: string | string[] | undefined;
  try {
    const { resp } = (await gateway.push({ jobName: options.job })) as { resp: { statusCode?: number; headers?: Record<string, string | string[] | undefined> } };
    status = resp.statusCode;
    location = resp.headers?.['location'];
  } catch (error) {
    throw new UsageError(`push to the Pushgateway ${options.url} failed: ${(error as Error).message}`, { cause: error });
  }
  // prom-client resolves on any status below 400, but a redirect delivered nothing (it is not
  // followed: the series go to the server asked, or the push fails).
  if (status === undefined || status < 200 || status > 299) {
    const redirect = location === undefined ? '' : ` (redirected to ${String(location)}; pass that URL to --pushgateway if it is the gateway)`;
    throw new UsageError(`push to the Pushgateway ${options.url} failed: answered with status ${status ?? 'none'}, not 2xx${redirect}; nothing was delivered`);
  }
}
