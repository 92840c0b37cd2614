import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticationOf,
  createNodeAuthentication,
  DECISION_ID_HEADER,
  expressAuthentication,
  fastifyAuthentication,
  instrumentVerifier,
  METRIC_AUTHN_VERIFICATION_DURATION,
  type TokenVerifier,
} from '../src/index.js';
import { createJwtVerifier } from '../src/jwt/index.js';
import { createHarness, type Harness } from './harness.js';
import { createSigningKey, signToken, type SigningKey } from './keySets.js';

const ISSUER = 'https://issuer.test/';
let key: SigningKey;
let validToken: string;
let expiredToken: string;
beforeAll(async () => {
  key = await createSigningKey('k1');
  validToken = await signToken(key, { iss: ISSUER, aud: 'api', sub: 'user-1' }, { expiresIn: '5m' });
  expiredToken = await signToken(
    key,
    { iss: ISSUER, aud: 'api', sub: 'user-1' },
    { expiresIn: Math.floor(Date.now() / 1000) - 120 },
  );
});

let harness: Harness;
let close: () => Promise<void> = async () => {};
afterEach(async () => {
  await close();
  close = async () => {};
  await harness.shutdown();
});

type Host = (verifier: TokenVerifier, h: Harness) => Promise<{ base: string; stop: () => Promise<void> }>;

function listen(server: Server): Promise<{ base: string; stop: () => Promise<void> }> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

const hosts: Record<string, Host> = {
  'node:http': async (verifier, h) => {
    const authenticate = createNodeAuthentication({ telemetry: h.telemetry, verifier });
    return listen(
      createServer(async (req, res) => {
        const result = await authenticate(req, res, '/bookings/:id');
        if (!result.ok) return;
        res.end(JSON.stringify({ decisionId: authenticationOf(req)?.decisionId }));
      }),
    );
  },
  express: async (verifier, h) => {
    const app = express();
    app.get('/bookings/:id', expressAuthentication({ telemetry: h.telemetry, verifier }), (req, res) => {
      res.json({ decisionId: authenticationOf(req)?.decisionId });
    });
    return listen(createServer(app));
  },
  fastify: async (verifier, h) => {
    const app: FastifyInstance = Fastify();
    app.addHook('onRequest', fastifyAuthentication({ telemetry: h.telemetry, verifier }));
    app.get('/bookings/:id', async (request) => ({ decisionId: authenticationOf(request)?.decisionId }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, stop: () => app.close() };
  },
};

const requests = [
  {
    name: 'a valid bearer token passes',
    header: () => `Bearer ${validToken}`,
    status: 200,
    result: 'success',
    reason: undefined,
  },
  {
    name: 'no Authorization header is 401 with result none',
    header: () => undefined,
    status: 401,
    result: 'none',
    reason: 'token_missing',
  },
  {
    name: 'another scheme is 401 token_malformed',
    header: () => 'Basic dXNlcjpwYXNzd29yZA==',
    status: 401,
    result: 'failure',
    reason: 'token_malformed',
  },
  {
    name: 'an expired token is 401 token_expired',
    header: () => `Bearer ${expiredToken}`,
    status: 401,
    result: 'failure',
    reason: 'token_expired',
  },
];

describe.each(Object.keys(hosts))('%s middleware', (hostName) => {
  it.each(requests)('$name, recorded with the route template', async ({ header, status, result, reason }) => {
    harness = createHarness();
    const verifier = createJwtVerifier(harness.telemetry, {
      issuers: [{ alias: 'main', issuer: ISSUER, audience: 'api', jwks: { keys: [key.publicJwk] } }],
    });
    const server = await hosts[hostName]!(verifier, harness);
    close = server.stop;
    const value = header();
    const response = await fetch(`${server.base}/bookings/8f1c2a`, {
      headers: value === undefined ? {} : { authorization: value },
    });
    expect(response.status).toBe(status);
    const decisionId =
      status === 200
        ? ((await response.json()) as { decisionId: string }).decisionId
        : response.headers.get(DECISION_ID_HEADER);
    if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.attributes).toMatchObject({
      'authn.result': result,
      'http.route': '/bookings/:id',
      'http.request.method': 'GET',
    });
    expect(point!.attributes['authn.failure.reason']).toBe(reason);
    expect(harness.logs()[0]!.attributes['authn.decision.id']).toBe(decisionId);
    expect(harness.logs()[0]!.attributes['client.address']).toBe('127.0.0.1');
    expect(harness.logs()[0]!.attributes['user_agent.original']).toBe('node');
    expect(JSON.stringify(point!.attributes)).not.toContain('8f1c2a');
  });
});

describe('instrumentVerifier', () => {
  it('records a provider round trip as a remote verification and maps the provider error', async () => {
    harness = createHarness();
    const providerVerify = async (token: string) => {
      if (token === 'good-opaque-token') return { sub: 'user-9', active: true };
      throw Object.assign(new Error(`token ${token} expired`), { name: 'JwtExpiredError' });
    };
    const verifier = instrumentVerifier(harness.telemetry, providerVerify, { mechanism: 'opaque_token' });
    expect((await verifier.authenticate('good-opaque-token', { route: '/me' })).ok).toBe(true);
    const failed = await verifier.authenticate('bad-opaque-token');
    expect(failed).toMatchObject({ ok: false, reason: 'token_expired' });
    const points = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(points.every((p) => p.attributes['authn.verification.location'] === 'remote')).toBe(true);
    const text = await harness.exportedText();
    expect(text).not.toContain('bad-opaque-token');
    expect(text).not.toContain(' expired');
  });
});

describe('when the verifier cannot decide', () => {
  it('answers 503 with Retry-After and records error.type, not a failure reason', async () => {
    harness = createHarness();
    const verifier = instrumentVerifier(
      harness.telemetry,
      async () => {
        throw Object.assign(new Error('JWKS took too long'), { code: 'ERR_JWKS_TIMEOUT' });
      },
      { location: 'local' },
    );
    const server = await hosts['node:http']!(verifier, harness);
    close = server.stop;
    const response = await fetch(`${server.base}/bookings/1`, { headers: { authorization: `Bearer ${validToken}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('www-authenticate')).toBeNull();
    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.attributes).toMatchObject({
      'error.type': 'jwks_timeout',
      'authn.result': 'failure',
      'authn.verification.location': 'local',
    });
    expect(point!.attributes['authn.failure.reason']).toBeUndefined();
  });
});
