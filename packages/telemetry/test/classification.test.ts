import { describe, expect, it } from 'vitest';
import { classifyPrincipal, classifyVerificationFailure, type PrincipalType } from '../src/index.js';

describe('classifyPrincipal', () => {
  const rules = { agentClientIds: ['booking-agent'], serviceClientIds: ['billing-worker'] };
  const table: {
    name: string;
    claims: Record<string, unknown> | undefined;
    type: PrincipalType;
    actor?: PrincipalType;
  }[] = [
    { name: 'no claims is anonymous', claims: undefined, type: 'anonymous' },
    { name: 'a plain subject is a user', claims: { sub: 'u-1', azp: 'web' }, type: 'user' },
    {
      name: 'Auth0 client credentials (gty) is a service',
      claims: { sub: 'abc@clients', gty: 'client-credentials' },
      type: 'service',
    },
    { name: 'an Auth0 …@clients subject is a service', claims: { sub: 'abc@clients' }, type: 'service' },
    {
      name: 'Entra app-only tokens (idtyp app) are a service',
      claims: { sub: 'x', idtyp: 'app', appid: 'y' },
      type: 'service',
    },
    { name: 'a Keycloak service account is a service', claims: { sub: 'service-account-reports' }, type: 'service' },
    {
      name: 'Cognito client credentials (sub equals client_id) is a service',
      claims: { sub: 'c1', client_id: 'c1', token_use: 'access' },
      type: 'service',
    },
    {
      name: 'a configured service client is a service',
      claims: { sub: 'u', client_id: 'billing-worker' },
      type: 'service',
    },
    { name: 'a configured agent client is an agent', claims: { sub: 'u', client_id: 'booking-agent' }, type: 'agent' },
    { name: 'an explicit principal_type claim wins', claims: { sub: 'u', principal_type: 'agent' }, type: 'agent' },
    {
      name: 'a user token with an act claim records a delegating service actor',
      claims: { sub: 'u', act: { sub: 'gateway', client_id: 'gateway' } },
      type: 'user',
      actor: 'service',
    },
    {
      name: 'a user token acted on by a known agent records an agent actor',
      claims: { sub: 'u', act: { sub: 'a', client_id: 'booking-agent' } },
      type: 'user',
      actor: 'agent',
    },
    {
      name: 'impersonation by an admin user records a user actor',
      claims: { sub: 'u', act: { sub: 'admin-7' } },
      type: 'user',
      actor: 'user',
    },
  ];
  it.each(table)('$name', ({ claims, type, actor }) => {
    const result = classifyPrincipal(claims, rules);
    expect(result.type).toBe(type);
    expect(result.actor?.type).toBe(actor);
  });
});

describe('classifyVerificationFailure', () => {
  const err = (props: Record<string, unknown>) =>
    Object.assign(new Error('message that must never be recorded'), props);
  const table = [
    {
      name: 'jose ERR_JWT_EXPIRED → token_expired',
      error: err({ code: 'ERR_JWT_EXPIRED' }),
      reason: 'token_expired',
      code: 'ERR_JWT_EXPIRED',
    },
    {
      name: 'jose signature failure → signature_invalid',
      error: err({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }),
      reason: 'signature_invalid',
    },
    {
      name: 'jose no matching key → key_not_found',
      error: err({ code: 'ERR_JWKS_NO_MATCHING_KEY' }),
      reason: 'key_not_found',
    },
    {
      name: 'jose claim nbf → token_not_yet_valid',
      error: err({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf' }),
      reason: 'token_not_yet_valid',
    },
    {
      name: 'jose claim iss → issuer_mismatch',
      error: err({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' }),
      reason: 'issuer_mismatch',
    },
    {
      name: 'jose claim aud → audience_mismatch',
      error: err({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' }),
      reason: 'audience_mismatch',
    },
    {
      name: 'jose other claim → claim_invalid',
      error: err({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'scope' }),
      reason: 'claim_invalid',
    },
    {
      name: 'jose alg not allowed → algorithm_not_allowed',
      error: err({ code: 'ERR_JOSE_ALG_NOT_ALLOWED' }),
      reason: 'algorithm_not_allowed',
    },
    { name: 'jose invalid JWS → token_malformed', error: err({ code: 'ERR_JWS_INVALID' }), reason: 'token_malformed' },
    {
      name: 'jose JWKS timeout → error.type jwks_timeout',
      error: err({ code: 'ERR_JWKS_TIMEOUT' }),
      errorType: 'jwks_timeout',
    },
    {
      name: 'socket timeout (ETIMEDOUT) → error.type jwks_timeout',
      error: err({ code: 'ETIMEDOUT' }),
      errorType: 'jwks_timeout',
      code: 'ETIMEDOUT',
    },
    {
      name: "undici 'fetch failed' with a headers timeout as cause → jwks_timeout",
      error: new TypeError('fetch failed', { cause: err({ code: 'UND_ERR_HEADERS_TIMEOUT' }) }),
      errorType: 'jwks_timeout',
      code: 'UND_ERR_HEADERS_TIMEOUT',
    },
    {
      name: 'connection refused → error.type jwks_fetch_failed',
      error: err({ code: 'ECONNREFUSED' }),
      errorType: 'jwks_fetch_failed',
      code: 'ECONNREFUSED',
    },
    {
      name: 'aws-jwt-verify JwtExpiredError → token_expired',
      error: err({ name: 'JwtExpiredError' }),
      reason: 'token_expired',
      code: 'JwtExpiredError',
    },
    {
      name: 'aws-jwt-verify KidNotFoundInJwksError → key_not_found',
      error: err({ name: 'KidNotFoundInJwksError' }),
      reason: 'key_not_found',
    },
    {
      name: 'aws-jwt-verify WaitPeriodNotYetEndedJwkError → jwks_fetch_failed',
      error: err({ name: 'WaitPeriodNotYetEndedJwkError' }),
      errorType: 'jwks_fetch_failed',
    },
    {
      name: 'Firebase auth/id-token-revoked → token_revoked',
      error: err({ code: 'auth/id-token-revoked' }),
      reason: 'token_revoked',
    },
    {
      name: 'an unknown error has no reason and no code from its message',
      error: new Error('eyJ.secret.token'),
      reason: undefined,
    },
    { name: 'a thrown string has nothing', error: 'eyJhbGciOi.x.y', reason: undefined },
  ];
  it.each(table)('$name', ({ error, reason, errorType, code }) => {
    const result = classifyVerificationFailure(error);
    expect(result.reason).toBe(reason);
    expect(result.errorType).toBe(errorType);
    if (code !== undefined) expect(result.code).toBe(code);
    expect(JSON.stringify(result)).not.toContain('message');
  });
});
