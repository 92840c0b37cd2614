import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { moduleOf, ownersOf } from '../report/finding-counts.js';
import { addWeeks, weeksBetween } from '../history/iso-week.js';
import type { IdentityMap } from '../map/identity-map.js';
import { MAP_STYLE, mapHtmlSection } from './map-formats.js';
import type { Finding, ScanReport } from '../report/report.js';
import {
  breakdownTitles,
  coverageSentence,
  pointNotes,
  projectionSentence,
  rowChange,
  shownBreakdownRows,
  signed,
} from './trend/describe-trend.js';
import type { BreakdownRow, Trend } from '../trend/trend.js';

export interface HtmlReportInput {
  readonly trend: Trend;
  /** The current scan: the findings behind the latest numbers. */
  readonly report: ScanReport;
  /** Prefix for file links (e.g. `https://github.com/org/repo/blob/<commit>/`); default `file://` links into `report.root`. */
  readonly linkBase?: string;
  readonly generatedAt: Date;
  /** The identity surface of the current scan (`authboundary map`): shown as a section when given. */
  readonly map?: IdentityMap;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
/** Colour-blind-safe palette (Okabe–Ito) for the per-rule lines. */
const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#CC79A7', '#0072B2', '#D55E00', '#F0E442', '#999999'];
/**
 * Dash patterns combined with the palette: rule i gets colour i mod 8 and the (i div 8)-th dash, so
 * up to 24 rules each have a line of their own (the eleven shipped rules need two patterns). The
 * projection's dash (6 5, thicker, in the accent colour) is none of these.
 */
const DASHES = ['', '9 3', '2 3'];
/** The style of the i-th rule's line: a (colour, dash) pair no other rule shares. */
export function ruleLineStyle(position: number): { readonly color: string; readonly dash: string } {
  return {
    color: PALETTE[position % PALETTE.length]!,
    dash: DASHES[Math.floor(position / PALETTE.length) % DASHES.length]!,
  };
}
/**
 * The chart reaches the projected zero week when it is at most this far beyond the latest week; a
 * zero further away is marked off the chart at its right edge (with its week), drawn that far.
 */
export const MAX_PROJECTION_WEEKS = 104;

function fileLink(input: HtmlReportInput, finding: Finding): string {
  const href =
    input.linkBase !== undefined
      ? `${input.linkBase}${finding.file.split('/').map(encodeURIComponent).join('/')}#L${finding.line}`
      : pathToFileURL(join(input.report.root, finding.file)).href;
  return `<a href="${escapeHtml(href)}">${escapeHtml(`${finding.file}:${finding.line}:${finding.column}`)}</a>`;
}

/** 1, 2 or 5 times a power of ten: the smallest at least `raw`, so axis ticks read naturally. */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
}

