import { z } from 'zod';
import type { History, HistoryRecord } from '../history/history-file.js';
import { addWeeks, isIsoWeek } from '../history/iso-week.js';
import { publishedSchemaUrl } from '../schema-url.js';

/** Version of the trend JSON contract (`authboundary trend --format json`). */
export const TREND_VERSION = 1;
export const TREND_SCHEMA_URL = publishedSchemaUrl('trend.schema.json');
/** Weeks over which the average rate of change is taken for the projection. */
export const DEFAULT_RATE_WINDOW = 4;

const count = z.number().int().nonnegative();
const week = z
  .string()
  .regex(/^\d{4}-W\d{2}$/)
  .refine(isIsoWeek, { error: 'expected an ISO week such as 2026-W07' });

const trendPointSchema = z
  .strictObject({
    week: week.describe('ISO week.'),
    total: count.describe('Findings that week.'),
    commit: z.string().nullable().describe('Commit scanned.'),
    source: z.enum(['record', 'backfill']).describe('How the record was made.'),
    carriedForward: z.boolean().describe("No commit that week: the previous commit's counts, carried forward."),
    configChanged: z
      .boolean()
      .describe(
        'The configuration differs from the previous point: a step here can come from the rules, not the code.',
      ),
    toolVersionChanged: z
      .boolean()
      .describe('The scanner version differs from the previous point: a step here can come from the tool.'),
    byRule: z.record(z.string(), count).describe('Findings per rule that week.'),
    authDecisions: z
      .strictObject({
        total: count.describe('Decision sites.'),
        instrumented: count.describe('Instrumented decision sites.'),
      })
      .nullable()
      .describe(
        'Instrumentation coverage of the auth decisions that week; null for records made before it was counted.',
      ),
  })
  .describe('One week of the series.');
export type TrendPoint = z.infer<typeof trendPointSchema>;

const breakdownRowSchema = z
  .strictObject({
    key: z.string().describe('Rule id, layer, module or owner.'),
    current: count.describe('Count in the latest week.'),
    previous: count.nullable().describe('Count the week before the latest; null with a single week.'),
    first: count.describe('Count in the first week of the series.'),
  })
  .describe('One row of a breakdown.');
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;

const projectionSchema = z
  .strictObject({
    status: z
      .enum(['reached-zero', 'converging', 'not-converging', 'insufficient-data'])
      .describe(
        '`reached-zero`: the latest total is 0; `converging`: falling, `zeroWeek` is when it reaches 0 at the average rate; `not-converging`: flat or rising; `insufficient-data`: fewer than two weeks.',
      ),
    windowWeeks: count.describe('Number of week-to-week changes averaged (at most the requested window).'),
    ratePerWeek: z.number().nullable().describe('Average change per week over the window (negative = falling).'),
    weeksToZero: count.nullable().describe('Weeks from the latest week until 0 at that rate, when converging.'),
    zeroWeek: week
      .nullable()
      .describe('Projected ISO week of reaching 0, when converging (or the latest week when already 0).'),
  })
  .describe('The stop condition.');
export type Projection = z.infer<typeof projectionSchema>;

export const trendSchema = z
  .strictObject({
    $schema: z.string().optional().describe('URL of this schema.'),
    version: z.literal(TREND_VERSION).describe('Trend contract version.'),
    points: z.array(trendPointSchema).describe('The weekly series, oldest first.'),
    latest: z.strictObject({ week, total: count }).nullable().describe('The last point; null for an empty history.'),
    changeFromPrevious: z
      .number()
      .int()
      .nullable()
      .describe("Latest total minus the previous week's; null with fewer than two weeks."),
    changeFromFirst: z
      .number()
      .int()
      .nullable()
      .describe("Latest total minus the first week's; null for an empty history."),
    sparkline: z.string().describe('The totals as block characters, oldest first.'),
    breakdowns: z
      .strictObject({
        byRule: z.array(breakdownRowSchema),
        byLayer: z.array(breakdownRowSchema),
        byModule: z.array(breakdownRowSchema),
        byOwner: z.array(breakdownRowSchema),
      })
      .describe('Latest, previous and first counts per rule, layer, module and owner, largest first.'),
    projection: projectionSchema,
  })
  .describe('The result of `authboundary trend --format json`.');
