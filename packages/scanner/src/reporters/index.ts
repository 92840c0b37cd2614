import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export type { Reporter, ReporterOptions } from './reporter.js';

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