function chart(trend: Trend): string {
  const width = 960;
  const height = 340;
  const margin = { top: 24, right: 40, bottom: 56, left: 48 };
  const points = trend.points;
  const projection = trend.projection;
  const lastWeek = points.at(-1)!.week;
  const latestTotal = points.at(-1)!.total;
  const converging = projection.status === 'converging';
  const zeroOnChart = converging && projection.weeksToZero! <= MAX_PROJECTION_WEEKS;
  const projectionEnd = !converging
    ? lastWeek
    : zeroOnChart
      ? projection.zeroWeek!
      : addWeeks(lastWeek, MAX_PROJECTION_WEEKS);
  const weeks = weeksBetween(points[0]!.week, projectionEnd);
  const index = new Map(weeks.map((week, position) => [week, position]));
  const step = niceStep(Math.max(1, ...points.map((point) => point.total)) / 4);
  const maximum = Math.ceil(Math.max(1, ...points.map((point) => point.total)) / step) * step;
  const x = (week: string) =>
    margin.left +
    (weeks.length === 1
      ? (width - margin.left - margin.right) / 2
      : (index.get(week)! / (weeks.length - 1)) * (width - margin.left - margin.right));
  const y = (value: number) => margin.top + (1 - value / maximum) * (height - margin.top - margin.bottom);
  const ticks = Array.from({ length: Math.round(maximum / step) + 1 }, (_, position) => position * step);
  // A week label is about 60 px wide: label every n-th week so that neighbours never overlap.
  const labelEvery = Math.max(
    1,
    Math.ceil(72 / ((width - margin.left - margin.right) / Math.max(1, weeks.length - 1))),
  );
  const rules = [...new Set(points.flatMap((point) => Object.keys(point.byRule)))].sort();
  const projectionLine = (): string[] => {
    if (!converging) return [];
    const endValue = zeroOnChart ? 0 : Math.max(0, latestTotal + projection.ratePerWeek! * MAX_PROJECTION_WEEKS);
    const [endX, endY] = [x(projectionEnd), y(endValue)];
    const line = `<line class="projection" x1="${x(lastWeek)}" y1="${y(latestTotal)}" x2="${endX}" y2="${endY}"/>`;
    if (zeroOnChart) {
      // The week the line reaches zero, marked where it does.
      return [
        line,
        `<g class="zero-week" data-week="${projection.zeroWeek}"><circle cx="${endX}" cy="${endY}" r="5"/><text x="${endX - 8}" y="${endY - 10}" text-anchor="end">zero in ${projection.zeroWeek}</text></g>`,
      ];
    }
    // The zero week lies beyond the chart: an arrow at the right edge says where and when.
    return [
      line,
      `<g class="zero-off-chart" data-week="${projection.zeroWeek}"><path d="M ${endX - 2} ${endY - 6} L ${endX + 8} ${endY} L ${endX - 2} ${endY + 6} Z"/><text x="${endX - 8}" y="${endY - 12}" text-anchor="end">zero in ${projection.zeroWeek}, ${projection.weeksToZero! - MAX_PROJECTION_WEEKS} weeks beyond the chart →</text></g>`,
    ];
  };
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Violations per week" xmlns="http://www.w3.org/2000/svg">`,
    ...ticks.map(
      (tick) =>
        `<g class="grid"><line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}"/><text x="${margin.left - 8}" y="${y(tick) + 4}" text-anchor="end">${tick}</text></g>`,
    ),
    ...weeks.map((week, position) =>
      (position % labelEvery === 0 && weeks.length - 1 - position >= labelEvery) || position === weeks.length - 1
        ? `<text class="week-label" x="${x(week)}" y="${height - margin.bottom + 18}" text-anchor="middle">${week}</text>`
        : '',
    ),
    ...points.flatMap((point) =>
      point.configChanged || point.toolVersionChanged
        ? [
            `<g class="step-marker"><line x1="${x(point.week)}" x2="${x(point.week)}" y1="${margin.top}" y2="${height - margin.bottom}"/><text x="${x(point.week) + 4}" y="${margin.top + 10}">${point.configChanged ? 'config changed' : 'scanner changed'}</text></g>`,
          ]
        : [],
    ),
    ...rules.map((rule, position) => {
      const { color, dash } = ruleLineStyle(position);
      const coordinates = points.map((point) => `${x(point.week)},${y(point.byRule[rule] ?? 0)}`).join(' ');
      return `<polyline class="series-rule" data-rule="${escapeHtml(rule)}" points="${coordinates}" stroke="${color}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`;
    }),
    ...projectionLine(),
    `<polyline class="series-total" points="${points.map((point) => `${x(point.week)},${y(point.total)}`).join(' ')}"/>`,
    ...points.map(
      (point) =>
        `<circle class="point point-total${point.carriedForward ? ' carried' : ''}" data-week="${point.week}" data-total="${point.total}" cx="${x(point.week)}" cy="${y(point.total)}" r="4.5"><title>${point.week}: ${point.total}${pointNotes(point).length > 0 ? ` (${escapeHtml(pointNotes(point).join('; '))})` : ''}</title></circle>`,
    ),
    '</svg>',
  ];
  const swatch = (color: string, dash: string) =>
    `<svg class="swatch-line" width="26" height="8" aria-hidden="true"><line x1="1" y1="4" x2="25" y2="4" stroke="${color}" stroke-width="2.5"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/></svg>`;
  const legend = [
    '<li><span class="swatch total"></span>total</li>',
    ...rules.map(
      (rule, position) =>
        `<li data-rule="${escapeHtml(rule)}">${swatch(ruleLineStyle(position).color, ruleLineStyle(position).dash)}${escapeHtml(rule)}</li>`,
    ),
    ...(converging
      ? [
          `<li><span class="swatch projection"></span>projection at the average rate${zeroOnChart ? '' : ` (zero in ${projection.zeroWeek}, beyond the chart)`}</li>`,
        ]
      : []),
  ];
  return `${parts.join('\n')}\n<ul class="legend">${legend.join('')}</ul>`;
}

function findingsList(input: HtmlReportInput, findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const items = findings.map(
    (finding) =>
      `<li>${fileLink(input, finding)} <code>${escapeHtml(finding.rule)}</code> ${escapeHtml(finding.message)}</li>`,
  );
  return `<details><summary>${findings.length} finding${findings.length === 1 ? '' : 's'}</summary><ul class="findings">${items.join('')}</ul></details>`;
}

