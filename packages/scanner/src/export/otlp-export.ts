import { ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { TOOL_VERSION as toolVersion } from '../version.js';
import { UsageError } from '../usage-error.js';
import type { AuthDecisionSeries } from '../map/identity-map.js';
import {
  METRIC_AUTH_DECISIONS,
  METRIC_DESCRIPTIONS,
  METRIC_VIOLATIONS,
  METRIC_VIOLATIONS_NEW,
  REPOSITORY_ATTRIBUTE,
} from './metric-names.js';
import type { ViolationSeries } from './violation-series.js';

/** A reader that collects only when asked: the CLI exports once and exits. */
class CollectOnceReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {
    // Nothing is buffered: the exporter pulls once and ships at once.
  }
  protected override async onShutdown(): Promise<void> {
    // Nothing to release.
  }
}

/**
 * The OTLP/HTTP metrics URL: a URL with a path is used as given; a bare origin gets the standard
 * `/v1/metrics`. Without a URL the exporter reads `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` /
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (and, always, the other `OTEL_EXPORTER_OTLP_*` variables).
 */
export function otlpMetricsUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--otlp: expected an http(s) URL such as http://localhost:4318, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`--otlp: expected an http(s) URL, got "${url}"`);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/v1/metrics';
  return parsed.href;
}

/**
 * Sends the series once as OpenTelemetry gauges through the metrics SDK and the OTLP/HTTP
 * exporter, each data point with the `repository` attribute. Rejects when the receiver does not
 * accept them.
 */
export async function exportOtlp(
  series: readonly ViolationSeries[],
  options: {
    readonly url?: string | undefined;
    readonly repository: string;
    readonly decisions?: readonly AuthDecisionSeries[];
  },
): Promise<void> {
  const exporter = new OTLPMetricExporter(options.url === undefined ? {} : { url: otlpMetricsUrl(options.url) });
  const reader = new CollectOnceReader({
    aggregationTemporalitySelector: (instrumentType) => exporter.selectAggregationTemporality(instrumentType),
  });
  const resource = resourceFromAttributes({ 'service.name': 'authboundary', 'service.version': toolVersion }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const provider = new MeterProvider({ resource, readers: [reader] });
  try {
    const meter = provider.getMeter('@authboundary/scanner', toolVersion);
    meter
      .createObservableGauge(METRIC_VIOLATIONS, {
        description: METRIC_DESCRIPTIONS[METRIC_VIOLATIONS],
        unit: '{violation}',
      })
      .addCallback((result) => {
        for (const entry of series)
          result.observe(entry.violations, { [REPOSITORY_ATTRIBUTE]: options.repository, ...entry.attributes });
      });
    if (series.some((entry) => entry.newViolations !== undefined)) {
      meter
        .createObservableGauge(METRIC_VIOLATIONS_NEW, {
          description: METRIC_DESCRIPTIONS[METRIC_VIOLATIONS_NEW],
          unit: '{violation}',
        })
        .addCallback((result) => {
          for (const entry of series)
            result.observe(entry.newViolations ?? 0, {
              [REPOSITORY_ATTRIBUTE]: options.repository,
              ...entry.attributes,
            });
        });
    }
    const decisions = options.decisions ?? [];
    if (decisions.length > 0) {
      meter
        .createObservableGauge(METRIC_AUTH_DECISIONS, {
          description: METRIC_DESCRIPTIONS[METRIC_AUTH_DECISIONS],
          unit: '{site}',
        })
        .addCallback((result) => {
          for (const entry of decisions)
            result.observe(entry.count, {
              [REPOSITORY_ATTRIBUTE]: options.repository,
              module: entry.module,
              owner: entry.owner,
              instrumented: String(entry.instrumented),
            });
        });
    }
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new Error('collecting the violation gauges failed', { cause: errors[0] });
    const result = await new Promise<{ code: ExportResultCode; error?: Error }>((resolve) =>
      exporter.export(resourceMetrics, resolve),
    );
    if (result.code !== ExportResultCode.SUCCESS) {
      throw new UsageError(
        `OTLP export to ${options.url === undefined ? 'the OTEL_EXPORTER_OTLP_* endpoint' : otlpMetricsUrl(options.url)} failed: ${result.error?.message ?? 'the receiver did not accept the metrics'}`,
        { cause: result.error },
      );
    }
  } finally {
    await provider.shutdown();
  }
}
