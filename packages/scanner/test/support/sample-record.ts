import type { HistoryRecord } from '@authboundary/scanner';

/** A valid history record of `week` with `total` findings, all in one rule, layer, module and owner. */
export const sampleRecord = (week: string, total: number, overrides: Partial<HistoryRecord> = {}): HistoryRecord => ({
  week,
  timestamp: '2026-11-18T09:00:00.000Z',
  commit: 'a'.repeat(40),
  dirty: false,
  source: 'record',
  carriedForward: false,
  configSource: 'working-tree',
  configHash: 'c0ffee',
  toolVersion: '0.1.0',
  total,
  filesUnscanned: 0,
  byRule: total === 0 ? {} : { 'no-provider-id-outside-auth': total },
  byLayer: total === 0 ? {} : { domain: total },
  byModule: total === 0 ? {} : { booking: total },
  byOwner: total === 0 ? {} : { '(unowned)': total },
  ...overrides,
});
