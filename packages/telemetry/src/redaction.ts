/*
 * Last line of defence before a free-text value (policy name, route, client id, issuer alias…) is
 * exported: if it looks like a credential or a personal identifier, it is not emitted. Bounded enum
 * values never pass through here; they cannot carry anything.
 */

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;
// No word boundary before the prefixes: an ANSI escape (`ESC[31m`) or any glued prefix must not hide them.
const BEARER = /(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[A-Za-z]{2,}/;
const SECRET_SHAPED =
  /(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9_-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}/;

/** Longest free-text value exported; longer values are dropped as `oversized`. */
export const MAX_FREE_TEXT_LENGTH = 256;

export type RedactionVerdict = 'ok' | 'sensitive' | 'oversized';

/** Values seen recently and found harmless: routes, issuer aliases and policy names repeat on every request. */
const verdicts = new Map<string, RedactionVerdict>();
const VERDICT_CACHE_SIZE = 4_096;

/**
 * C0 and C1 control characters, DEL, and the Unicode format characters that reorder or hide text
 * (bidi embeddings, overrides and isolates, LRM/RLM/ALM, line and paragraph separators, zero-width
 * characters): a line-based sink (syslog, JSON-lines viewer, terminal) would let them forge lines or
 * disguise a value.
 */
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;
const UNSAFE_CHARACTERS = new RegExp(UNSAFE_CHARACTER.source, 'g');
/** Terminal escape sequences (CSI `ESC[…m`, OSC `ESC]…BEL`): taken out whole before the shape check. */
const ANSI_SEQUENCES = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_])/g;

export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE_CHARACTER.test(value);
}

/** `value` with every unsafe character written as a visible `\u{…}` escape; unchanged (same string) when it has none. */
export function escapeUnsafeCharacters(value: string): string {
  if (!UNSAFE_CHARACTER.test(value)) return value;
  return value.replace(UNSAFE_CHARACTERS, (c) => `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
}

export function inspectFreeText(value: string): RedactionVerdict {
  if (value.length > MAX_FREE_TEXT_LENGTH) return 'oversized';
  const cached = verdicts.get(value);
  if (cached !== undefined) return cached;
  // Checked with the unsafe characters taken out as well: a control character spliced into a token
  // must not hide its shape from the patterns.
  const stripped = UNSAFE_CHARACTER.test(value)
    ? value.replace(ANSI_SEQUENCES, '').replace(UNSAFE_CHARACTERS, '')
    : value;
  const verdict: RedactionVerdict =
    isSensitive(value) || (stripped !== value && isSensitive(stripped)) ? 'sensitive' : 'ok';
  // Only harmless values are remembered: a token must not linger in this cache.
  if (verdict === 'ok') {
    if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.clear();
    verdicts.set(value, verdict);
  }
  return verdict;
}

function isSensitive(value: string): boolean {
  return JWT_LIKE.test(value) || BEARER.test(value) || EMAIL.test(value) || SECRET_SHAPED.test(value);
}

/** Harmless values already escaped for export: routes, aliases, user agents repeat on every request. */
const exportable = new Map<string, string>();

/**
 * `value` ready for a span or an audit event (unsafe characters escaped) when it passes the check,
 * else undefined (then `inspectFreeText` says why). Cached like the verdicts: only harmless values.
 */
export function exportableFreeText(value: string): string | undefined {
  const cached = exportable.get(value);
  if (cached !== undefined) return cached;
  if (inspectFreeText(value) !== 'ok') return undefined;
  const escaped = escapeUnsafeCharacters(value);
  if (exportable.size >= VERDICT_CACHE_SIZE) exportable.clear();
  exportable.set(value, escaped);
  return escaped;
}

/**
 * Stable error-code shapes only: `ERR_JWT_EXPIRED`, `ECONNREFUSED` (upper snake case),
 * `JwtExpiredError` (an error class name), `auth/id-token-revoked` (provider code). A random
 * mixed-case string, which is what secrets look like, never matches.
 */
const CODE_SHAPED = /^(?:[A-Z][A-Z0-9_]{2,63}|[A-Z][A-Za-z0-9]{0,58}Error|[a-z]{2,16}\/[a-z0-9-]{2,48})$/;

export function isCodeShaped(value: unknown): value is string {
  return typeof value === 'string' && CODE_SHAPED.test(value) && inspectFreeText(value) === 'ok';
}
