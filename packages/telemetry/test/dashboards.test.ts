import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as semconv from '../src/semconv.js';

/*
 * The dashboard, the alert rules and the README's PromQL name metrics and labels by their
 * Prometheus spelling. A rename in semconv.ts must fail here instead of leaving a silent panel.
 */
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const prom = (name: string) => name.replace(/\./g, '_');

const histograms = [
  semconv.METRIC_AUTHN_VERIFICATION_DURATION,
  semconv.METRIC_AUTHZ_DECISION_DURATION,
  semconv.METRIC_AUTHN_JWKS_FETCH_DURATION,
].map(prom);
const counters = [semconv.METRIC_AUTHN_JWKS_LOOKUPS, semconv.METRIC_RECORDS_DROPPED].map(prom);
const gauges = [semconv.METRIC_AUTHN_JWKS_AGE].map(prom);
const knownSeries = new Set([
  ...histograms.flatMap((h) => [`${h}_bucket`, `${h}_count`, `${h}_sum`]),
  ...counters.map((c) => `${c}_total`),
  ...gauges,
]);
const knownLabels = new Set([
  ...Object.entries(semconv)
    .filter(([key, value]) => key.startsWith('ATTR_') && typeof value === 'string')
    .map(([, value]) => prom(value as string)),
  'job',
  'instance',
  'le',
]);

function promqlOf(source: string): string[] {
  return source === 'dashboard'
    ? (
        JSON.parse(read('../dashboards/auth-decisions.grafana.json')) as { panels: { targets: { expr: string }[] }[] }
      ).panels.flatMap((p) => p.targets.map((t) => t.expr))
    : source === 'alerts'
      ? [...read('../dashboards/alerts.prometheus.yml').matchAll(/expr: (?:\|\n((?:\s{10}.*\n)+)|(.*))/g)].map((m) =>
          (m[1] ?? m[2] ?? '').trim(),
        )
      : [...read('../README.md').matchAll(/```promql\n([\s\S]*?)```/g)].flatMap((m) =>
          m[1]!
            .split('\n\n')
            .map((q) => q.replace(/^#.*$/gm, '').trim())
            .filter(Boolean),
        );
}

describe.each(['dashboard', 'alerts', 'README'])('PromQL in the %s', (source) => {
  const queries = promqlOf(source);
  it('has queries', () => {
    expect(queries.length).toBeGreaterThan(3);
  });
  it.each(queries)('names only exported series and labels: %s', (query) => {
    const series = [...query.matchAll(/\b(auth[nz]?_[a-z_]+)\b/g)]
      .map((m) => m[1]!)
      .filter((name) => !knownLabels.has(name));
    expect(series.length).toBeGreaterThan(0);
    for (const name of series) expect(knownSeries, `unknown series ${name}`).toContain(name);
    const labels = [...query.matchAll(/(?:by \(([^)]*)\))|(?:[{,]\s*([a-z_]+)\s*(?:!=|=~|=))/g)].flatMap((m) =>
      (m[1] ?? m[2] ?? '')
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    );
    for (const label of labels) expect(knownLabels, `unknown label ${label}`).toContain(label);
  });
});
