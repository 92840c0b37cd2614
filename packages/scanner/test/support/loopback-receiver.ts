import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An HTTP server on a free loopback port that records every request and answers with `status` (and `headers`). */
export async function startLoopbackReceiver(
  status = 200,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ url: string; requests: ReceivedRequest[]; close: () => Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string };
}
interface OtlpDataPoint {
  readonly attributes: readonly OtlpAttribute[];
  readonly asDouble?: number;
  readonly asInt?: number | string;
}
interface OtlpMetricsRequest {
  readonly resourceMetrics: readonly {
    readonly resource: { readonly attributes: readonly OtlpAttribute[] };
    readonly scopeMetrics: readonly {
      readonly metrics: readonly {
        readonly name: string;
        readonly gauge?: { readonly dataPoints: readonly OtlpDataPoint[] };
      }[];
    }[];
  }[];
}

/** Decodes an OTLP/HTTP JSON metrics request into `metric name → [{ attributes, value }]`. */
export function decodeOtlpGauges(body: string): {
  resource: Record<string, string | undefined>;
  gauges: Record<string, { attributes: Record<string, string | undefined>; value: number }[]>;
} {
  const request = JSON.parse(body) as OtlpMetricsRequest;
  const gauges: Record<string, { attributes: Record<string, string | undefined>; value: number }[]> = {};
  const attributesOf = (attributes: readonly OtlpAttribute[]) =>
    Object.fromEntries(attributes.map((attribute) => [attribute.key, attribute.value.stringValue]));
  for (const resourceMetrics of request.resourceMetrics) {
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        gauges[metric.name] = (metric.gauge?.dataPoints ?? []).map((point) => ({
          attributes: attributesOf(point.attributes),
          value: Number(point.asDouble ?? point.asInt),
        }));
      }
    }
  }
  return { resource: attributesOf(request.resourceMetrics[0]?.resource.attributes ?? []), gauges };
}
