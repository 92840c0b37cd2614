import type { IdentityMap } from '../map/identity-map.js';
import type { Trend } from '../trend/trend.js';
import { htmlReport } from './html-report.js';
import { mapHtml, mapMarkdown, mapText } from './map-formats.js';
import { githubReporter } from './report/github.js';
import { jsonReporter } from './report/json.js';
import { markdownReporter } from './report/markdown.js';
import type { Reporter } from './report/reporter.js';
import { sarifReporter } from './report/sarif.js';
import { textReporter } from './report/text.js';
import { trendMarkdown } from './trend/markdown.js';
import { trendText } from './trend/text.js';

export type { Reporter, ReporterOptions } from './report/reporter.js';
export type { HtmlReportInput } from './html-report.js';

/** A pure function: the trend in, the text to print out. */
export type TrendFormatter = (trend: Trend) => string;
/** A pure function: the identity map in, the text to print out. */
export type MapFormatter = (map: IdentityMap) => string;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Every output of the CLI, whatever command asks for it: what is rendered (the scan's report, the
 * weekly trend, the identity map, the HTML page), then the format name → its renderer, a pure
 * function from that value to text. Adding a format touches its module and this registry only.
 */
export const outputs = {
  /** `scan`, `check`, `merge --format`: the `ScanReport`. */
  report: {
    text: textReporter,
    json: jsonReporter,
    sarif: sarifReporter,
    github: githubReporter,
    markdown: markdownReporter,
  } satisfies Record<string, Reporter>,
  /** `trend --format`: the trend computed from the history. */
  trend: { text: trendText, markdown: trendMarkdown, json } satisfies Record<string, TrendFormatter>,
  /** `map --format`: the identity surface. */
  map: { text: mapText, json, markdown: mapMarkdown, html: mapHtml } satisfies Record<string, MapFormatter>,
  /** `report --html`: the trend, the current report and the map in one self-contained page. */
  page: { html: htmlReport },
} as const;

/** The `--format` names of one kind of output, in the order `--help` lists them. */
function namesOf<Kind extends keyof typeof outputs>(kind: Kind): (keyof (typeof outputs)[Kind] & string)[] {
  return Object.keys(outputs[kind]) as (keyof (typeof outputs)[Kind] & string)[];
}

/** The report formats (`scan`, `check`, `merge`). */
export const reporters = outputs.report;
export type FormatName = keyof typeof reporters;
export const formatNames: FormatName[] = namesOf('report');

/** The trend formats (`trend`). */
export const trendFormatters = outputs.trend;
export type TrendFormatName = keyof typeof trendFormatters;
export const trendFormatNames: TrendFormatName[] = namesOf('trend');

/** The map formats (`map`). */
export const mapFormats = outputs.map;
export type MapFormatName = keyof typeof mapFormats;
export const mapFormatNames: MapFormatName[] = namesOf('map');
