import { projectRuleCatalogue, ruleCatalogue } from '@authboundary/rules';
import {
  addWeeks,
  computeTrend,
  createReport,
  htmlReport,
  withRecord,
  type Finding,
  type History,
  type HistoryRecord,
} from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { sampleRecord } from './support/sample-record.js';

const historyOf = (...records: HistoryRecord[]): History =>
  records.reduce<History>((history, record) => withRecord(history, record), { version: 1, records: [] });
const finding = (overrides: Partial<Finding>): Finding => ({
  rule: 'no-provider-id-outside-auth',
  messageId: 'identifierName',
  severity: 'error',
  file: 'src/booking/a.ts',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 9,
  message: 'm',
  layer: 'domain',
  module: 'booking',
  fingerprint: '0'.repeat(32),
  scope: '<module>',
  snippet: 'cognitoSub',
  owners: [],
  ...overrides,
});
const page = (history: History, findings: Finding[] = [finding({})], linkBase?: string) =>
  htmlReport({
    trend: computeTrend(history),
    report: createReport('/srv/platform', findings, [], 3),
    generatedAt: new Date('2026-11-22T10:00:00Z'),
    ...(linkBase === undefined ? {} : { linkBase }),
  });

describe('HTML report', () => {
  it('escapes code text from findings, so a message cannot inject markup', () => {
    const html = page(historyOf(sampleRecord('2026-W46', 1)), [
      finding({ message: '`<img src=x onerror=alert(1)>` names a user id', file: 'src/<b>.ts' }),
    ]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('src/&#60;b&#62;.ts:3:5');
  });

  it('links findings to file:// URLs under the root by default, or under --link-base', () => {
    expect(page(historyOf(sampleRecord('2026-W46', 1)))).toContain(
      '<a href="file:///srv/platform/src/booking/a.ts">src/booking/a.ts:3:5</a>',
    );
    expect(
      page(historyOf(sampleRecord('2026-W46', 1)), [finding({})], 'https://git.example.com/p/blob/main/'),
    ).toContain('<a href="https://git.example.com/p/blob/main/src/booking/a.ts#L3">');
  });

  it('marks a configuration change on the chart, draws carried-forward weeks hollow, and draws no projection when not converging', () => {
    const html = page(
      historyOf(
        sampleRecord('2026-W44', 4),
        sampleRecord('2026-W45', 4, { carriedForward: true }),
        sampleRecord('2026-W46', 5, { configHash: 'changed' }),
      ),
    );
    expect(html.match(/class="step-marker"/g)).toHaveLength(1);
    expect(html).toContain('config changed');
    expect(html.match(/class="point point-total carried"/g)).toHaveLength(1);
    expect(html).not.toContain('class="projection"');
    expect(html).toContain('not converging');
  });

  it('lists the findings behind each owner, counting a finding with two owners for both', () => {
    const html = page(historyOf(sampleRecord('2026-W46', 2, { byOwner: { '@org/a': 2, '@org/b': 1 } })), [
      finding({ owners: ['@org/a', '@org/b'] }),
      finding({ owners: ['@org/a'], line: 9 }),
    ]);
    const ownerSection = html.slice(html.indexOf('<h2>By owner</h2>'), html.indexOf('<h2>By rule</h2>'));
    expect(ownerSection).toMatch(/@org\/a<\/th><td class="number">2<\/td>.*?<summary>2 findings<\/summary>/);
    expect(ownerSection).toMatch(/@org\/b<\/th><td class="number">1<\/td>.*?<summary>1 finding<\/summary>/);
  });

  /** Weekly totals from `2026-W40` on, falling by the given amounts; the projection follows the last four weeks. */
  const falling = (totals: readonly number[]) =>
    historyOf(...totals.map((total, position) => sampleRecord(addWeeks('2026-W40', position), total)));
  const lastWeekLabel = (html: string) =>
    [...html.matchAll(/<text class="week-label"[^>]*>([^<]+)<\/text>/g)].at(-1)![1];

  it('draws the projection down to the week it reaches zero, marked there, when that is 30 weeks away (past the old 26-week cap)', () => {
    // 4 weeks of -1/week from 30: zero 30 weeks after the latest week.
    const trend = computeTrend(falling([34, 33, 32, 31, 30]));
    expect(trend.projection).toMatchObject({
      status: 'converging',
      weeksToZero: 30,
      zeroWeek: addWeeks('2026-W44', 30),
    });
    const html = page(falling([34, 33, 32, 31, 30]));
    expect(lastWeekLabel(html)).toBe(trend.projection.zeroWeek);
    const zero = /<g class="zero-week" data-week="([^"]+)"><circle cx="([\d.]+)" cy="([\d.]+)"/.exec(html)!;
    expect(zero[1]).toBe(trend.projection.zeroWeek);
    const projection = /<line class="projection" x1="[\d.]+" y1="[\d.]+" x2="([\d.]+)" y2="([\d.]+)"\/>/.exec(html)!;
    expect([projection[1], projection[2]]).toEqual([zero[2], zero[3]]);
    const zeroTick =
      /<g class="grid"><line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="[\d.]+"\/><text[^>]*>0<\/text>/.exec(html)!;
    expect(projection[2]).toBe(zeroTick[1]); // the line ends on the zero grid line
    expect(html).toContain(`zero in ${trend.projection.zeroWeek}</text>`);
    expect(html).not.toContain('class="zero-off-chart"');
  });

  it('marks a zero week beyond the chart at its right edge, with the week, when it is more than two years away', () => {
    const trend = computeTrend(falling([304, 303, 302, 301, 300]));
    expect(trend.projection.weeksToZero).toBe(300);
    const html = page(falling([304, 303, 302, 301, 300]));
    expect(lastWeekLabel(html)).toBe(addWeeks('2026-W44', 104));
    expect(html).toContain(`<g class="zero-off-chart" data-week="${trend.projection.zeroWeek}">`);
    expect(html).toContain(`zero in ${trend.projection.zeroWeek}, 196 weeks beyond the chart →`);
    expect(html).toContain(`projection at the average rate (zero in ${trend.projection.zeroWeek}, beyond the chart)`);
    expect(html).not.toContain('class="zero-week"');
  });

  it('gives every rule its own line style (colour and dash), the same in the legend, for every shipped rule', () => {
    const rules = [...ruleCatalogue, ...projectRuleCatalogue].map((rule) => rule.id);
    expect(rules.length).toBeGreaterThan(8); // more rules than colours: the dashes are needed
    const byRule = Object.fromEntries(rules.map((rule, position) => [rule, position + 1]));
    const total = Object.values(byRule).reduce((sum, count) => sum + count, 0);
    const html = page(
      historyOf(
        sampleRecord('2026-W45', total + 5, { byRule: { ...byRule, [rules[0]!]: byRule[rules[0]!]! + 5 } }),
        sampleRecord('2026-W46', total, { byRule }),
      ),
    );
    const lines = [
      ...html.matchAll(
        /<polyline class="series-rule" data-rule="([^"]+)" points="[^"]*" stroke="([^"]+)"(?: stroke-dasharray="([^"]+)")?\/>/g,
      ),
    ].map(([, rule, color, dash]) => ({ rule, style: `${color} ${dash ?? 'solid'}` }));
    expect(lines.map((line) => line.rule).sort()).toEqual([...rules].sort());
    expect(new Set(lines.map((line) => line.style)).size).toBe(rules.length);
    for (const { rule, style } of lines) {
      const swatch = new RegExp(
        `<li data-rule="${rule}"><svg class="swatch-line"[^>]*><line [^>]*stroke="([^"]+)" stroke-width="[\\d.]+"(?: stroke-dasharray="([^"]+)")?\\/></svg>${rule}</li>`,
      ).exec(html)!;
      expect(`${swatch[1]} ${swatch[2] ?? 'solid'}`, rule).toBe(style);
    }
  });
});
