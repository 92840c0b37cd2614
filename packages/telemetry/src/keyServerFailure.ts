import type { ErrorType } from './semconv.js';

/**
 * Errors the instrumented JWKS saw come out of a key-set fetch, with the error type its fetch
 * recorded. The verifier's exception reaches the caller untouched; this side table lets the
 * classification blame the key server (`error.type`, 503) instead of the token, whatever shape the
 * fetch failure had (undici's `TypeError: fetch failed`, jose's `JOSEError`, a timeout).
 */
const keyServerFailures = new WeakMap<object, ErrorType>();

export function markKeyServerFailure(error: unknown, errorType: ErrorType): void {
  if (error !== null && typeof error === 'object') keyServerFailures.set(error, errorType);
}

export function keyServerFailureOf(error: unknown): ErrorType | undefined {
  return error !== null && typeof error === 'object' ? keyServerFailures.get(error) : undefined;
}
