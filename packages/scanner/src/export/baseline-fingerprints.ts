import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../usage-error.js';

/** The default baseline file name (issue #6's ratchet owns its format). */
export const BASELINE_FILE_NAME = 'authboundary.baseline.json';

/**
 * Only what the export needs from a baseline: the fingerprints of its entries. Kept apart on
 * purpose — at merge, this function becomes a call to the ratchet's own baseline loader.
 */
const baselineFingerprintsSchema = z.looseObject({ entries: z.array(z.looseObject({ fingerprint: z.string() })) });

/** The fingerprints in a baseline file; throws `UsageError` (exit 2) when it cannot be read. */
export function readBaselineFingerprints(path: string): ReadonlySet<string> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: cannot read the baseline: ${(error as Error).message}`, { cause: error });
  }
  const result = baselineFingerprintsSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`${path}: not an authboundary baseline: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return new Set(result.data.entries.map((entry) => entry.fingerprint));
}
