import { AggregationTemporality, DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { Attributes } from '@opentelemetry/api';
import { createAuthTelemetry, type AuthTelemetry, type AuthTelemetryOptions } from '../src/index.js';

/** A metric reader the test pulls from, with cumulative temporality. */
export class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface HistogramPoint {
  attributes: Attributes;
  count: number;
  sum: number;
  boundaries: number[];
}

export interface SumPoint {
  attributes: Attributes;
  value: number;
}

export interface Harness {
  telemetry: AuthTelemetry;
  spanExporter: InMemorySpanExporter;
  logExporter: InMemoryLogRecordExporter;
  reader: TestMetricReader;
  spans(): ReadableSpan[];
  logs(): ReadableLogRecord[];
  histogram(name: string): Promise<HistogramPoint[]>;
  sum(name: string): Promise<SumPoint[]>;
  gauge(name: string): Promise<SumPoint[]>;
  /** Every exported span, metric point and log record, serialized, for leak checks. */
  exportedText(): Promise<string>;
  shutdown(): Promise<void>;
}

export interface HarnessOptions {
  telemetry?: Omit<AuthTelemetryOptions, 'tracerProvider' | 'meterProvider' | 'loggerProvider'>;
  /** Traces sampled away: the audit events must still be there. */
  sampleNoSpans?: boolean;
}

export function createHarness(options: HarnessOptions = {}): Harness {
  const spanExporter = new InMemorySpanExporter();
  const logExporter = new InMemoryLogRecordExporter();
  const reader = new TestMetricReader();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
    ...(options.sampleNoSpans === true ? { sampler: new AlwaysOffSampler() } : {}),
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
  const telemetry = createAuthTelemetry({
    hashKey: 'test-deployment-key-0123456789',
    ...options.telemetry,
    tracerProvider,
    meterProvider,
    loggerProvider,
  });

  async function metricsOf(name: string) {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new Error('metric collection failed', { cause: errors });
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name);
  }

  return {
    telemetry,
    spanExporter,
    logExporter,
    reader,
    spans: () => spanExporter.getFinishedSpans(),
    logs: () => logExporter.getFinishedLogRecords(),
    async histogram(name) {
      return (await metricsOf(name)).flatMap((m) => {
        if (m.dataPointType !== DataPointType.HISTOGRAM) throw new Error(`${name} is not a histogram`);
        return m.dataPoints.map((p) => {
          const value = p.value;
          return {
            attributes: p.attributes,
            count: value.count,
            sum: value.sum ?? 0,
            boundaries: value.buckets.boundaries,
          };
        });
      });
    },
    async sum(name) {
      return (await metricsOf(name)).flatMap((m) => {
        if (m.dataPointType !== DataPointType.SUM) throw new Error(`${name} is not a sum`);
        return m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value }));
      });
    },
    async gauge(name) {
      return (await metricsOf(name)).flatMap((m) => {
        if (m.dataPointType !== DataPointType.GAUGE) throw new Error(`${name} is not a gauge`);
        return m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value }));
      });
    },
    async exportedText() {
      const { resourceMetrics } = await reader.collect();
      const metrics = resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .map((m) => ({ name: m.descriptor.name, points: m.dataPoints.map((p) => p.attributes) }));
      const spans = spanExporter
        .getFinishedSpans()
        .map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events, links: s.links }));
      const logs = logExporter
        .getFinishedLogRecords()
        .map((l) => ({ eventName: l.eventName, body: l.body, attributes: l.attributes, severityText: l.severityText }));
      return JSON.stringify({ metrics, spans, logs });
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown(), loggerProvider.shutdown()]);
    },
  };
}

/** Attributes of the single point matching `where`, or a readable failure. */
export function pointWith<T extends { attributes: Attributes }>(points: T[], where: Attributes): T {
  const found = points.filter((p) => Object.entries(where).every(([k, v]) => p.attributes[k] === v));
  if (found.length !== 1)
    throw new Error(
      `expected one point with ${JSON.stringify(where)}, got ${found.length}: ${JSON.stringify(points.map((p) => p.attributes))}`,
    );
  return found[0]!;
}
