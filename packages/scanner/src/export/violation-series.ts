import { countBy, countOf, moduleOf, ownerLabelOf } from '../report/finding-counts.js';
import type { Finding } from '../report/report.js';
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
export const ownerAttribute = (finding: Finding): string => ownerLabelOf(finding);

const attributesOf = (finding: Finding): SeriesAttributes => ({
  rule: finding.rule,
  layer: finding.layer,
  module: moduleOf(finding),
  owner: ownerAttribute(finding),
});

/**
 * The findings counted per (rule, layer, module, owner): the series of `authboundary.violations`
 * and, when a baseline's fingerprints are given, `authboundary.violations.new`.
 */
export function violationSeries(findings: readonly Finding[], baseline?: ReadonlySet<string>): ViolationSeries[] {
  const keyOf = (finding: Finding) => JSON.stringify(attributesOf(finding));
  const violations = countBy(findings, keyOf);
  const fresh =
    baseline === undefined
      ? undefined
      : countBy(
          findings.filter((finding) => !baseline.has(finding.fingerprint)),
          keyOf,
        );
  return Object.entries(violations).map(([key, count]) => ({
    attributes: JSON.parse(key) as SeriesAttributes,
    violations: count,
    newViolations: fresh === undefined ? undefined : countOf(fresh, key),
  }));
}
