import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../usage-error.js';

/** The default baseline file name (issue #6's ratchet owns its format). */
export const BASELINE_FILE_NAME = 'authboundary.baseline.json';

/**
 * Only what the export needs from a baseline: the fingerprints of its entries, listed under
 * `findings` (the ratchet's format as it is being built) or `entries`. Kept apart on purpose — at
 * merge, this function becomes a call to the ratchet's own baseline loader (`readBaseline`).
 */
const fingerprinted = z.array(z.looseObject({ fingerprint: z.string() }));
const baselineFingerprintsSchema = z.union([z.looseObject({ findings: fingerprinted }), z.looseObject({ entries: fingerprinted })]);

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
    throw new UsageError(`${path}: not an authboundary baseline: expected \`findings\` (or \`entries\`), a list of objects each with a string \`fingerprint\``);
  }
  const listed = result.data as { findings?: readonly { fingerprint: string }[]; entries?: readonly { fingerprint: string }[] };
  return new Set((listed.findings ?? listed.entries ?? []).map((entry) => entry.fingerprint));
}
