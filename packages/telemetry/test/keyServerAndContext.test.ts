import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticateBearer,
  createNodeAuthentication,
  METRIC_AUTHN_JWKS_FETCH_DURATION,
  METRIC_AUTHN_VERIFICATION_DURATION,
  METRIC_RECORDS_DROPPED,
  withAuthorization,
} from '../src/index.js';
import { createJwtVerifier, type JwtVerifier } from '../src/jwt/index.js';
import type { RemoteJwksOptions } from '../src/jwt/instrumentedRemoteJwks.js';
import { createHarness, pointWith, type Harness } from './harness.js';
import { createSigningKey, signToken, startJwksServer, type JwksServer, type SigningKey } from './keySets.js';

const ISSUER = 'https://main.keyserver.test/';
const AUDIENCE = 'api';

let key: SigningKey;
let server: JwksServer;
let refusedUrl: string;
let harness: Harness;
let verifier: JwtVerifier | undefined;

beforeAll(async () => {
  key = await createSigningKey('k1');
  server = await startJwksServer({ keys: [key.publicJwk] });
  const closed = await startJwksServer({ keys: [] });
  refusedUrl = closed.url;
  await closed.close();
});
afterAll(async () => server.close());
afterEach(async () => {
  verifier?.close();
  verifier = undefined;
  server.setBehaviour({});
  await harness.shutdown();
});

/** undici's shape for a socket or DNS failure: `TypeError: fetch failed` with the system error as `cause`. */
const failingFetch =
  (code: string): RemoteJwksOptions['fetch'] =>
  async () => {
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error(`getaddrinfo ${code} jwks.example`), { code }),
    });
  };

const keyServerFailures: [name: string, jwksUri: () => string, options: RemoteJwksOptions, errorType: string][] = [
  ['connection refused (a real closed port)', () => refusedUrl, {}, 'jwks_fetch_failed'],
  ['DNS failure (ENOTFOUND)', () => server.url, { fetch: failingFetch('ENOTFOUND') }, 'jwks_fetch_failed'],
  ['connection reset (ECONNRESET)', () => server.url, { fetch: failingFetch('ECONNRESET') }, 'jwks_fetch_failed'],
  ['HTTP 500', () => server.url, {}, 'jwks_fetch_failed'],
  [
    'invalid JSON',
    () => server.url,
    {
      fetch: async () =>
        new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    },
    'jwks_fetch_failed',
  ],
  ['timeout', () => server.url, { timeoutDuration: 100 }, 'jwks_timeout'],
];

