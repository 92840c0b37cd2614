import { fingerprintOf, NO_MODULE, ownersOf, UNOWNED } from '../history/violation-counts.js';
import type { Finding } from '../report/report.js';
import { UsageError } from '../usage-error.js';
import type { ATTRIBUTE_NAMES } from './metric-names.js';

export type SeriesAttributes = Record<(typeof ATTRIBUTE_NAMES)[number], string>;

export interface ViolationSeries {
  readonly attributes: SeriesAttributes;
  readonly violations: number;
  /** Findings not in the baseline; undefined when no baseline is configured. */
  readonly newViolations: number | undefined;
}

/**
 * Owners as one attribute value: CODEOWNERS may name several owners for a file, and joining them
 * (sorted, comma-separated) counts every finding in exactly one series, so sums equal the total.
 */
export function ownerAttribute(finding: Finding): string {
  const owners = ownersOf(finding);
  return owners.length === 0 ? UNOWNED : [...owners].sort().join(',');
}

/**
 * The findings counted per (rule, layer, module, owner): the series of `authboundary.violations`
 * and, when a baseline's fingerprints are given, `authboundary.violations.new`.
 */
export function violationSeries(findings: readonly Finding[], baseline?: ReadonlySet<string>): ViolationSeries[] {
  const series = new Map<string, { attributes: SeriesAttributes; violations: number; newViolations: number }>();
  for (const finding of findings) {
    const attributes: SeriesAttributes = { rule: finding.rule, layer: finding.layer, module: finding.module ?? NO_MODULE, owner: ownerAttribute(finding) };
    const key = JSON.stringify(attributes);
    const entry = series.get(key) ?? { attributes, violations: 0, newViolations: 0 };
    entry.violations += 1;
    if (baseline !== undefined) {
      const fingerprint = fingerprintOf(finding);
      if (fingerprint === undefined) throw new UsageError(`${finding.file}:${finding.line}: this scan's findings carry no fingerprint, so they cannot be compared with a baseline; export without --baseline`);
      if (!baseline.has(fingerprint)) entry.newViolations += 1;
    }
    series.set(key, entry);
  }
  return [...series.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, entry]) => ({ attributes: entry.attributes, violations: entry.violations, newViolations: baseline === undefined ? undefined : entry.newViolations }));
}
