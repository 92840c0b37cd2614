import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  METRIC_AUTHN_JWKS_AGE,
  METRIC_AUTHN_JWKS_FETCH_DURATION,
  METRIC_AUTHN_JWKS_LOOKUPS,
  METRIC_AUTHN_VERIFICATION_DURATION,
  type AuthnFailureReason,
} from '../src/index.js';
import { createJwtVerifier, type JwtVerifier } from '../src/jwt/index.js';
import { createHarness, pointWith, type Harness } from './harness.js';
import { createSigningKey, signToken, startJwksServer, type JwksServer, type SigningKey } from './keySets.js';

const MAIN = 'https://main.issuer.test/';
const PARTNER = 'https://partner.issuer.test/';
const AUDIENCE = 'bookings-api';

let mainKey: SigningKey;
let partnerKey: SigningKey;
let attackerKey: SigningKey;
let server: JwksServer;
let harness: Harness;
let verifier: JwtVerifier;

beforeAll(async () => {
  [mainKey, partnerKey, attackerKey] = await Promise.all([
    createSigningKey('main-1'),
    createSigningKey('partner-1'),
    createSigningKey('main-1'),
  ]);
  server = await startJwksServer({ keys: [mainKey.publicJwk] });
});
afterAll(async () => server.close());
afterEach(async () => {
  verifier.close();
  await harness.shutdown();
  server.setBehaviour({});
});

function setUp(jwksOptions: { cooldownDuration?: number; timeoutDuration?: number } = {}) {
  harness = createHarness();
  verifier = createJwtVerifier(harness.telemetry, {
    issuers: [
      { alias: 'main', issuer: MAIN, audience: AUDIENCE, jwksUri: server.url, jwksOptions: jwksOptions },
      { alias: 'partner', issuer: PARTNER, audience: AUDIENCE, jwks: { keys: [partnerKey.publicJwk] } },
    ],
  });
}

interface Case {
  name: string;
  token: () => Promise<string>;
  reason: AuthnFailureReason | undefined;
  issuer: string | undefined;
}

