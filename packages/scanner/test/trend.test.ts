import {
  computeTrend,
  createReport,
  htmlReport,
  withRecord,
  type History,
  type HistoryRecord,
} from '@authboundary/scanner';
import { trendMarkdown } from '../src/outputs/trend/markdown.js';
import { trendText } from '../src/outputs/trend/text.js';
import { describe, expect, it } from 'vitest';
import { sampleRecord } from './support/sample-record.js';

const historyOf = (...records: HistoryRecord[]): History =>
  records.reduce<History>((history, record) => withRecord(history, record), { version: 1, records: [] });
const series = (...totals: number[]) =>
  historyOf(...totals.map((total, index) => sampleRecord(`2026-W${String(40 + index).padStart(2, '0')}`, total)));

describe('trend', () => {
  it.each([
    ['no weeks', [], { status: 'insufficient-data', zeroWeek: null }],
    ['a single week', [10], { status: 'insufficient-data', zeroWeek: null }],
    ['falling 2 a week', [10, 8, 6], { status: 'converging', ratePerWeek: -2, weeksToZero: 3, zeroWeek: '2026-W45' }],
    [
      'falling, averaged over the last 4 changes only',
      [50, 20, 18, 16, 14, 12],
      { status: 'converging', windowWeeks: 4, ratePerWeek: -2, weeksToZero: 6, zeroWeek: '2026-W51' },
    ],
    [
      'a rate that does not divide the total: rounded up',
      [10, 7],
      { status: 'converging', ratePerWeek: -3, weeksToZero: 3, zeroWeek: '2026-W44' },
    ],
    ['flat', [5, 5, 5], { status: 'not-converging', ratePerWeek: 0, zeroWeek: null }],
    ['rising', [5, 6, 8], { status: 'not-converging', ratePerWeek: 1.5, zeroWeek: null }],
    ['already at zero', [3, 0], { status: 'reached-zero', zeroWeek: '2026-W41' }],
  ])('projection with %s', (_case, totals, expected) => {
    expect(computeTrend(series(...totals)).projection).toMatchObject(expected);
  });

  it('reports the change against last week and the first week, and a sparkline', () => {
    const trend = computeTrend(series(20, 18, 19, 10));
    expect(trend).toMatchObject({
      latest: { week: '2026-W43', total: 10 },
      changeFromPrevious: -9,
      changeFromFirst: -10,
      sparkline: '█▇▇▁',
    });
  });

  it('carries instrumentation coverage per week, and says how it moved in text, Markdown and HTML', () => {
    const trend = computeTrend(
      historyOf(
        sampleRecord('2026-W40', 9),
        sampleRecord('2026-W41', 8, { authDecisions: { total: 10, instrumented: 4 } }),
        sampleRecord('2026-W42', 7, { authDecisions: { total: 12, instrumented: 9 } }),
      ),
    );
    expect(trend.points.map((point) => point.authDecisions)).toEqual([
      null,
      { total: 10, instrumented: 4 },
      { total: 12, instrumented: 9 },
    ]);
    const sentence = 'instrumented auth decisions 9/12 (75 %) in 2026-W42 (+5 instrumented, +2 sites vs 2026-W41)';
    const text = trendText(trend);
    expect(text).toContain(`Coverage: ${sentence}`);
    expect(text).toMatch(/2026-W40 +9 +– +a{10}/);
    expect(text).toMatch(/2026-W41 +8 +-1 +4\/10 \(40 %\)/);
    expect(trendMarkdown(trend)).toContain(`**Coverage:** ${sentence}`);
    expect(
      htmlReport({
        trend,
        report: createReport('/srv/platform', [], [], 1),
        generatedAt: new Date('2026-11-22T10:00:00Z'),
      }),
    ).toContain(`<div class="value small" id="coverage">${sentence}</div>`);
    // A history without the count reads as before.
    expect(trendText(computeTrend(series(3, 2)))).not.toContain('Coverage');
  });

  it('marks points whose configuration or scanner version differs from the previous point', () => {
    const trend = computeTrend(
      historyOf(
        sampleRecord('2026-W40', 9),
        sampleRecord('2026-W41', 9, { configHash: 'other' }),
        sampleRecord('2026-W42', 9, { configHash: 'other' }),
        sampleRecord('2026-W43', 9, { configHash: 'other', toolVersion: '0.2.0' }),
      ),
    );
    expect(trend.points.map((point) => [point.configChanged, point.toolVersionChanged])).toEqual([
      [false, false],
      [true, false],
      [false, false],
      [false, true],
    ]);
  });

  it('breaks the latest week down by owner against the previous and first week, including owners that reached zero', () => {
    const trend = computeTrend(
      historyOf(
        sampleRecord('2026-W40', 5, { byOwner: { '@org/payments': 3, '@org/booking': 2 } }),
        sampleRecord('2026-W41', 4, { byOwner: { '@org/payments': 3, '@org/booking': 1 } }),
        sampleRecord('2026-W42', 3, { byOwner: { '@org/payments': 1, '(unowned)': 2 } }),
      ),
    );
    expect(trend.breakdowns.byOwner).toEqual([
      { key: '(unowned)', current: 2, previous: 0, first: 0 },
      { key: '@org/payments', current: 1, previous: 3, first: 3 },
      { key: '@org/booking', current: 0, previous: 1, first: 2 },
    ]);
  });
});
