import { computeTrend, createReport, htmlReport, withRecord, type Finding, type History, type HistoryRecord } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { sampleRecord } from './support/sample-record.js';

const historyOf = (...records: HistoryRecord[]): History => records.reduce<History>((history, record) => withRecord(history, record), { version: 1, records: [] });
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
  htmlReport({ trend: computeTrend(history), report: createReport('/srv/platform', findings, [], 3), generatedAt: new Date('2026-11-22T10:00:00Z'), ...(linkBase === undefined ? {} : { linkBase }) });

describe('HTML report', () => {
  it('escapes code text from findings, so a message cannot inject markup', () => {
    const html = page(historyOf(sampleRecord('2026-W46', 1)), [finding({ message: '`<img src=x onerror=alert(1)>` names a user id', file: 'src/<b>.ts' })]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('src/&#60;b&#62;.ts:3:5');
  });

  it('links findings to file:// URLs under the root by default, or under --link-base', () => {
    expect(page(historyOf(sampleRecord('2026-W46', 1)))).toContain('<a href="file:///srv/platform/src/booking/a.ts">src/booking/a.ts:3:5</a>');
    expect(page(historyOf(sampleRecord('2026-W46', 1)), [finding({})], 'https://git.example.com/p/blob/main/')).toContain('<a href="https://git.example.com/p/blob/main/src/booking/a.ts#L3">');
  });

  it('marks a configuration change on the chart, draws carried-forward weeks hollow, and draws no projection when not converging', () => {
    const html = page(historyOf(sampleRecord('2026-W44', 4), sampleRecord('2026-W45', 4, { carriedForward: true }), sampleRecord('2026-W46', 5, { configHash: 'changed' })));
    expect(html.match(/class="step-marker"/g)).toHaveLength(1);
    expect(html).toContain('config changed');
    expect(html.match(/class="point point-total carried"/g)).toHaveLength(1);
    expect(html).not.toContain('class="projection"');
    expect(html).toContain('not converging');
  });

  it('lists the findings behind each owner, counting a finding with two owners for both', () => {
    const html = page(historyOf(sampleRecord('2026-W46', 2, { byOwner: { '@org/a': 2, '@org/b': 1 } })), [finding({ owners: ['@org/a', '@org/b'] }), finding({ owners: ['@org/a'], line: 9 })]);
    const ownerSection = html.slice(html.indexOf('<h2>By owner</h2>'), html.indexOf('<h2>By rule</h2>'));
    expect(ownerSection).toMatch(/@org\/a<\/th><td class="number">2<\/td>.*?<summary>2 findings<\/summary>/);
    expect(ownerSection).toMatch(/@org\/b<\/th><td class="number">1<\/td>.*?<summary>1 finding<\/summary>/);
  });
});
