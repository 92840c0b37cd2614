import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticateBearer,
  checkTenantBoundary,
  createNodeAuthentication,
  instrumentPolicyCheck,
  instrumentVerifier,
  withAuthentication,
  withAuthorization,
} from '../src/index.js';
import { createJwtVerifier } from '../src/jwt/index.js';
import { createHarness, type Harness } from './harness.js';
import { createSigningKey, signToken, startJwksServer, type SigningKey } from './keySets.js';

/** Small seeded PRNG (mulberry32) so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function randomString(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET.charAt(Math.floor(random() * ALPHABET.length));
  return out;
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;
const BEARER = /bearer\s+\S{8,}/i;
const EMAIL = /[^\s@"]+@[^\s@"]+\.[A-Za-z]{2,}/;

const ISSUER = 'https://issuer.leak.test/';
let key: SigningKey;
let forger: SigningKey;
beforeAll(async () => {
  [key, forger] = await Promise.all([createSigningKey('k1'), createSigningKey('k1')]);
});

let harness: Harness;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await harness.shutdown();
});

const SEED = Number(process.env['LEAK_TEST_SEED'] ?? Date.now() % 1_000_000);

describe(`no token, secret or personal identifier is exported (seed ${SEED})`, () => {
  it('across every path: JWT verifier, HTTP middleware, remote verifier, policy checks, tenant checks, record functions', async () => {
    const random = prng(SEED);
    harness = createHarness({ telemetry: { metricAllowlists: { issuers: ['main'] } } });
    const { telemetry } = harness;
    const jwks = await startJwksServer({ keys: [key.publicJwk] });
    cleanups.push(() => jwks.close());
    const verifier = createJwtVerifier(telemetry, {
      issuers: [{ alias: 'main', issuer: ISSUER, audience: 'api', jwksUri: jwks.url }],
    });
    cleanups.push(async () => verifier.close());
    const authenticate = createNodeAuthentication({ telemetry, verifier });
    const server = createServer(async (req, res) => {
      const result = await authenticate(req, res, '/r/:id');
      if (result.ok) res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const secrets: string[] = [];
    const remember = <T extends string>(value: T): T => {
      secrets.push(value);
      return value;
    };

    for (let round = 0; round < 12; round++) {
      const email = remember(
        `${randomString(random, 8).toLowerCase()}@${randomString(random, 6).toLowerCase()}.example`,
      );
      const jti = remember(randomString(random, 24));
      const apiKey = remember(`sk_live_${randomString(random, 24)}`);
      const cookie = remember(randomString(random, 32));
      const password = remember(randomString(random, 20));
      const resourceId = remember(randomString(random, 16));
      const claims = {
        iss: ISSUER,
        aud: 'api',
        sub: email,
        jti,
        azp: email,
        act: { sub: remember(randomString(random, 12)) },
        password,
      };
      const valid = remember(await signToken(key, claims, { expiresIn: '5m' }));
      const expired = remember(await signToken(key, claims, { expiresIn: Math.floor(Date.now() / 1000) - 10 }));
      const forged = remember(await signToken(forger, claims, { expiresIn: '5m' }));
      const hs = remember(
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(remember(randomString(random, 32)))),
      );
      const garbage = remember(`eyJ${randomString(random, 30)}.${randomString(random, 20)}`);
      const tokens = [valid, expired, forged, hs, garbage];
      // Signatures on their own, too.
      for (const token of tokens) {
        const signature = token.split('.')[2];
        if (signature !== undefined && signature.length > 10) remember(signature);
      }

      for (const token of tokens) {
        await verifier.authenticate(token, { route: '/r/:id', method: 'POST' });
        await fetch(`${base}/r/${resourceId}`, {
          headers: { authorization: `Bearer ${token}`, cookie: `session=${cookie}`, 'x-api-key': apiKey },
        });
        await authenticateBearer({ telemetry, verifier }, `bearer ${token}`, { route: '/r/:id' });
      }
      await fetch(`${base}/r/${resourceId}`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`,
          cookie: `session=${cookie}`,
        },
      });

      const remote = instrumentVerifier(telemetry, async (token: string) => {
        if (random() < 0.5)
          throw Object.assign(new Error(`invalid token ${token} for ${email}`), { code: token, name: apiKey });
        return { sub: email, client_id: apiKey, jti };
      });
      await remote.authenticate(valid);
      await withAuthentication(telemetry, { issuer: email }, () => ({ payload: claims }));
      await withAuthentication(telemetry, {}, () => {
        throw Object.assign(new Error(`${valid} rejected`), { code: `ERR_${password}` });
      });

      const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)]!;
      const freeTextSecret = () => pick([valid, email, `Bearer ${cookie}`, forged]);
      await withAuthorization(
        telemetry,
        {
          kind: 'policy',
          engine: 'opa',
          policyName: freeTextSecret(),
          action: freeTextSecret(),
          resourceType: freeTextSecret(),
          resourceId,
          subject: email,
          claims,
        },
        () => random() < 0.5,
      );
      await withAuthorization(
        telemetry,
        {
          kind: 'role',
          policyVersion: freeTextSecret(),
          route: freeTextSecret(),
          authenticationDecisionId: freeTextSecret(),
        },
        () => {
          throw Object.assign(new Error(`pdp down for ${email} with ${valid}`), { code: apiKey });
        },
      );
      const check = instrumentPolicyCheck(
        telemetry,
        (_token: string) => ({ allow: false, reason: 'explicit_deny' as const, policyVersion: freeTextSecret() }),
        { kind: 'scope' },
        () => ({ resourceId, tenantId: freeTextSecret() }),
      );
      await check(valid);
      checkTenantBoundary(telemetry, {
        tenantId: freeTextSecret(),
        resourceTenantId: freeTextSecret(),
        resourceId,
        claims,
        action: freeTextSecret(),
      });
      telemetry.recordAuthentication({
        result: 'failure',
        failureReason: 'signature_invalid',
        failureCode: valid,
        issuer: freeTextSecret(),
        claims,
        route: freeTextSecret(),
        method: email,
      });
      telemetry.recordAuthorization({
        kind: 'ownership',
        allowed: true,
        failureCode: apiKey,
        subject: email,
        resourceId,
        tenantId: email,
        claims,
      });
    }

    const exported = await harness.exportedText();
    // The run produced real data on every signal.
    expect(harness.spans().length).toBeGreaterThan(100);
    expect(harness.logs().length).toBeGreaterThan(50);
    expect(exported).toContain('authn.verification.duration');
    expect(exported).toContain('authz.decision.duration');
    expect(exported).toContain('authn.jwks.lookups');

    const leaked = secrets.filter((secret) => exported.includes(secret));
    if (leaked.length > 0)
      console.log(
        leaked.map((s) => [
          s,
          exported.slice(Math.max(0, exported.indexOf(s) - 200), exported.indexOf(s) + s.length + 20),
        ]),
      );
    expect(leaked, `seed ${SEED}`).toEqual([]);
    expect(JWT_LIKE.exec(exported)?.[0], `seed ${SEED}`).toBeUndefined();
    expect(BEARER.exec(exported)?.[0], `seed ${SEED}`).toBeUndefined();
    expect(EMAIL.exec(exported)?.[0], `seed ${SEED}`).toBeUndefined();
    for (const header of ['authorization', 'cookie', 'x-api-key', 'session='])
      expect(exported.toLowerCase()).not.toContain(header);
  });

  it('attacker-shaped values in every caller-controlled field: nothing leaks, nothing unescaped, every deny keeps exactly one audit record', async () => {
    const random = prng(SEED + 1);
    harness = createHarness({ telemetry: { metricAllowlists: { issuers: ['main'], policyNames: ['bookings'] } } });
    const { telemetry } = harness;
    const secrets: string[] = [];
    const remember = (value: string): string => {
      secrets.push(value);
      return value;
    };
    const UNSAFE = ['\n', '\r', '\u0000', '\u001b[31m', '\u202e', '\u2066', '\u200f', '\u2028', '\u0085'];
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const jwtOf = () => {
      const token = `eyJ${randomString(random, 20)}.eyJ${randomString(random, 30)}.${randomString(random, 40)}`;
      for (const part of token.split('.')) remember(part);
      return remember(token);
    };
    /** One attacker-shaped value: a credential or identifier shape, wrapped in or spliced with unsafe characters. */
    const attacker = (): string => {
      const shapes = [
        () => remember(`${randomString(random, 8).toLowerCase()}@${randomString(random, 6).toLowerCase()}.example`),
        jwtOf,
        () => `Bearer ${remember(randomString(random, 24))}`,
        () => remember(`sk_live_${randomString(random, 24)}`),
        () => `${pick(UNSAFE)}fake INFO authz.decision allow${pick(UNSAFE)}`,
      ];
      const value = pick(shapes)();
      const mode = random();
      if (mode < 0.3) return `${pick(UNSAFE)}${value}${pick(UNSAFE)}`;
      if (mode < 0.45 && value.length > 6) return `${value.slice(0, 4)}${pick(UNSAFE)}${value.slice(4)}`;
      return value;
    };

    const denies: string[] = [];
    for (let round = 0; round < 60; round++) {
      const request = {
        route: attacker(),
        method: attacker(),
        clientAddress: attacker(),
        userAgent: attacker(),
        sessionId: attacker(),
      };
      const claims = {
        sub: attacker(),
        jti: attacker(),
        azp: attacker(),
        client_id: attacker(),
        sid: attacker(),
        acr: attacker(),
        amr: [attacker(), 'pwd'],
        act: { sub: attacker() },
        tenant: attacker(),
      };
      const authz = await withAuthorization(
        telemetry,
        {
          ...request,
          kind: 'policy',
          engine: 'opa',
          policyName: pick(['bookings', attacker()]),
          policyVersion: attacker(),
          action: attacker(),
          resourceType: attacker(),
          resourceId: attacker(),
          tenantId: attacker(),
          resourceTenantId: attacker(),
          subject: attacker(),
          authenticationDecisionId: attacker(),
          claims,
        },
        () => ({ allow: false, reason: 'explicit_deny' as const, policyVersion: attacker() }),
      );
      denies.push(authz.decisionId);
      const fallback = await withAuthorization(
        telemetry,
        { ...request, kind: 'role', tenantId: attacker(), resourceTenantId: attacker(), fallback: 'fail_closed' },
        () => {
          throw Object.assign(new Error(attacker()), { code: attacker() });
        },
      );
      denies.push(fallback.decisionId);
      denies.push(
        checkTenantBoundary(telemetry, {
          ...request,
          tenantId: attacker(),
          resourceTenantId: attacker(),
          resourceId: attacker(),
          action: attacker(),
          resourceType: attacker(),
          claims,
        }).decisionId,
      );
      const authn = await withAuthentication(telemetry, { ...request, issuer: attacker() }, () => {
        throw Object.assign(new Error(attacker()), { code: 'ERR_JWT_EXPIRED' });
      });
      denies.push(authn.decisionId);
      denies.push(
        telemetry.recordAuthentication({
          ...request,
          result: 'failure',
          failureReason: 'signature_invalid',
          failureCode: attacker(),
          issuer: attacker(),
          claims,
        }).decisionId,
      );
      denies.push(
        telemetry.recordAuthorization({
          ...request,
          kind: 'ownership',
          allowed: false,
          denialReason: 'explicit_deny',
          failureCode: attacker(),
          subject: attacker(),
          resourceId: attacker(),
          tenantId: attacker(),
          resourceTenantId: attacker(),
          claims,
        }).decisionId,
      );
    }

    const logs = harness.logs();
    const byDecision = new Map<string, number>();
    for (const log of logs) {
      const id = (log.attributes['authz.decision.id'] ?? log.attributes['authn.decision.id']) as string;
      byDecision.set(id, (byDecision.get(id) ?? 0) + 1);
    }
    const notExactlyOnce = denies.filter((id) => byDecision.get(id) !== 1);
    expect(notExactlyOnce, `seed ${SEED}`).toEqual([]);
    expect(logs.every((l) => l.severityText === 'WARN' || l.severityText === 'ERROR')).toBe(true);
    // The masking happened and was counted.
    expect(logs.some((l) => Array.isArray(l.attributes['auth.redaction.masked']))).toBe(true);

    const exported = await harness.exportedText();
    const leaked = secrets.filter((secret) => exported.includes(secret));
    if (leaked.length > 0)
      console.log(
        leaked
          .slice(0, 5)
          .map((s) => exported.slice(Math.max(0, exported.indexOf(s) - 120), exported.indexOf(s) + s.length + 20)),
      );
    expect(leaked, `seed ${SEED}`).toEqual([]);
    expect(JWT_LIKE.exec(exported)?.[0], `seed ${SEED}`).toBeUndefined();
    expect(BEARER.exec(exported)?.[0], `seed ${SEED}`).toBeUndefined();
    expect(EMAIL.exec(exported)?.[0], `seed ${SEED}`).toBeUndefined();
    // No raw control or bidi character in any exported attribute value (JSON would hide some of them).
    const values = [...harness.spans().map((span) => span.attributes), ...logs.map((log) => log.attributes)].flatMap(
      (attributes) => Object.values(attributes).flat(),
    );
    const raw = values.filter(
      (value) =>
        typeof value === 'string' && /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/.test(value),
    );
    expect(raw, `seed ${SEED}`).toEqual([]);
    const dropped = await harness.sum('auth.telemetry.records.dropped');
    expect(dropped.find((p) => p.attributes['reason'] === 'masked')!.value).toBeGreaterThan(0);
  });
});