const cases: Case[] = [
  {
    name: 'a valid token of the remote-JWKS issuer is a success',
    token: () => signToken(mainKey, { iss: MAIN, aud: AUDIENCE, sub: 'u-1' }, { expiresIn: '5m' }),
    reason: undefined,
    issuer: 'main',
  },
  {
    name: 'a valid token of the static-JWKS issuer is a success',
    token: () => signToken(partnerKey, { iss: PARTNER, aud: AUDIENCE, sub: 'u-2' }, { expiresIn: '5m' }),
    reason: undefined,
    issuer: 'partner',
  },
  {
    name: 'an expired token is token_expired',
    token: () =>
      signToken(mainKey, { iss: MAIN, aud: AUDIENCE, sub: 'u' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
    reason: 'token_expired',
    issuer: 'main',
  },
  {
    name: 'a token used before nbf is token_not_yet_valid',
    token: () => signToken(mainKey, { iss: MAIN, aud: AUDIENCE, sub: 'u' }, { expiresIn: '1h', notBefore: '30m' }),
    reason: 'token_not_yet_valid',
    issuer: 'main',
  },
  {
    name: 'a token forged with another key under the same kid is signature_invalid',
    token: () => signToken(attackerKey, { iss: MAIN, aud: AUDIENCE, sub: 'admin' }, { expiresIn: '5m' }),
    reason: 'signature_invalid',
    issuer: 'main',
  },
  {
    name: 'a token with an unknown kid is key_not_found',
    token: () => signToken(mainKey, { iss: MAIN, aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m', kid: 'rotated-away' }),
    reason: 'key_not_found',
    issuer: 'main',
  },
  {
    name: 'a token for another audience is audience_mismatch',
    token: () => signToken(mainKey, { iss: MAIN, aud: 'other-api', sub: 'u' }, { expiresIn: '5m' }),
    reason: 'audience_mismatch',
    issuer: 'main',
  },
  {
    name: 'a token from an unconfigured issuer is issuer_mismatch',
    token: () => signToken(mainKey, { iss: 'https://evil.test/', aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m' }),
    reason: 'issuer_mismatch',
    issuer: '_OTHER',
  },
  {
    name: 'an HS256 token is algorithm_not_allowed',
    token: () =>
      new SignJWT({ iss: MAIN, aud: AUDIENCE, sub: 'u' })
        .setProtectedHeader({ alg: 'HS256', kid: 'main-1' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!')),
    reason: 'algorithm_not_allowed',
    issuer: 'main',
  },
  {
    name: 'something that is not a JWT is token_malformed',
    token: async () => 'not-a-jwt',
    reason: 'token_malformed',
    issuer: '_OTHER',
  },
];

describe('createJwtVerifier', () => {
  it.each(cases)('$name', async ({ token, reason, issuer }) => {
    setUp();
    const outcome = await verifier.authenticate(await token(), { route: '/bookings/:id', method: 'GET' });
    expect(outcome.ok).toBe(reason === undefined);
    if (!outcome.ok) expect(outcome.reason).toBe(reason);
    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.attributes).toMatchObject({
      'authn.mechanism': 'jwt',
      'authn.verification.location': 'local',
      'authn.result': reason === undefined ? 'success' : 'failure',
      'http.route': '/bookings/:id',
    });
    expect(point!.attributes['authn.failure.reason']).toBe(reason);
    expect(point!.attributes['authn.issuer']).toBe(issuer);
    expect(harness.logs().find((l) => l.eventName === 'authn.verification')!.attributes['authn.decision.id']).toBe(
      outcome.decisionId,
    );
  });

  it('rejects an unconfigured issuer before fetching any key set', async () => {
    setUp();
    const before = server.requests();
    const outcome = await verifier.authenticate(
      await signToken(mainKey, { iss: 'https://evil.test/', aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m' }),
    );
    expect(outcome.ok).toBe(false);
    expect(server.requests()).toBe(before);
    expect(await harness.histogram(METRIC_AUTHN_JWKS_FETCH_DURATION)).toEqual([]);
  });

  it('records the initial fetch, then cache hits, and a cooldown-blocked lookup for an unknown kid', async () => {
    setUp();
    const valid = await signToken(mainKey, { iss: MAIN, aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m' });
    expect((await verifier.authenticate(valid)).ok).toBe(true);
    expect((await verifier.authenticate(valid)).ok).toBe(true);
    await verifier.authenticate(
      await signToken(mainKey, { iss: MAIN, aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m', kid: 'unknown' }),
    );
    const fetches = await harness.histogram(METRIC_AUTHN_JWKS_FETCH_DURATION);
    expect(pointWith(fetches, { 'authn.issuer': 'main', 'authn.jwks.trigger': 'initial' }).count).toBe(1);
    expect(fetches).toHaveLength(1);
    const lookups = await harness.sum(METRIC_AUTHN_JWKS_LOOKUPS);
    expect(pointWith(lookups, { 'authn.jwks.cache.result': 'miss_refetched' }).value).toBe(1);
    expect(pointWith(lookups, { 'authn.jwks.cache.result': 'hit' }).value).toBe(1);
    expect(pointWith(lookups, { 'authn.jwks.cache.result': 'cooldown_blocked' }).value).toBe(1);
    const [age] = await harness.gauge(METRIC_AUTHN_JWKS_AGE);
    expect(age!.attributes['authn.issuer']).toBe('main');
    expect(age!.value).toBeGreaterThanOrEqual(0);
    expect(age!.value).toBeLessThan(60);
    expect(harness.logs().filter((l) => l.eventName === 'authn.jwks.refresh')).toHaveLength(1);
  });

  it('refetches for an unknown kid once the cooldown allows it (key rotation)', async () => {
    setUp({ cooldownDuration: 0 });
    const rotated = await createSigningKey('main-2');
    expect(
      (
        await verifier.authenticate(
          await signToken(mainKey, { iss: MAIN, aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m' }),
        )
      ).ok,
    ).toBe(true);
    server.setKeys({ keys: [mainKey.publicJwk, rotated.publicJwk] });
    expect(
      (
        await verifier.authenticate(
          await signToken(rotated, { iss: MAIN, aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m' }),
        )
      ).ok,
    ).toBe(true);
    server.setKeys({ keys: [mainKey.publicJwk] });
    const fetches = await harness.histogram(METRIC_AUTHN_JWKS_FETCH_DURATION);
    expect(pointWith(fetches, { 'authn.jwks.trigger': 'unknown_kid' }).count).toBe(1);
  });

  const unavailable = [
    {
      name: 'a JWKS endpoint answering 500 is error.type jwks_fetch_failed',
      behaviour: { status: 500 },
      errorType: 'jwks_fetch_failed',
    },
    {
      name: 'a JWKS endpoint slower than the timeout is error.type jwks_timeout',
      behaviour: { delayMs: 500 },
      errorType: 'jwks_timeout',
    },
  ];
  it.each(unavailable)('$name', async ({ behaviour, errorType }) => {
    setUp({ timeoutDuration: 100 });
    server.setBehaviour(behaviour);
    const outcome = await verifier.authenticate(
      await signToken(mainKey, { iss: MAIN, aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m' }),
    );
    expect(outcome).toMatchObject({ ok: false, errorType });
    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.attributes['error.type']).toBe(errorType);
    expect(point!.attributes['authn.failure.reason']).toBeUndefined();
    const [fetch] = await harness.histogram(METRIC_AUTHN_JWKS_FETCH_DURATION);
    expect(fetch!.attributes['error.type']).toBe(errorType);
  });

  it('refuses an issuer configured without exactly one key source', () => {
    harness = createHarness();
    verifier = { authenticate: async () => ({ ok: false, error: undefined, decisionId: '' }), close: () => {} };
    expect(() => createJwtVerifier(harness.telemetry, { issuers: [{ alias: 'x', issuer: 'https://x/' }] })).toThrow(
      /exactly one of jwksUri, jwks or key/,
    );
  });
});
