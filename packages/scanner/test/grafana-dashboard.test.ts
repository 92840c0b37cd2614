import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTRIBUTE_NAMES, METRIC_VIOLATIONS, METRIC_VIOLATIONS_NEW, REPOSITORY_ATTRIBUTE } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly description?: string;
  readonly targets: readonly { readonly expr: string }[];
}
const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const dashboard = JSON.parse(
  readFileSync(join(repositoryRoot, 'docs', 'grafana', 'authboundary-violations.json'), 'utf8'),
) as { panels: Panel[]; templating: { list: { name: string }[] } };
/** Rows only group panels; every other panel queries. */
const queryPanels = dashboard.panels.filter((panel) => panel.type !== 'row');
const labels: readonly string[] = [REPOSITORY_ATTRIBUTE, ...ATTRIBUTE_NAMES];
const documentation = readFileSync(join(repositoryRoot, 'docs', 'weekly-number.md'), 'utf8');
const exported = new Set([METRIC_VIOLATIONS, METRIC_VIOLATIONS_NEW].map((name) => name.replaceAll('.', '_')));

describe('Grafana dashboard (docs/grafana/authboundary-violations.json)', () => {
  it('has the weekly total, per-rule and per-owner panels', () => {
    expect(dashboard.panels.map((panel) => panel.title)).toEqual(
      expect.arrayContaining(['Weekly total', 'By rule', 'By owner']),
    );
  });

  it('has the organisation view of many repositories: sum by repository, top owners, slowest to converge', () => {
    expect(dashboard.templating.list.map((variable) => variable.name)).toContain('repository');
    const expressions = Object.fromEntries(
      queryPanels.map((panel) => [panel.title, panel.targets.map((target) => target.expr).join('\n')]),
    );
    expect(expressions['By repository']).toMatch(/^sum by \(repository\) \(authboundary_violations\{/);
    expect(expressions['Top owners across repositories']).toMatch(/^topk\(10, sum by \(owner\) /);
    expect(expressions['Slowest to converge']).toMatch(/offset 28d/);
    expect(expressions['Not converging']).toMatch(/offset 28d/);
  });

  it.each(queryPanels.map((panel) => [panel.title, panel] as const))(
    'panel "%s" queries only exported metrics and labels, follows the repository variable, and is explained in docs/weekly-number.md',
    (title, panel) => {
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        for (const metric of expr.match(/authboundary_\w+/g) ?? []) expect(exported, expr).toContain(metric);
        for (const [, grouping] of expr.matchAll(/(?:by|on) \(([^)]*)\)/g))
          for (const label of grouping!.split(',')) expect(labels, expr).toContain(label.trim());
        for (const selector of expr.match(/authboundary_\w+\{[^}]*\}/g) ?? [])
          expect(selector, expr).toContain('repository=~"$repository"');
      }
      expect(panel.description?.length).toBeGreaterThan(20);
      expect(documentation).toContain(`**${title}**`);
    },
  );
});
