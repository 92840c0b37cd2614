import { keyServerFailureOf } from './keyServerFailure.js';
import type { AuthnFailureReason, ErrorType } from './semconv.js';

/**
 * What a verifier's exception means for telemetry: a verdict (`reason`), or no verdict possible
 * (`errorType`), plus the library's stable code for spans and logs. Never the message.
 */
export interface VerificationFailure {
  reason?: AuthnFailureReason;
  errorType?: ErrorType | '_OTHER';
  code?: string;
}

/** jose error codes (`err.code`) → verdict. */
const JOSE_CODES: Readonly<Record<string, VerificationFailure>> = {
  ERR_JWT_EXPIRED: { reason: 'token_expired' },
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: { reason: 'signature_invalid' },
  ERR_JWKS_NO_MATCHING_KEY: { reason: 'key_not_found' },
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: { reason: 'key_not_found' },
  ERR_JOSE_ALG_NOT_ALLOWED: { reason: 'algorithm_not_allowed' },
  ERR_JOSE_NOT_SUPPORTED: { reason: 'algorithm_not_allowed' },
  ERR_JWS_INVALID: { reason: 'token_malformed' },
  ERR_JWT_INVALID: { reason: 'token_malformed' },
  ERR_JWK_INVALID: { reason: 'key_not_found' },
  ERR_JWKS_TIMEOUT: { errorType: 'jwks_timeout' },
  ERR_JWKS_INVALID: { errorType: 'jwks_fetch_failed' },
};

/** jose `ERR_JWT_CLAIM_VALIDATION_FAILED` carries the failing claim. */
const CLAIM_REASONS: Readonly<Record<string, AuthnFailureReason>> = {
  nbf: 'token_not_yet_valid',
  iat: 'token_not_yet_valid',
  iss: 'issuer_mismatch',
  aud: 'audience_mismatch',
  exp: 'token_expired',
};

/** aws-jwt-verify error class names (`err.name`) → verdict. */
const AWS_JWT_VERIFY_NAMES: Readonly<Record<string, VerificationFailure>> = {
  JwtExpiredError: { reason: 'token_expired' },
  JwtNotBeforeError: { reason: 'token_not_yet_valid' },
  JwtInvalidSignatureError: { reason: 'signature_invalid' },
  JwtInvalidSignatureAlgorithmError: { reason: 'algorithm_not_allowed' },
  KidNotFoundInJwksError: { reason: 'key_not_found' },
  JwkInvalidKtyError: { reason: 'key_not_found' },
  JwtInvalidIssuerError: { reason: 'issuer_mismatch' },
  JwtInvalidAudienceError: { reason: 'audience_mismatch' },
  JwtInvalidScopeError: { reason: 'claim_invalid' },
  JwtInvalidClaimError: { reason: 'claim_invalid' },
  CognitoJwtInvalidTokenUseError: { reason: 'claim_invalid' },
  CognitoJwtInvalidClientIdError: { reason: 'audience_mismatch' },
  CognitoJwtInvalidGroupError: { reason: 'claim_invalid' },
  JwtParseError: { reason: 'token_malformed' },
  ParameterValidationError: { reason: 'token_malformed' },
  JwtWithoutValidKidError: { reason: 'token_malformed' },
  WaitPeriodNotYetEndedJwkError: { errorType: 'jwks_fetch_failed' },
  JwksNotAvailableInCacheError: { errorType: 'jwks_fetch_failed' },
  FetchError: { errorType: 'jwks_fetch_failed' },
  NonRetryableFetchError: { errorType: 'jwks_fetch_failed' },
  JwksValidationError: { errorType: 'jwks_fetch_failed' },
};

/** Firebase Admin / Google auth error codes (`err.code`). */
const PROVIDER_CODES: Readonly<Record<string, VerificationFailure>> = {
  'auth/id-token-expired': { reason: 'token_expired' },
  'auth/session-cookie-expired': { reason: 'token_expired' },
  'auth/id-token-revoked': { reason: 'token_revoked' },
  'auth/session-cookie-revoked': { reason: 'token_revoked' },
  'auth/user-disabled': { reason: 'token_inactive' },
  'auth/argument-error': { reason: 'token_malformed' },
  'auth/invalid-id-token': { reason: 'token_malformed' },
};

/**
 * Maps an exception thrown by a verifier (jose, aws-jwt-verify, Firebase Admin, …) to a closed
 * reason or error type. An unknown exception gets neither: it is recorded as a failure with
 * reason `_OTHER`, since the verifier did reject the credential.
 */
export function classifyVerificationFailure(error: unknown): VerificationFailure {
  if (error === null || typeof error !== 'object') return {};
  const { code, name, claim, cause } = error as { code?: unknown; name?: unknown; claim?: unknown; cause?: unknown };
  // A key-set fetch that failed (the instrumented JWKS marked it): the key server's fault, whatever the error's shape.
  const keyServer = keyServerFailureOf(error);
  if (keyServer !== undefined) {
    const known =
      typeof code === 'string' && Object.hasOwn(KNOWN_CODES, code)
        ? code
        : typeof name === 'string' && (name === 'TimeoutError' || name === 'AbortError')
          ? name
          : undefined;
    return known === undefined ? { errorType: keyServer } : { errorType: keyServer, code: known };
  }
  // Only codes from the tables below are ever recorded: an unknown `code` or `name` could be
  // anything a verifier chose to put there, including the token.
  if (typeof code === 'string' && Object.hasOwn(KNOWN_CODES, code)) {
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
      return {
        reason:
          (typeof claim === 'string' && Object.hasOwn(CLAIM_REASONS, claim) ? CLAIM_REASONS[claim] : undefined) ??
          'claim_invalid',
        code,
      };
    }
    return { ...KNOWN_CODES[code], code };
  }
  if (typeof name === 'string' && Object.hasOwn(AWS_JWT_VERIFY_NAMES, name))
    return { ...AWS_JWT_VERIFY_NAMES[name], code: name };
  if (name === 'TimeoutError' || name === 'AbortError') return { errorType: 'jwks_timeout', code: name };
  // A network failure (undici's `TypeError: fetch failed` carries the socket error as `cause`):
  // the verifier could not reach its keys or its provider, so no verdict was possible.
  const networkCode = typeof code === 'string' && NETWORK_CODES.has(code) ? code : networkCodeOf(cause);
  if (networkCode !== undefined)
    return { errorType: TIMEOUT_CODES.has(networkCode) ? 'jwks_timeout' : 'jwks_fetch_failed', code: networkCode };
  return {};
}

/** Socket and DNS error codes (Node, undici): the remote end was unreachable. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The network codes of `NETWORK_CODES` that mean the remote end did not answer in time. */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export function networkCodeOf(cause: unknown): string | undefined {
  // One or two levels: undici wraps the socket error, some clients wrap undici's error again.
  for (let current = cause, depth = 0; current !== null && typeof current === 'object' && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const KNOWN_CODES: Readonly<Record<string, VerificationFailure>> = {
  ...JOSE_CODES,
  ...PROVIDER_CODES,
  ERR_JOSE_GENERIC: { errorType: 'jwks_fetch_failed' },
  ERR_JWT_CLAIM_VALIDATION_FAILED: { reason: 'claim_invalid' },
};
