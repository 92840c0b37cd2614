import { relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCodeLocation } from '../src/codeLocation.js';
import { checkTenantBoundary, instrumentPolicyCheck, withAuthentication, withAuthorization } from '../src/index.js';
import { createJwtVerifier } from '../src/jwt/index.js';
import { createHarness, type Harness } from './harness.js';
import { createSigningKey, signToken } from './keySets.js';

const ISSUER = 'https://main.issuer.test/';
const thisFile = relative(process.cwd(), import.meta.filename);
/** The line of the call that follows this one in the test's source (V8 numbers lines from 1). */
const nextLine = () => Number([...(new Error().stack ?? '').matchAll(/codeLocation\.test\.ts:(\d+)/g)][1]![1]) + 1;

let harness: Harness;
afterEach(async () => harness.shutdown());

const codeOf = (attributes: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(attributes).filter(([key]) => key.startsWith('code.')));

describe('code location of a decision (code.* span attributes)', () => {
  it('is where withAuthentication and withAuthorization are called, with the calling function', async () => {
    harness = createHarness();
    async function verifyBearer() {
      const line = nextLine();
      await withAuthentication(harness.telemetry, { mechanism: 'jwt', location: 'local' }, () => ({ sub: 'u-1' }));
      return line;
    }
    const authnLine = await verifyBearer();
    const authzLine = nextLine();
    await withAuthorization(harness.telemetry, { kind: 'role', policyName: 'bookings' }, () => true);
    const [authn, authz] = harness.spans();
    expect(codeOf(authn!.attributes)).toEqual({
      'code.file.path': thisFile,
      'code.line.number': authnLine,
      'code.column.number': expect.any(Number),
      'code.function.name': 'verifyBearer',
    });
    expect(codeOf(authz!.attributes)).toMatchObject({ 'code.file.path': thisFile, 'code.line.number': authzLine });
  });

  it('is where a verifier or check was created for decisions that arrive through it, and the caller for recorded ones', async () => {
    harness = createHarness();
    const key = await createSigningKey('k1');
    const verifierLine = nextLine();
    const verifier = createJwtVerifier(harness.telemetry, {
      issuers: [{ alias: 'main', issuer: ISSUER, audience: 'api', jwks: { keys: [key.publicJwk] } }],
    });
    const checkLine = nextLine();
    const check = instrumentPolicyCheck(harness.telemetry, (role: string) => role === 'admin', {
      kind: 'role',
      policyName: 'admin',
    });
    const outcome = await verifier.authenticate(
      await signToken(key, { iss: ISSUER, aud: 'api', sub: 'u-1' }, { expiresIn: '5m' }),
    );
    expect(outcome.ok).toBe(true);
    await check('reader');
    const boundaryLine = nextLine();
    checkTenantBoundary(harness.telemetry, { tenantId: 't1', resourceTenantId: 't2' });
    verifier.close();
    const lines = harness
      .spans()
      .filter((span) => span.name !== 'authn.jwks.fetch')
      .map((span) => [span.name, span.attributes['code.file.path'], span.attributes['code.line.number']]);
    expect(lines).toEqual([
      ['authn.verify', thisFile, verifierLine],
      ['authz.check', thisFile, checkLine],
      ['authz.check', thisFile, boundaryLine],
    ]);
  });

  it('never reaches metrics or audit events', async () => {
    harness = createHarness();
    await withAuthorization(harness.telemetry, { kind: 'role', policyName: 'bookings' }, () => false);
    const { metrics, logs } = JSON.parse(await harness.exportedText()) as { metrics: unknown; logs: unknown };
    expect(JSON.stringify(metrics)).not.toContain('code.');
    expect(JSON.stringify(logs)).not.toContain('code.');
    expect(harness.spans()[0]!.attributes['code.file.path']).toBe(thisFile);
  });

  it('is not captured when nothing records the span, and a broken stack API changes no verdict', async () => {
    harness = createHarness({ sampleNoSpans: true });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be put back as it was
    const original = Error.captureStackTrace;
    const limit = Error.stackTraceLimit;
    let captured = 0;
    Error.captureStackTrace = (...args: Parameters<typeof original>) => {
      captured += 1;
      original(...args);
    };
    try {
      await withAuthentication(harness.telemetry, { mechanism: 'jwt', location: 'local' }, () => ({ sub: 'u' }));
    } finally {
      Error.captureStackTrace = original;
    }
    expect(captured).toBe(0);

    harness = createHarness();
    Error.captureStackTrace = () => {
      throw new Error('broken');
    };
    let outcome;
    try {
      outcome = await withAuthorization(harness.telemetry, { kind: 'role', policyName: 'x' }, () => false);
      expect(captureCodeLocation()).toBeUndefined();
    } finally {
      Error.captureStackTrace = original;
    }
    expect(outcome.allowed).toBe(false);
    expect(harness.spans()[0]!.attributes['code.file.path']).toBeUndefined();
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
