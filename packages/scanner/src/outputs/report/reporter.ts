import type { ScanReport } from '../../report/report.js';

export interface ReporterOptions {
  /** ANSI colours (only when writing to a terminal and NO_COLOR is unset). */
  readonly color: boolean;
  /** The command that removes fixed entries from the baseline, shown with `report.comparison`. */
  readonly pruneCommand?: string;
  /**
   * The configuration directory relative to the repository root (`''` or absent at the root), for
   * formats whose consumers name files from the repository root (GitHub annotations).
   */
  readonly repositoryPath?: string;
}

/** A pure function: the report in, the text to print out. */
export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
