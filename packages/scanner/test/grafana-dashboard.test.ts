import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTRIBUTE_NAMES, METRIC_VIOLATIONS, METRIC_VIOLATIONS_NEW } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';

interface Panel {
  readonly title: string;
  readonly description?: string;
  readonly targets: readonly { readonly expr: string }[];
}
const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const dashboard = JSON.parse(readFileSync(join(repositoryRoot, 'docs', 'grafana', 'authboundary-violations.json'), 'utf8')) as { panels: Panel[] };
const documentation = readFileSync(join(repositoryRoot, 'docs', 'weekly-number.md'), 'utf8');
const exported = new Set([METRIC_VIOLATIONS, METRIC_VIOLATIONS_NEW].map((name) => name.replaceAll('.', '_')));

describe('Grafana dashboard (docs/grafana/authboundary-violations.json)', () => {
  it('has the weekly total, per-rule and per-owner panels', () => {
    expect(dashboard.panels.map((panel) => panel.title)).toEqual(expect.arrayContaining(['Weekly total', 'By rule', 'By owner']));
  });

  it.each(dashboard.panels.map((panel) => [panel.title, panel] as const))('panel "%s" queries only exported metrics and labels, and is explained in docs/weekly-number.md', (title, panel) => {
    for (const { expr } of panel.targets) {
      for (const metric of expr.match(/authboundary_\w+/g) ?? []) expect(exported, expr).toContain(metric);
      for (const [, labels] of expr.matchAll(/by \(([^)]*)\)/g)) for (const label of labels!.split(',')) expect(ATTRIBUTE_NAMES, expr).toContain(label.trim());
    }
    expect(panel.description?.length).toBeGreaterThan(20);
    expect(documentation).toContain(`**${title}**`);
  });
});