describe('every JWKS failure is the key server’s: error.type, 503, ERROR', () => {
  it.each(keyServerFailures)('%s', async (name, jwksUri, options, errorType) => {
    if (name === 'HTTP 500') server.setBehaviour({ status: 500 });
    if (name === 'timeout') server.setBehaviour({ delayMs: 3_000 });
    harness = createHarness();
    verifier = createJwtVerifier(harness.telemetry, {
      issuers: [{ alias: 'main', issuer: ISSUER, audience: AUDIENCE, jwksUri: jwksUri(), jwksOptions: options }],
    });
    const token = await signToken(key, { iss: ISSUER, aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m' });
    const result = await authenticateBearer({ telemetry: harness.telemetry, verifier }, `Bearer ${token}`, {
      route: '/r',
      method: 'GET',
    });
    expect(result).toMatchObject({ ok: false, status: 503, errorType });
    expect(!result.ok && result.reason).toBeUndefined();

    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.attributes['error.type']).toBe(errorType);
    expect(point!.attributes['authn.failure.reason']).toBeUndefined();
    const audit = harness.logs().find((l) => l.eventName === 'authn.verification')!;
    expect(audit.severityText).toBe('ERROR');
    expect(audit.attributes['error.type']).toBe(errorType);
    const refresh = harness.logs().find((l) => l.eventName === 'authn.jwks.refresh')!;
    expect(refresh.severityText).toBe('ERROR');
    expect(refresh.attributes['error.type']).toBe(errorType);
    const [fetchPoint] = await harness.histogram(METRIC_AUTHN_JWKS_FETCH_DURATION);
    expect(fetchPoint!.attributes['error.type']).toBe(errorType);
  });

  it('a key set without the token’s key stays the token’s fault (key_not_found, 401)', async () => {
    harness = createHarness();
    verifier = createJwtVerifier(harness.telemetry, {
      issuers: [{ alias: 'main', issuer: ISSUER, audience: AUDIENCE, jwksUri: server.url }],
    });
    const token = await signToken(key, { iss: ISSUER, aud: AUDIENCE, sub: 'u' }, { expiresIn: '5m', kid: 'rotated' });
    const result = await authenticateBearer({ telemetry: harness.telemetry, verifier }, `Bearer ${token}`, {});
    expect(result).toMatchObject({ ok: false, status: 401, reason: 'key_not_found' });
  });
});

describe('audit context', () => {
  it('records client address, user agent (bounded), session hash, amr, acr and token age on the span and audit event, never on metrics', async () => {
    harness = createHarness();
    verifier = createJwtVerifier(harness.telemetry, {
      issuers: [{ alias: 'main', issuer: ISSUER, audience: AUDIENCE, jwksUri: server.url }],
    });
    const authenticate = createNodeAuthentication({ telemetry: harness.telemetry, verifier });
    const http = createServer(async (req, res) => {
      const result = await authenticate(req, res, '/r/:id');
      if (result.ok) res.end('ok');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const token = await signToken(
        key,
        {
          iss: ISSUER,
          aud: AUDIENCE,
          sub: 'u',
          sid: 'session-77',
          amr: ['pwd', 'otp', 'made-up'],
          acr: 'urn:acr:silver',
        },
        { expiresIn: '5m' },
      );
      const agent = `probe/1.0 ${'x'.repeat(400)}`;
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/r/1`, {
        headers: { authorization: `Bearer ${token}`, 'user-agent': agent },
      });
      expect(response.status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
    const audit = harness.logs().find((l) => l.eventName === 'authn.verification')!.attributes;
    expect(audit['client.address']).toBe('127.0.0.1');
    expect(audit['user_agent.original']).toBe(`probe/1.0 ${'x'.repeat(246)}`);
    expect(audit['session.hash']).toMatch(/^[0-9a-f]{32}$/);
    expect(audit['session.id']).toBeUndefined();
    expect(audit['authn.amr']).toEqual(['pwd', 'otp', '_OTHER']);
    expect(audit['authn.acr']).toBe('urn:acr:silver');
    expect(audit['authn.token.age']).toBeGreaterThanOrEqual(0);
    expect(audit['authn.token.age']).toBeLessThan(60);
    const span = harness.spans().find((s) => s.name === 'authn.verify')!;
    expect(span.attributes['session.hash']).toBe(audit['session.hash']);
    expect(JSON.stringify(await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION))).not.toMatch(
      /client\.address|user_agent|session|amr|acr|token\.age/,
    );
    expect(JSON.stringify(harness.logs())).not.toContain('session-77');
  });
});

describe('drops are counted from zero', () => {
  it('exports every reason at 0 once the instruments exist, and counts allows left out by the sample ratio as sampled', async () => {
    let draw = 0;
    harness = createHarness({
      telemetry: { audit: { allowSampleRatio: 0.5 }, random: () => (draw++ % 2 === 0 ? 0.1 : 0.9) },
    });
    await withAuthorization(harness.telemetry, { kind: 'role' }, () => false);
    const before = await harness.sum(METRIC_RECORDS_DROPPED);
    expect(before.map((p) => [p.attributes['reason'], p.value]).sort()).toEqual([
      ['hook_failed', 0],
      ['internal_error', 0],
      ['masked', 0],
      ['oversized', 0],
      ['rate_limited', 0],
      ['sampled', 0],
    ]);
    for (let i = 0; i < 4; i++) await withAuthorization(harness.telemetry, { kind: 'role' }, () => true);
    expect(pointWith(await harness.sum(METRIC_RECORDS_DROPPED), { reason: 'sampled' }).value).toBe(2);
    expect(harness.logs().filter((l) => l.attributes['authz.decision'] === 'allow')).toHaveLength(2);
  });
});
