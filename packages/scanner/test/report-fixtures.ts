import { createReport, type Finding, type ScanReport } from '@authboundary/scanner';

/** A finding with every field set; `overrides` adjust what a test is about. */
export function findingOf(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'no-provider-id-outside-auth',
    messageId: 'claimRead',
    severity: 'error',
    file: 'src/booking/booking.service.ts',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 15,
    message: 'The claim `sub` is read outside the auth layer.',
    layer: 'domain',
    module: 'booking',
    fingerprint: '0'.repeat(32),
    scope: 'BookingService.request',
    snippet: 'claims.sub',
    owners: [],
    ...overrides,
  };
}

/** `count` distinct findings, one per line of `file`. */
export function findingsIn(file: string, count: number, overrides: Partial<Finding> = {}): Finding[] {
  return Array.from({ length: count }, (_, index) =>
    findingOf({
      file,
      line: index + 1,
      endLine: index + 1,
      fingerprint: `${file.length.toString(16).padStart(4, '0')}${index.toString(16).padStart(28, '0')}`,
      ...overrides,
    }),
  );
}

export function reportOf(findings: readonly Finding[], comparison?: ScanReport['comparison']): ScanReport {
  const report = createReport('/repo', findings, [], 3);
  return comparison === undefined ? report : { ...report, comparison };
}
