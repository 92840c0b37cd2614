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

const cell = (text: string) => text.replaceAll('|', '\\|');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;

/** The trend as GitHub-flavoured markdown, e.g. for `$GITHUB_STEP_SUMMARY`. */
export function trendMarkdown(trend: Trend): string {
  if (trend.latest === null)
    return '## authboundary: violations per week\n\nNo history yet: run `authboundary history record` or `authboundary history backfill`.\n';
  const lines = [
    '## authboundary: violations per week',
    '',
    `**${trend.latest.total}** violations in ${trend.latest.week} (${signed(trend.changeFromPrevious)} vs last week, ${signed(trend.changeFromFirst)} vs ${trend.points[0]!.week}) \`${trend.sparkline}\``,
    '',
    `**Stop condition:** ${projectionSentence(trend.projection)}`,
    ...(coverageSentence(trend) === undefined ? [] : ['', `**Coverage:** ${coverageSentence(trend)!}`]),
    '',
    row(['week', 'total', 'change', ...(hasCoverage(trend) ? ['instrumented'] : []), 'commit', 'notes']),
    hasCoverage(trend) ? '| --- | ---: | ---: | ---: | --- | --- |' : '| --- | ---: | ---: | --- | --- |',
    ...trend.points.map((point, index) =>
      row([
        point.week,
        String(point.total),
        index === 0 ? '' : signed(point.total - trend.points[index - 1]!.total),
        ...(hasCoverage(trend) ? [coverageCell(point)] : []),
        point.commit === null ? '' : `\`${point.commit.slice(0, 10)}\``,
        pointNotes(point).join('; '),
      ]),
    ),
  ];
  for (const [dimension, title] of Object.entries(breakdownTitles) as [keyof Trend['breakdowns'], string][]) {
    const rows = shownBreakdownRows(trend, dimension);
    if (rows.length === 0) continue;
    lines.push(
      '',
      `### By ${title}`,
      '',
      row([title, 'now', 'vs last week', 'vs first week']),
      '| --- | ---: | ---: | ---: |',
      ...rows.map((entry) =>
        row([entry.key, String(entry.current), rowChange(entry).fromPrevious, rowChange(entry).fromFirst]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
