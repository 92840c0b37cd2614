import type { Trend } from '../../trend/trend.js';
import { trendMarkdown } from './markdown.js';
import { trendText } from './text.js';

/** A pure function: the trend in, the text to print out. */
export type TrendFormatter = (trend: Trend) => string;

/** Every `authboundary trend --format` by name. */
export const trendFormatters = {
  text: trendText,
  markdown: trendMarkdown,
  json: (trend) => `${JSON.stringify(trend, null, 2)}\n`,
} as const satisfies Record<string, TrendFormatter>;

export type TrendFormatName = keyof typeof trendFormatters;
export const trendFormatNames = Object.keys(trendFormatters) as TrendFormatName[];
