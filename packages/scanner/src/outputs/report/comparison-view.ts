import type { Finding, ScanReport } from '../../report/report.js';

export const DEFAULT_PRUNE_COMMAND = 'authboundary baseline prune';

/** The findings a reader should act on: the new ones when compared with a baseline, else all. */
export function findingsToActOn(report: ScanReport): Finding[] {
  if (report.comparison === undefined) return report.findings;
  const fresh = new Set(report.comparison.new);
  return report.findings.filter((finding) => fresh.has(finding.fingerprint));
}

export const plural = (count: number, word: string, words = `${word}s`) => `${count} ${count === 1 ? word : words}`;
