import type { BaselineComparison, Finding } from '../report/report.js';
import type { BaselineEntry } from './baseline-entry.js';
import { baselineEntryOf, sortBaselineEntries } from './baseline-file.js';

/** Which baseline entries a scan can judge: files under the scanned paths that could be scanned. */
export interface ScanCoverage {
  /** Scanned paths relative to the configuration directory; `''` is the whole directory. */
  readonly paths: readonly string[];
  /**
   * Paths selected but not scanned (syntax errors, unreadable files; a path ending in `/` is a
   * directory that could not be read): their entries are neither found nor fixed.
   */
  readonly unscanned: readonly string[];
}

export interface BaselineDiff {
  /** Findings not in the baseline, in the order given. */
  readonly new: readonly Finding[];
  readonly unchanged: readonly Finding[];
  /** Entries of covered files that were not found again: fixed, and stale until pruned. */
  readonly fixed: readonly BaselineEntry[];
  /** Entries the scan could not judge (files outside the scanned paths, or unscanned): kept as they are. */
  readonly outside: readonly BaselineEntry[];
}

export function covers(coverage: ScanCoverage, file: string): boolean {
  if (
    coverage.unscanned.some((path) => path === file || path === './' || (path.endsWith('/') && file.startsWith(path)))
  )
    return false;
  return coverage.paths.some((path) => path === '' || file === path || file.startsWith(`${path}/`));
}

/**
 * Compares findings with baseline entries by fingerprint alone: one entry accepts exactly one
 * finding, so a fix and a new violation in the same file never cancel out.
 */
export function compareWithBaseline(
  findings: readonly Finding[],
  entries: readonly BaselineEntry[],
  coverage: ScanCoverage,
): BaselineDiff {
  const known = new Set(entries.map((entry) => entry.fingerprint));
  const found = new Set(findings.map((finding) => finding.fingerprint));
  const fresh: Finding[] = [];
  const unchanged: Finding[] = [];
  for (const finding of findings) (known.has(finding.fingerprint) ? unchanged : fresh).push(finding);
  const fixed: BaselineEntry[] = [];
  const outside: BaselineEntry[] = [];
  for (const entry of entries) {
    if (!covers(coverage, entry.file)) outside.push(entry);
    else if (!found.has(entry.fingerprint)) fixed.push(entry);
  }
  return { new: fresh, unchanged, fixed: sortBaselineEntries(fixed), outside };
}

/** `baseline update`: every current finding, plus the entries the scan could not judge. */
export function updatedEntries(findings: readonly Finding[], diff: BaselineDiff): BaselineEntry[] {
  return sortBaselineEntries([...findings.map(baselineEntryOf), ...diff.outside]);
}

/** `baseline prune`: the entries minus the fixed ones; never adds a finding. */
export function prunedEntries(entries: readonly BaselineEntry[], diff: BaselineDiff): BaselineEntry[] {
  const fixed = new Set(diff.fixed.map((entry) => entry.fingerprint));
  return sortBaselineEntries(entries.filter((entry) => !fixed.has(entry.fingerprint)));
}

/** The comparison as the report carries it. */
export function comparisonOf(diff: BaselineDiff, baseline: string): BaselineComparison {
  return {
    baseline,
    new: diff.new.map((finding) => finding.fingerprint),
    unchanged: diff.unchanged.length,
    fixed: [...diff.fixed],
  };
}
