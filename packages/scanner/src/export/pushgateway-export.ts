import { Gauge, Pushgateway, Registry } from 'prom-client';
import { UsageError } from '../usage-error.js';
import type { AuthDecisionSeries } from '../map/identity-map.js';
import {
  ATTRIBUTE_NAMES,
  AUTH_DECISION_ATTRIBUTE_NAMES,
  METRIC_AUTH_DECISIONS,
  METRIC_DESCRIPTIONS,
  METRIC_VIOLATIONS,
  METRIC_VIOLATIONS_NEW,
  prometheusName,
  REPOSITORY_ATTRIBUTE,
} from './metric-names.js';
import type { ViolationSeries } from './violation-series.js';

const LABEL_NAMES = [REPOSITORY_ATTRIBUTE, ...ATTRIBUTE_NAMES] as const;

/** The series, each labelled with the repository, in the Prometheus text exposition format (what is pushed). */
export function prometheusRegistry(
  series: readonly ViolationSeries[],
  repository: string,
  decisions: readonly AuthDecisionSeries[] = [],
): Registry {
  const registry = new Registry();
  const violations = new Gauge({
    name: prometheusName(METRIC_VIOLATIONS),
    help: METRIC_DESCRIPTIONS[METRIC_VIOLATIONS],
    labelNames: LABEL_NAMES,
    registers: [registry],
  });
  for (const entry of series)
    violations.set({ [REPOSITORY_ATTRIBUTE]: repository, ...entry.attributes }, entry.violations);
  if (series.some((entry) => entry.newViolations !== undefined)) {
    const fresh = new Gauge({
      name: prometheusName(METRIC_VIOLATIONS_NEW),
      help: METRIC_DESCRIPTIONS[METRIC_VIOLATIONS_NEW],
      labelNames: LABEL_NAMES,
      registers: [registry],
    });
    for (const entry of series)
      fresh.set({ [REPOSITORY_ATTRIBUTE]: repository, ...entry.attributes }, entry.newViolations ?? 0);
  }
  if (decisions.length > 0) {
    const sites = new Gauge({
      name: prometheusName(METRIC_AUTH_DECISIONS),
      help: METRIC_DESCRIPTIONS[METRIC_AUTH_DECISIONS],
      labelNames: [REPOSITORY_ATTRIBUTE, ...AUTH_DECISION_ATTRIBUTE_NAMES],
      registers: [registry],
    });
    for (const entry of decisions)
      sites.set(
        {
          [REPOSITORY_ATTRIBUTE]: repository,
          module: entry.module,
          owner: entry.owner,
          instrumented: String(entry.instrumented),
        },
        entry.count,
      );
  }
  return registry;
}

/**
 * The Pushgateway grouping key of a repository: `repository@base64` with the name in unpadded
 * base64url, the Pushgateway's encoding for label values that hold `/` (as `host/owner/repo` does).
 */
export function groupingKeyOf(repository: string): Record<string, string> {
  return { [`${REPOSITORY_ATTRIBUTE}@base64`]: Buffer.from(repository, 'utf8').toString('base64url') };
}

/**
 * Pushes the series to a Pushgateway under `job`, grouped by repository, with PUT: it replaces
 * this repository's previous push (a series fixed since disappears instead of lingering at its old
 * value) and leaves the other repositories' pushes to the same job alone.
 */
export async function pushToGateway(
  series: readonly ViolationSeries[],
  options: {
    readonly url: string;
    readonly job: string;
    readonly repository: string;
    readonly decisions?: readonly AuthDecisionSeries[];
  },
): Promise<void> {
  if (!/^https?:\/\//.test(options.url))
    throw new UsageError(`--pushgateway: expected an http(s) URL such as http://localhost:9091, got "${options.url}"`);
  if (options.job.trim() === '') throw new UsageError('--job: expected a non-empty job name');
  const gateway = new Pushgateway(
    options.url,
    { timeout: 10_000 },
    prometheusRegistry(series, options.repository, options.decisions),
  );
  let status: number | undefined;
  let location: string | string[] | undefined;
  try {
    const { resp } = (await gateway.push({ jobName: options.job, groupings: groupingKeyOf(options.repository) })) as {
      resp: { statusCode?: number; headers?: Record<string, string | string[] | undefined> };
    };
    status = resp.statusCode;
    location = resp.headers?.['location'];
  } catch (error) {
    throw new UsageError(`push to the Pushgateway ${options.url} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // prom-client resolves on any status below 400, but a redirect delivered nothing (it is not
  // followed: the series go to the server asked, or the push fails).
  if (status === undefined || status < 200 || status > 299) {
    const redirect =
      location === undefined
        ? ''
        : ` (redirected to ${String(location)}; pass that URL to --pushgateway if it is the gateway)`;
    throw new UsageError(
      `push to the Pushgateway ${options.url} failed: answered with status ${status ?? 'none'}, not 2xx${redirect}; nothing was delivered`,
    );
  }
}
