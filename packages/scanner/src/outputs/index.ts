import { githubReporter } from './report/github.js';
import { jsonReporter } from './report/json.js';
import { markdownReporter } from './report/markdown.js';
import type { Reporter } from './report/reporter.js';
import { sarifReporter } from './report/sarif.js';
import { textReporter } from './report/text.js';

export type { Reporter, ReporterOptions } from './report/reporter.js';

/** Every output format by its `--format` name. Adding a format touches its module and this map. */
export const reporters = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  markdown: markdownReporter,
} as const satisfies Record<string, Reporter>;

export type FormatName = keyof typeof reporters;
export const formatNames = Object.keys(reporters) as FormatName[];