function breakdownTable(
  input: HtmlReportInput,
  title: string,
  rows: readonly BreakdownRow[],
  findingsOf: (key: string) => readonly Finding[],
): string {
  if (rows.length === 0) return '';
  const body = rows.map((row) => {
    const change = rowChange(row);
    return `<tr><th scope="row">${escapeHtml(row.key)}</th><td class="number">${row.current}</td><td class="number">${change.fromPrevious}</td><td class="number">${change.fromFirst}</td><td>${findingsList(input, findingsOf(row.key))}</td></tr>`;
  });
  return `<section><h2>By ${title}</h2><table><thead><tr><th scope="col">${title}</th><th scope="col">now</th><th scope="col">vs last week</th><th scope="col">vs first week</th><th scope="col">current findings</th></tr></thead><tbody>${body.join('')}</tbody></table></section>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #e3e6ec; --accent: #1f4fd1; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 48px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: var(--muted); }
.headline { display: flex; gap: 16px; margin: 24px 0; flex-wrap: wrap; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; min-width: 200px; flex: 1; }
.card .label { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 32px; font-weight: 650; }
.card.wide { flex: 2.2; }
.card .value.small { font-size: 16px; font-weight: 600; padding-top: 8px; line-height: 1.4; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 16px 0; }
h2 { font-size: 17px; margin: 0 0 12px; }
.chart { width: 100%; height: auto; }
.chart .grid line { stroke: var(--line); }
.chart text { font-size: 11px; fill: var(--muted); }
.chart .series-total { fill: none; stroke: var(--accent); stroke-width: 3; }
.chart .series-rule { fill: none; stroke-width: 2; opacity: .9; }
.chart .point-total { fill: var(--accent); stroke: #fff; stroke-width: 1.5; }
.chart .point-total.carried { fill: #fff; stroke: var(--accent); }
.chart .projection { stroke: var(--accent); stroke-width: 2; stroke-dasharray: 6 5; opacity: .7; }
.chart .step-marker line { stroke: #b0b6c3; stroke-dasharray: 2 3; }
.chart .zero-week circle { fill: #fff; stroke: var(--accent); stroke-width: 2.5; }
.chart .zero-week text, .chart .zero-off-chart text { fill: var(--accent); font-size: 12px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 5px; stroke-linejoin: round; }
.chart .zero-off-chart path { fill: var(--accent); }
.swatch-line { vertical-align: middle; margin-right: 6px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 8px 0 0; font-size: 13px; color: var(--muted); }
.swatch { display: inline-block; width: 14px; height: 3px; margin-right: 6px; vertical-align: middle; }
.swatch.total { background: var(--accent); height: 4px; }
.swatch.projection { border-top: 2px dashed var(--accent); height: 0; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 6px 8px; border-top: 1px solid var(--line); vertical-align: top; }
thead th { border-top: 0; color: var(--muted); font-weight: 600; font-size: 13px; }
td.number { text-align: right; font-variant-numeric: tabular-nums; width: 7em; }
details summary { cursor: pointer; color: var(--accent); }
ul.findings { margin: 6px 0 0; padding-left: 18px; font-size: 13px; }
code { font-size: 12px; background: #eef1f6; padding: 1px 4px; border-radius: 4px; }
a { color: var(--accent); }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
`;

/** The trend report as one self-contained HTML page: inline SVG and CSS, no script, nothing fetched. */
export function htmlReport(input: HtmlReportInput): string {
  const { trend, report } = input;
  const findingsByModule = (key: string) => report.findings.filter((finding) => moduleOf(finding) === key);
  const findingsByOwner = (key: string) => report.findings.filter((finding) => ownersOf(finding).includes(key));
  const findingsByRule = (key: string) => report.findings.filter((finding) => finding.rule === key);
  const latest = trend.latest;
  const headline =
    latest === null
      ? '<p>No history yet: run <code>authboundary history record</code> or <code>authboundary history backfill</code>.</p>'
      : `<div class="headline">
<div class="card"><div class="label">Violations in ${latest.week}</div><div class="value" id="latest-total">${latest.total}</div></div>
<div class="card"><div class="label">vs last week</div><div class="value">${signed(trend.changeFromPrevious)}</div></div>
<div class="card"><div class="label">vs ${trend.points[0]!.week}</div><div class="value">${signed(trend.changeFromFirst)}</div></div>
<div class="card wide"><div class="label">Stop condition</div><div class="value small">${escapeHtml(projectionSentence(trend.projection))}</div></div>
${coverageSentence(trend) === undefined ? '' : `<div class="card wide"><div class="label">Instrumentation coverage</div><div class="value small" id="coverage">${escapeHtml(coverageSentence(trend)!)}</div></div>`}
</div>
<section><h2>Violations per week</h2>${chart(trend)}</section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>authboundary: identity boundary violations${latest === null ? '' : ` (${latest.total} in ${latest.week})`}</title>
<style>${STYLE}${input.map === undefined ? '' : MAP_STYLE}</style>
</head>
<body>
<main>
<header><h1>Identity boundary violations</h1><p>Provider identifiers, SDKs and authorization kept inside the auth layer: the count per week until it reaches zero.</p></header>
${headline}
${breakdownTable(input, breakdownTitles.byModule, trend.breakdowns.byModule, findingsByModule)}
${breakdownTable(input, breakdownTitles.byOwner, shownBreakdownRows(trend, 'byOwner'), findingsByOwner)}
${breakdownTable(input, breakdownTitles.byRule, trend.breakdowns.byRule, findingsByRule)}
${input.map === undefined ? '' : `<section id="identity-surface"><h2>Identity surface</h2>${mapHtmlSection(input.map, 3)}</section>`}
<footer>Generated by authboundary on ${input.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC from ${escapeHtml(report.root)}; ${report.summary.total} current finding${report.summary.total === 1 ? '' : 's'} in ${report.summary.filesScanned} files scanned.</footer>
</main>
</body>
</html>
`;
}
