/*
 * Last line of defence before a free-text value (policy name, route, client id, issuer alias…) is
 * exported: if it looks like a credential or a personal identifier, it is not emitted. Bounded enum
 * values never pass through here; they cannot carry anything.
 */

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;
const BEARER = /\b(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[A-Za-z]{2,}/;
const SECRET_SHAPED = /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b/;

/** Longest free-text value exported; longer values are dropped as `oversized`. */
export const MAX_FREE_TEXT_LENGTH = 256;

export type RedactionVerdict = 'ok' | 'sensitive' | 'oversized';

export function inspectFreeText(value: string): RedactionVerdict {
  if (value.length > MAX_FREE_TEXT_LENGTH) return 'oversized';
  if (JWT_LIKE.test(value) || BEARER.test(value) || EMAIL.test(value) || SECRET_SHAPED.test(value)) return 'sensitive';
  return 'ok';
}

/** Stable identifier shape: library error codes (`ERR_JWT_EXPIRED`, `JwtExpiredError`). */
const CODE_SHAPED = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export function isCodeShaped(value: unknown): value is string {
  return typeof value === 'string' && CODE_SHAPED.test(value);
}
