/*
 * Last line of defence before a free-text value (policy name, route, client id, issuer alias…) is
 * exported: if it looks like a credential or a personal identifier, it is not emitted. Bounded enum
 * values never pass through here; they cannot carry anything.
 */

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;
const BEARER = /\b(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[A-Za-z]{2,}/;
const SECRET_SHAPED = /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9_-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b/;

/** Longest free-text value exported; longer values are dropped as `oversized`. */
export const MAX_FREE_TEXT_LENGTH = 256;

export type RedactionVerdict = 'ok' | 'sensitive' | 'oversized';

/** Values seen recently and found harmless: routes, issuer aliases and policy names repeat on every request. */
const verdicts = new Map<string, RedactionVerdict>();
const VERDICT_CACHE_SIZE = 4_096;

export function inspectFreeText(value: string): RedactionVerdict {
  if (value.length > MAX_FREE_TEXT_LENGTH) return 'oversized';
  const cached = verdicts.get(value);
  if (cached !== undefined) return cached;
  const verdict: RedactionVerdict = JWT_LIKE.test(value) || BEARER.test(value) || EMAIL.test(value) || SECRET_SHAPED.test(value) ? 'sensitive' : 'ok';
  // Only harmless values are remembered: a token must not linger in this cache.
  if (verdict === 'ok') {
    if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.clear();
    verdicts.set(value, verdict);
  }
  return verdict;
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
