import { createHash } from 'node:crypto';

/**
 * Bumped when what goes into a fingerprint changes (every baseline entry would then be new; docs/ci.md
 * says how to re-baseline). 2: a finding that spans a call is identified by its callee, not its
 * arguments, which may hold other findings (issue 18.4).
 */
export const FINGERPRINT_VERSION = 2;

/** What identifies a finding across unrelated edits; deliberately not its line or column. */
export interface FingerprintParts {
  readonly rule: string;
  /** Path relative to the configuration directory, forward slashes. */
  readonly file: string;
  /** Enclosing symbol scope, e.g. `BookingService.request` (see `scopeOf`). */
  readonly scope: string;
  /** The matched text in canonical spelling (see `normalizedTextOf`); for a call, its callee (see `identifyingTextOf`). */
  readonly text: string;
  /** 0-based position among findings of the same rule with the same scope and text in this file. */
  readonly occurrence: number;
}

/** A finding's fingerprint: 32 hex digits of a SHA-256 over its parts. */
export function fingerprintOf(parts: FingerprintParts): string {
  return createHash('sha256')
    .update(
      [`v${FINGERPRINT_VERSION}`, parts.rule, parts.file, parts.scope, parts.text, String(parts.occurrence)].join(
        '\u0000',
      ),
    )
    .digest('hex')
    .slice(0, 32);
}

const SNIPPET_LENGTH = 80;

/** A finding's normalized text shortened for people (baseline entries, reports); needs no compiler. */
export function snippetOf(normalizedText: string): string {
  return normalizedText.length <= SNIPPET_LENGTH ? normalizedText : `${normalizedText.slice(0, SNIPPET_LENGTH - 1)}…`;
}
