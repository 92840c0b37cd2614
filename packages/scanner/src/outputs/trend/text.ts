import type { Trend } from '../../trend/trend.js';
import {
  breakdownTitles,
  coverageCell,
  coverageSentence,
  hasCoverage,
  pointNotes,
  projectionSentence,
  rowChange,
  shownBreakdownRows,
  signed,
} from './describe-trend.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The trend for a terminal: headline, sparkline, weekly series, breakdowns, projection. */
export function trendText(trend: Trend): string {
  if (trend.latest === null)
    return 'No history yet: run `authboundary history record` (this week) or `authboundary history backfill` (past weeks from git).\n';
  const lines = [
    `Violations: ${trend.latest.total} in ${trend.latest.week} (${signed(trend.changeFromPrevious)} vs last week, ${signed(trend.changeFromFirst)} vs ${trend.points[0]!.week})`,
    `Trend: ${trend.sparkline}`,
    `Stop condition: ${projectionSentence(trend.projection)}`,
    ...(coverageSentence(trend) === undefined ? [] : [`Coverage: ${coverageSentence(trend)!}`]),
    '',
    ...table([
      ['week', 'total', 'change', ...(hasCoverage(trend) ? ['instrumented'] : []), 'commit', 'notes'],
      ...trend.points.map((point, index) => [
        point.week,
        String(point.total),
        index === 0 ? '' : signed(point.total - trend.points[index - 1]!.total),
        ...(hasCoverage(trend) ? [coverageCell(point)] : []),
        point.commit?.slice(0, 10) ?? '',
        pointNotes(point).join('; '),
      ]),
    ]),
  ];
  for (const [dimension, title] of Object.entries(breakdownTitles) as [keyof Trend['breakdowns'], string][]) {
    const rows = shownBreakdownRows(trend, dimension);
    if (rows.length === 0) continue;
    lines.push(
      '',
      ...table([
        [title, 'now', 'vs last week', 'vs first week'],
        ...rows.map((row) => [row.key, String(row.current), rowChange(row).fromPrevious, rowChange(row).fromFirst]),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
