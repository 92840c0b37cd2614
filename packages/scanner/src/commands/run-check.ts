import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BaselineEntry } from '../baseline/baseline-entry.js';
import {
  BASELINE_FILE_NAME,
  BaselineError,
  baselineEntryOf,
  readBaseline,
  serializeBaseline,
  sortBaselineEntries,
  writeBaseline,
  type BaselineFile,
} from '../baseline/baseline-file.js';
import {
  comparisonOf,
  compareWithBaseline,
  prunedEntries,
  updatedEntries,
  type BaselineDiff,
  type ScanCoverage,
} from '../baseline/compare-with-baseline.js';
import { toRootRelative } from '../files/discover-files.js';
import { changedFilesSince } from '../git/changed-files.js';
import { createReport, type ScanReport } from '../report/report.js';
import { scan, type ScanOptions, type ScanResult } from './run-scan.js';
import { TOOL_VERSION } from '../version.js';

export interface CheckOptions extends ScanOptions {
  /** Baseline file, relative to `cwd`; default: `authboundary.baseline.json` beside the configuration. */
  readonly baselinePath?: string;
  /** Limit the report to files changed since this git ref; what counts as new is unchanged. */
  readonly changedSince?: string;
}

export interface CheckResult extends ScanResult {
  /** Absolute path of the baseline file. */
  readonly baselinePath: string;
  readonly baseline: BaselineFile;
  /** The comparison over every scanned file (not limited by `changedSince`). */
  readonly diff: BaselineDiff;
}

/** Whether `check` fails, and why; exit code 1 when `failed`. */
export interface CheckVerdict {
  readonly failed: boolean;
  /** New findings of severity error (new warnings are listed but do not fail). */
  readonly newErrors: number;
  /** Fixed findings still listed in the baseline (fail unless allowed). */
  readonly stale: number;
  readonly unscanned: number;
}

export function checkVerdict(
  result: CheckResult,
  { allowStale = false }: { readonly allowStale?: boolean } = {},
): CheckVerdict {
  const newErrors = result.diff.new.filter((finding) => finding.severity === 'error').length;
  const stale = result.diff.fixed.length;
  const unscanned = result.report.unscanned.length;
  return { failed: newErrors > 0 || (stale > 0 && !allowStale) || unscanned > 0, newErrors, stale, unscanned };
}

/** The scanned paths relative to the configuration directory (`''` for all of it). */
function coverageOf(result: ScanResult, options: ScanOptions): ScanCoverage {
  const cwd = options.cwd ?? process.cwd();
  const paths =
    options.paths !== undefined && options.paths.length > 0
      ? options.paths.map((path) => toRootRelative(result.config, resolve(cwd, path)))
      : [''];
  return { paths, unscanned: result.report.unscanned.map((file) => file.file) };
}

function baselinePathOf(result: ScanResult, options: CheckOptions): string {
  return options.baselinePath !== undefined
    ? resolve(options.cwd ?? process.cwd(), options.baselinePath)
    : join(result.config.root, BASELINE_FILE_NAME);
}

/** How reports name the baseline: relative to the configuration directory when inside it. */
function baselineLabel(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split(sep).join('/');
}

/** The report limited to files changed since a git ref, with the count of new findings left out. */
function limitToChangedFiles(report: ScanReport, ref: string): ScanReport {
  const files = changedFilesSince(ref, report.root);
  const changed = new Set(files);
  const kept = report.findings.filter((finding) => changed.has(finding.file));
  const limited = createReport(report.root, kept, report.unscanned, report.summary.filesScanned);
  if (report.comparison === undefined) return limited;
  const keptFingerprints = new Set(kept.map((finding) => finding.fingerprint));
  const fresh = report.comparison.new.filter((fingerprint) => keptFingerprints.has(fingerprint));
  return {
    ...limited,
    comparison: {
      ...report.comparison,
      new: fresh,
      changedSince: { ref, files, newElsewhere: report.comparison.new.length - fresh.length },
    },
  };
}

/**
 * The programmatic API behind `authboundary check`: scans, then compares with the baseline.
 * Throws `BaselineError` for a missing, corrupt or foreign baseline (never written here).
 */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const result = await scan(options);
  const baselinePath = baselinePathOf(result, options);
  const baseline = readBaseline(baselinePath);
  const diff = compareWithBaseline(result.report.findings, baseline.findings, coverageOf(result, options));
  const compared: ScanReport = {
    ...result.report,
    comparison: comparisonOf(diff, baselineLabel(result.config.root, baselinePath)),
  };
  return {
    ...result,
    report: options.changedSince === undefined ? compared : limitToChangedFiles(compared, options.changedSince),
    baselinePath,
    baseline,
    diff,
  };
}

/** `scan --changed-since` without a baseline: the report limited to the changed files. */
export function limitScanToChangedFiles(result: ScanResult, ref: string): ScanResult {
  return { ...result, report: limitToChangedFiles(result.report, ref) };
}

export type BaselineAction = 'create' | 'update' | 'prune';

export interface BaselineChange {
  readonly action: BaselineAction;
  readonly baselinePath: string;
  readonly added: number;
  readonly removed: number;
  readonly total: number;
  /** False when the file already said exactly this (it is then left untouched). */
  readonly written: boolean;
  readonly scan: ScanResult;
}

/**
 * `baseline create` writes every current finding (refusing to replace an existing file);
 * `update` makes the baseline the current findings; `prune` only removes fixed entries.
 * Files outside the scanned paths or not scanned keep their entries. Written atomically.
 */
export async function changeBaseline(
  action: BaselineAction,
  options: Omit<CheckOptions, 'changedSince'> = {},
): Promise<BaselineChange> {
  const result = await scan(options);
  const baselinePath = baselinePathOf(result, options);
  let before: readonly BaselineEntry[] = [];
  let after: BaselineEntry[];
  if (action === 'create') {
    if (existsSync(baselinePath))
      throw new BaselineError(
        `baseline ${baselinePath} already exists; use \`authboundary baseline update\` to accept the current findings or \`baseline prune\` to remove fixed ones`,
      );
    after = sortBaselineEntries(result.report.findings.map(baselineEntryOf));
  } else {
    before = readBaseline(baselinePath).findings;
    const diff = compareWithBaseline(result.report.findings, before, coverageOf(result, options));
    after = action === 'update' ? updatedEntries(result.report.findings, diff) : prunedEntries(before, diff);
  }
  const beforeSet = new Set(before.map((entry) => entry.fingerprint));
  const afterSet = new Set(after.map((entry) => entry.fingerprint));
  const added = after.filter((entry) => !beforeSet.has(entry.fingerprint)).length;
  const removed = before.filter((entry) => !afterSet.has(entry.fingerprint)).length;
  const written =
    action === 'create' || serializeBaseline(before, TOOL_VERSION) !== serializeBaseline(after, TOOL_VERSION);
  if (written) writeBaseline(baselinePath, after, TOOL_VERSION);
  return { action, baselinePath, added, removed, total: after.length, written, scan: result };
}
