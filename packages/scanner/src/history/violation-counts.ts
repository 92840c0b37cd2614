import type { Finding } from '../report/report.js';

/** Name under which findings of files without a CODEOWNERS entry are counted. */
export const UNOWNED = '(unowned)';
/** Name under which findings of files outside every layer's module are counted (as in the scan report). */
export const NO_MODULE = '(none)';

/**
 * The owners of a finding. `owners` arrives with fingerprints (issue #6); until then, and for
 * findings read from older reports, a missing field means unowned.
 */
export function ownersOf(finding: Finding): readonly string[] {
  const owners = (finding as Finding & { owners?: readonly string[] }).owners;
  return owners ?? [];
}

/** The fingerprint of a finding, or undefined when the scanner that made it had none. */
export function fingerprintOf(finding: Finding): string | undefined {
  return (finding as Finding & { fingerprint?: string }).fingerprint;
}

export interface ViolationCounts {
  readonly total: number;
  readonly byRule: Record<string, number>;
  readonly byLayer: Record<string, number>;
  readonly byModule: Record<string, number>;
  /** A finding owned by several owners counts for each of them; unowned ones under `(unowned)`. */
  readonly byOwner: Record<string, number>;
}

function sortedCounts(keys: Iterable<string>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function violationCounts(findings: readonly Finding[]): ViolationCounts {
  return {
    total: findings.length,
    byRule: sortedCounts(findings.map((finding) => finding.rule)),
    byLayer: sortedCounts(findings.map((finding) => finding.layer)),
    byModule: sortedCounts(findings.map((finding) => finding.module ?? NO_MODULE)),
    byOwner: sortedCounts(findings.flatMap((finding) => (ownersOf(finding).length > 0 ? ownersOf(finding) : [UNOWNED]))),
  };
}
