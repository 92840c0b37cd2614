import type { ScanReport } from '../report/report.js';

export interface ReporterOptions {
  /** ANSI colours (only when writing to a terminal and NO_COLOR is unset). */
  readonly color: boolean;
}

/** A pure function: the report in, the text to print out. */
export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
