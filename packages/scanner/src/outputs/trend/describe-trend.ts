import { UNOWNED } from '../../report/finding-counts.js';
import type { BreakdownRow, Projection, Trend, TrendPoint } from '../../trend/trend.js';

/** `+3`, `-2`, `±0`, or `–` when there is nothing to compare with. */
export function signed(change: number | null): string {
  if (change === null) return '–';
  return change > 0 ? `+${change}` : change === 0 ? '±0' : String(change);
}

export function projectionSentence(projection: Projection): string {
  switch (projection.status) {
    case 'reached-zero':
      return `reached zero in ${projection.zeroWeek}`;
    case 'converging':
      return `${projection.ratePerWeek!.toFixed(1)}/week over the last ${projection.windowWeeks} week${projection.windowWeeks === 1 ? '' : 's'}: zero projected in ${projection.zeroWeek} (${projection.weeksToZero} week${projection.weeksToZero === 1 ? '' : 's'} from the latest)`;
    case 'not-converging':
      return `not converging (${signed(projection.ratePerWeek)}/week over the last ${projection.windowWeeks} week${projection.windowWeeks === 1 ? '' : 's'})`;
    case 'insufficient-data':
      return 'not enough weeks to project (record or backfill at least two)';
  }
}

/** Why a point may not be comparable with the one before it (shown beside it). */
export function pointNotes(point: TrendPoint): string[] {
  return [
    ...(point.carriedForward ? ['no commit that week (carried forward)'] : []),
    ...(point.configChanged ? ['configuration changed'] : []),
    ...(point.toolVersionChanged ? ['scanner version changed'] : []),
  ];
}

export const breakdownTitles = {
  byRule: 'rule',
  byLayer: 'layer',
  byModule: 'module',
  byOwner: 'owner',
} as const satisfies Record<keyof Trend['breakdowns'], string>;

export function rowChange(row: BreakdownRow): { fromPrevious: string; fromFirst: string } {
  return {
    fromPrevious: signed(row.previous === null ? null : row.current - row.previous),
    fromFirst: signed(row.current - row.first),
  };
}

/** `3/10 (30 %)`, or `–` for a week without the count (or without decision sites). */
export function coverageCell(point: TrendPoint): string {
  const counts = point.authDecisions;
  if (counts === null || counts.total === 0) return '–';
  return `${counts.instrumented}/${counts.total} (${Math.round((counts.instrumented / counts.total) * 100)} %)`;
}

/** The headline on instrumentation coverage: the latest week's, with its change; undefined when no week has it. */
export function coverageSentence(trend: Trend): string | undefined {
  const counted = trend.points.filter((point) => point.authDecisions !== null);
  const latest = counted.at(-1);
  if (latest === undefined) return undefined;
  const previous = counted.at(-2);
  const change =
    previous === undefined
      ? ''
      : ` (${signed(latest.authDecisions!.instrumented - previous.authDecisions!.instrumented)} instrumented, ${signed(latest.authDecisions!.total - previous.authDecisions!.total)} sites vs ${previous.week})`;
  return `instrumented auth decisions ${coverageCell(latest)} in ${latest.week}${change}`;
}

/** Whether the weekly table gets a coverage column: some week has the count. */
export const hasCoverage = (trend: Trend): boolean => trend.points.some((point) => point.authDecisions !== null);

/**
 * The rows of a breakdown to show: none for the owner breakdown when no week had an owned finding
 * (no `owners` configured), where a table holding only `(unowned)` would say nothing.
 */
export function shownBreakdownRows(trend: Trend, dimension: keyof Trend['breakdowns']): readonly BreakdownRow[] {
  const rows = trend.breakdowns[dimension];
  return dimension === 'byOwner' && rows.every((row) => row.key === UNOWNED) ? [] : rows;
}
