import { readBaseline } from '../baseline/baseline-file.js';

/**
 * The fingerprints of a baseline file, for `authboundary.violations.new`. Read through the
 * baseline's own loader, so a missing, corrupt or foreign file stops with its `BaselineError` (exit 2).
 */
export function readBaselineFingerprints(path: string): ReadonlySet<string> {
  return new Set(readBaseline(path).findings.map((entry) => entry.fingerprint));
}