export type Trend = z.infer<typeof trendSchema>;

/** The published JSON Schema of the trend output (`trend.schema.json`). */
export function trendJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(trendSchema, { io: 'output' }), $id: TREND_SCHEMA_URL, title: 'authboundary trend' };
}

const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const low = Math.min(...values);
  const span = Math.max(...values) - low;
  return values
    .map(
      (value) =>
        BLOCKS[
          span === 0 ? (value === 0 ? 0 : BLOCKS.length - 1) : Math.round(((value - low) / span) * (BLOCKS.length - 1))
        ],
    )
    .join('');
}

type Dimension = 'byRule' | 'byLayer' | 'byModule' | 'byOwner';

function breakdown(records: readonly HistoryRecord[], dimension: Dimension): BreakdownRow[] {
  const first = records[0];
  const latest = records.at(-1);
  if (first === undefined || latest === undefined) return [];
  const previous = records.length > 1 ? records.at(-2) : undefined;
  const keys = new Set([
    ...Object.keys(first[dimension]),
    ...Object.keys(latest[dimension]),
    ...Object.keys(previous?.[dimension] ?? {}),
  ]);
  return [...keys]
    .map((key) => ({
      key,
      current: latest[dimension][key] ?? 0,
      previous: previous === undefined ? null : (previous[dimension][key] ?? 0),
      first: first[dimension][key] ?? 0,
    }))
    .sort((a, b) => b.current - a.current || b.first - a.first || (a.key < b.key ? -1 : 1));
}

export function projectionOf(totals: readonly number[], latestWeek: string | undefined, window: number): Projection {
  const latest = totals.at(-1);
  if (latest === undefined || latestWeek === undefined)
    return { status: 'insufficient-data', windowWeeks: 0, ratePerWeek: null, weeksToZero: null, zeroWeek: null };
  if (latest === 0)
    return { status: 'reached-zero', windowWeeks: 0, ratePerWeek: null, weeksToZero: 0, zeroWeek: latestWeek };
  const changes = Math.min(window, totals.length - 1);
  if (changes < 1)
    return { status: 'insufficient-data', windowWeeks: 0, ratePerWeek: null, weeksToZero: null, zeroWeek: null };
  const rate = (latest - totals[totals.length - 1 - changes]!) / changes;
  if (rate >= 0)
    return { status: 'not-converging', windowWeeks: changes, ratePerWeek: rate, weeksToZero: null, zeroWeek: null };
  const weeksToZero = Math.ceil(latest / -rate);
  return {
    status: 'converging',
    windowWeeks: changes,
    ratePerWeek: rate,
    weeksToZero,
    zeroWeek: addWeeks(latestWeek, weeksToZero),
  };
}

/** The weekly series of a history, its changes, breakdowns and the projected week of reaching zero. */
export function computeTrend(history: History, options: { readonly window?: number } = {}): Trend {
  const records = history.records;
  const points = records.map((record, index): TrendPoint => {
    const previous = records[index - 1];
    return {
      week: record.week,
      total: record.total,
      commit: record.commit,
      source: record.source,
      carriedForward: record.carriedForward,
      configChanged: previous !== undefined && previous.configHash !== record.configHash,
      toolVersionChanged: previous !== undefined && previous.toolVersion !== record.toolVersion,
      byRule: record.byRule,
      authDecisions: record.authDecisions ?? null,
    };
  });
  const totals = records.map((record) => record.total);
  const latest = records.at(-1);
  return {
    $schema: TREND_SCHEMA_URL,
    version: TREND_VERSION,
    points,
    latest: latest === undefined ? null : { week: latest.week, total: latest.total },
    changeFromPrevious: totals.length > 1 ? totals.at(-1)! - totals.at(-2)! : null,
    changeFromFirst: totals.length > 0 ? totals.at(-1)! - totals[0]! : null,
    sparkline: sparkline(totals),
    breakdowns: {
      byRule: breakdown(records, 'byRule'),
      byLayer: breakdown(records, 'byLayer'),
      byModule: breakdown(records, 'byModule'),
      byOwner: breakdown(records, 'byOwner'),
    },
    projection: projectionOf(totals, latest?.week, options.window ?? DEFAULT_RATE_WINDOW),
  };
}
