import { context, type ContextManager, type MeterProvider, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import { MeterProvider as SdkMeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAuthTelemetry,
  EVENT_AUTHN_VERIFICATION,
  EVENT_AUTHZ_DECISION,
  METRIC_AUTHN_VERIFICATION_DURATION,
  METRIC_AUTHZ_DECISION_DURATION,
  METRIC_RECORDS_DROPPED,
  withAuthentication,
  withAuthorization,
  type AuthTelemetry,
} from '../src/index.js';
import { createHarness, pointWith, TestMetricReader, type Harness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.shutdown();
  harness = undefined;
});

const boom = (): never => {
  throw new Error('telemetry backend exploded');
};

/** Providers whose every method throws: the worst an SDK (or a misconfiguration) can do. */
const throwingTracerProvider: TracerProvider = { getTracer: () => ({ startSpan: boom, startActiveSpan: boom }) };
const throwingLoggerProvider: LoggerProvider = { getLogger: () => ({ emit: boom, enabled: () => true }) };
function meterProviderWithThrowingHistograms(reader: TestMetricReader): MeterProvider {
  const real = new SdkMeterProvider({ readers: [reader] });
  return {
    getMeter: (name, version, options) => {
      const meter = real.getMeter(name, version, options);
      return new Proxy(meter, {
        get(target, prop, receiver) {
          if (prop === 'createHistogram') return () => ({ record: boom });
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
    },
  };
}

describe('never throws into the auth path, never changes a decision', () => {
  const verdicts = [true, false];
  it.each(verdicts)(
    'a broken tracer, logger and histogram leave an authorization verdict of %s unchanged',
    async (verdict) => {
      const reader = new TestMetricReader();
      const telemetry = createAuthTelemetry({
        tracerProvider: throwingTracerProvider,
        loggerProvider: throwingLoggerProvider,
        meterProvider: meterProviderWithThrowingHistograms(reader),
      });
      const outcome = await withAuthorization(telemetry, { kind: 'role' }, () => verdict);
      expect(outcome.allowed).toBe(verdict);
      expect(outcome.decisionId).toMatch(/^[0-9a-f-]{36}$/);
      const { resourceMetrics } = await reader.collect();
      const dropped = resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === METRIC_RECORDS_DROPPED);
      expect(
        dropped?.dataPoints.find((p) => p.attributes['reason'] === 'internal_error')?.value,
      ).toBeGreaterThanOrEqual(1);
    },
  );

  it.each([
    ['success', async () => ({ sub: 'u' }), true],
    ['failure', async () => Promise.reject(Object.assign(new Error('x'), { code: 'ERR_JWT_EXPIRED' })), false],
  ] as const)('a broken telemetry stack leaves an authentication %s unchanged', async (_name, verify, ok) => {
    const reader = new TestMetricReader();
    const telemetry = createAuthTelemetry({
      tracerProvider: throwingTracerProvider,
      loggerProvider: throwingLoggerProvider,
      meterProvider: meterProviderWithThrowingHistograms(reader),
    });
    const outcome = await withAuthentication(telemetry, {}, verify);
    expect(outcome.ok).toBe(ok);
  });

  it('a context manager that throws after running the verification neither repeats it nor changes its result', async () => {
    harness = createHarness();
    const real = new AsyncLocalStorageContextManager().enable();
    const throwingAfter: ContextManager = {
      active: () => real.active(),
      with: (ctx, fn, thisArg, ...args) => {
        real.with(ctx, fn, thisArg, ...args);
        throw new Error('context manager exploded after the call');
      },
      bind: (ctx, target) => real.bind(ctx, target),
      enable: () => throwingAfter,
      disable: () => throwingAfter,
    };
    expect(context.setGlobalContextManager(throwingAfter)).toBe(true);
    try {
      let calls = 0;
      const ok = await withAuthentication(harness.telemetry, {}, () => {
        calls += 1;
        return { sub: 'u' };
      });
      const failed = await withAuthentication(harness.telemetry, {}, () => {
        calls += 1;
        throw Object.assign(new Error('expired'), { code: 'ERR_JWT_EXPIRED' });
      });
      expect(calls).toBe(2);
      expect(ok).toMatchObject({ ok: true, value: { sub: 'u' } });
      expect(failed).toMatchObject({ ok: false, reason: 'token_expired' });
      expect(pointWith(await harness.sum(METRIC_RECORDS_DROPPED), { reason: 'internal_error' }).value).toBe(2);
    } finally {
      context.disable();
      real.disable();
    }
  });

  it('plain record functions swallow a broken stack too', () => {
    const telemetry = createAuthTelemetry({
      tracerProvider: throwingTracerProvider,
      loggerProvider: throwingLoggerProvider,
      meterProvider: meterProviderWithThrowingHistograms(new TestMetricReader()),
    });
    expect(() => telemetry.recordAuthentication({ result: 'success' })).not.toThrow();
    expect(() => telemetry.recordAuthorization({ kind: 'policy', allowed: false })).not.toThrow();
  });

  it('with no SDK registered every wrapper still decides and returns a decision id', async () => {
    const telemetry: AuthTelemetry = createAuthTelemetry();
    expect((await withAuthorization(telemetry, { kind: 'scope' }, () => false)).allowed).toBe(false);
    expect((await withAuthentication(telemetry, {}, () => ({ sub: 'u' }))).ok).toBe(true);
    expect(telemetry.recordAuthentication({ result: 'none' }).decisionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a throwing classifyPrincipal hook is counted as hook_failed and the built-in classification is used', async () => {
    harness = createHarness({ telemetry: { classifyPrincipal: boom } });
    const outcome = await withAuthentication(harness.telemetry, {}, () => ({ sub: 'svc', client_id: 'svc' }));
    expect(outcome.ok).toBe(true);
    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.attributes['authn.principal.type']).toBe('service');
    expect(pointWith(await harness.sum(METRIC_RECORDS_DROPPED), { reason: 'hook_failed' }).value).toBe(1);
  });

  it('a classifyPrincipal hook can override the principal type', async () => {
    harness = createHarness({
      telemetry: { classifyPrincipal: (_claims, builtIn) => ({ ...builtIn, type: 'agent' }) },
    });
    await withAuthentication(harness.telemetry, {}, () => ({ sub: 'u' }));
    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.attributes['authn.principal.type']).toBe('agent');
  });

  it('a throwing claimsOf hook is counted and the verification still succeeds', async () => {
    harness = createHarness();
    const outcome = await withAuthentication(harness.telemetry, { claimsOf: boom }, () => 'verified');
    expect(outcome).toMatchObject({ ok: true, value: 'verified' });
    expect(pointWith(await harness.sum(METRIC_RECORDS_DROPPED), { reason: 'hook_failed' }).value).toBe(1);
  });
});

describe('redaction', () => {
  const sensitive = [
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2ln'],
    ['a bearer header value', 'Bearer abcdefghijklmnop'],
    ['an e-mail address', 'alice@example.com'],
  ];
  it.each(sensitive)(
    'a resource tenant id that is %s is masked; the deny keeps its one audit record, which lists the field',
    async (_what, value) => {
      harness = createHarness();
      const outcome = await withAuthorization(
        harness.telemetry,
        { kind: 'tenant_boundary', tenantId: 'acme', resourceTenantId: value, policyName: value },
        () => false,
      );
      expect(outcome.allowed).toBe(false);
      expect(await harness.exportedText()).not.toContain(value);
      const [record] = harness.logs();
      expect(harness.logs()).toHaveLength(1);
      expect(record!.severityText).toBe('WARN');
      expect(record!.attributes).toMatchObject({
        'authz.decision': 'deny',
        'authz.decision.id': outcome.decisionId,
        'authz.resource.tenant.id': '[masked]',
        'authz.policy.name': '[masked]',
        'authz.tenant.id': 'acme',
      });
      expect(record!.attributes['auth.redaction.masked']).toEqual(['authz.policy.name', 'authz.resource.tenant.id']);
      expect(harness.spans()[0]!.attributes['auth.redaction.masked']).toEqual([
        'authz.policy.name',
        'authz.resource.tenant.id',
      ]);
      expect(pointWith(await harness.sum(METRIC_RECORDS_DROPPED), { reason: 'masked' }).value).toBe(2);
      const [point] = await harness.histogram(METRIC_AUTHZ_DECISION_DURATION);
      expect(point!.count).toBe(1);
    },
  );

  it('an oversized free-text value is masked and counted as oversized; the record is kept', async () => {
    harness = createHarness();
    await withAuthorization(harness.telemetry, { kind: 'policy', policyVersion: 'v'.repeat(1000) }, () => true);
    expect(harness.spans()[0]!.attributes['authz.policy.version']).toBe('[masked]');
    expect(harness.logs()).toHaveLength(1);
    expect(harness.logs()[0]!.attributes['auth.redaction.masked']).toEqual(['authz.policy.version']);
    expect(pointWith(await harness.sum(METRIC_RECORDS_DROPPED), { reason: 'oversized' }).value).toBe(1);
  });

  it('escapes control and bidi characters in span and audit attributes, and keeps such routes off metrics', async () => {
    harness = createHarness();
    const forged = 'acme\n2026-12-04 INFO authz.decision allow\u202e';
    await withAuthorization(
      harness.telemetry,
      {
        kind: 'tenant_boundary',
        tenantId: 'acme',
        resourceTenantId: forged,
        route: '/a\r\nb',
        userAgent: 'curl\u0000/8',
      },
      () => false,
    );
    const attributes = harness.logs()[0]!.attributes;
    expect(attributes['authz.resource.tenant.id']).toBe('acme\\u{000a}2026-12-04 INFO authz.decision allow\\u{202e}');
    expect(attributes['user_agent.original']).toBe('curl\\u{0000}/8');
    expect(JSON.stringify(harness.spans()[0]!.attributes)).not.toMatch(/[\u0000-\u001f\u202e]/);
    const [point] = await harness.histogram(METRIC_AUTHZ_DECISION_DURATION);
    expect(point!.attributes['http.route']).toBe('_OTHER');
  });

  it('caps distinct routes on metrics without an allowlist; later routes become _OTHER', async () => {
    harness = createHarness();
    for (let i = 0; i < 150; i++) harness.telemetry.recordAuthentication({ result: 'none', route: `/r${i}/:id` });
    const routes = new Set(
      (await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION)).map((p) => p.attributes['http.route']),
    );
    expect(routes.size).toBe(101);
    expect(routes.has('_OTHER')).toBe(true);
    expect(routes.has('/r0/:id')).toBe(true);
    expect(routes.has('/r149/:id')).toBe(false);
    expect(harness.spans().at(-1)!.attributes['http.route']).toBe('_OTHER');
  });
});

describe('protected attributes', () => {
  it('hashes subject, token id, actor id and resource id with the deployment key by default', async () => {
    harness = createHarness();
    harness.telemetry.recordAuthentication({
      result: 'success',
      claims: { sub: 'user-42', jti: 'token-id-7', act: { sub: 'agent-9', client_id: 'agent-9' } },
    });
    harness.telemetry.recordAuthorization({
      kind: 'ownership',
      allowed: true,
      resourceId: 'booking-1',
      subject: 'user-42',
    });
    const text = await harness.exportedText();
    for (const raw of ['user-42', 'token-id-7', 'agent-9', 'booking-1']) expect(text).not.toContain(raw);
    const [authn, authz] = harness.logs();
    expect(authn!.attributes['user.hash']).toMatch(/^[0-9a-f]{32}$/);
    expect(authn!.attributes['user.hash']).toBe(authz!.attributes['user.hash']);
    expect(authn!.attributes['authn.token.id']).toMatch(/^[0-9a-f]{32}$/);
    expect(authn!.attributes['authn.actor.id']).toMatch(/^[0-9a-f]{32}$/);
    expect(authn!.attributes['authn.actor.type']).toBe('service');
    expect(authn!.attributes['user.id']).toBeUndefined();
  });

  it('gives different pseudonyms under different deployment keys', () => {
    const a = createHarness({ telemetry: { hashKey: 'deployment-a-secret-key-000' } });
    const b = createHarness({ telemetry: { hashKey: 'deployment-b-secret-key-000' } });
    a.telemetry.recordAuthentication({ result: 'success', claims: { sub: 'user-42' } });
    b.telemetry.recordAuthentication({ result: 'success', claims: { sub: 'user-42' } });
    expect(a.logs()[0]!.attributes['user.hash']).not.toBe(b.logs()[0]!.attributes['user.hash']);
    void a.shutdown();
    harness = b;
  });

  it('captures a protected attribute raw only when it is opted in, one attribute at a time', () => {
    harness = createHarness({ telemetry: { rawAttributes: ['user.id'] } });
    harness.telemetry.recordAuthentication({ result: 'success', claims: { sub: 'user-42', jti: 'token-id-7' } });
    const log = harness.logs()[0]!;
    expect(log.attributes['user.id']).toBe('user-42');
    expect(log.attributes['authn.token.id']).not.toBe('token-id-7');
  });

  it('refuses a hash key shorter than 16 bytes', () => {
    expect(() => createAuthTelemetry({ hashKey: 'short' })).toThrow(/at least 16 bytes/);
  });
});

describe('bounded metric attributes', () => {
  it('turns values outside the allowlists into _OTHER on metrics but keeps them on spans', async () => {
    harness = createHarness({ telemetry: { metricAllowlists: { policyNames: ['bookings'], clientIds: ['web'] } } });
    harness.telemetry.recordAuthorization({
      kind: 'policy',
      allowed: true,
      policyName: 'made-up-policy',
      action: 'x.y',
      resourceType: 'thing',
    });
    harness.telemetry.recordAuthentication({ result: 'success', claims: { sub: 'u', azp: 'mobile' }, method: 'BREW' });
    const [authz] = await harness.histogram(METRIC_AUTHZ_DECISION_DURATION);
    expect(authz!.attributes).toMatchObject({
      'authz.policy.name': '_OTHER',
      'authz.action': '_OTHER',
      'authz.resource.type': '_OTHER',
    });
    const [authn] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(authn!.attributes['authn.client.id']).toBeUndefined();
    expect(authn!.attributes['http.request.method']).toBe('_OTHER');
    expect(harness.spans()[0]!.attributes['authz.policy.name']).toBe('made-up-policy');
  });

  it('keeps an allowlisted client id on metrics', async () => {
    harness = createHarness({ telemetry: { metricAllowlists: { clientIds: ['web'] } } });
    harness.telemetry.recordAuthentication({ result: 'success', claims: { sub: 'u', azp: 'web' } });
    const [authn] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(authn!.attributes['authn.client.id']).toBe('web');
  });

  it('only accepts allowlisted routes when a route allowlist is configured', async () => {
    harness = createHarness({ telemetry: { metricAllowlists: { routes: ['/bookings/:id'] } } });
    harness.telemetry.recordAuthentication({ result: 'none', route: '/bookings/:id' });
    harness.telemetry.recordAuthentication({ result: 'none', route: '/bookings/8f1c' });
    const points = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(points.map((p) => p.attributes['http.route']).sort()).toEqual(['/bookings/:id', '_OTHER']);
  });
});

describe('audit events and sampling', () => {
  it('emits audit events even when the trace is not sampled', async () => {
    harness = createHarness({ sampleNoSpans: true });
    await withAuthorization(harness.telemetry, { kind: 'role' }, () => false);
    harness.telemetry.recordAuthentication({ result: 'success' });
    expect(harness.spans()).toHaveLength(0);
    expect(harness.logs().map((l) => l.eventName)).toEqual([EVENT_AUTHZ_DECISION, EVENT_AUTHN_VERIFICATION]);
  });

  it('never samples away denies, failures and errors; samples allows with the ratio', async () => {
    let draws = 0;
    harness = createHarness({
      telemetry: { audit: { allowSampleRatio: 0.5 }, random: () => (draws++ % 2 === 0 ? 0.1 : 0.9) },
    });
    for (let i = 0; i < 10; i++) {
      await withAuthorization(harness.telemetry, { kind: 'role' }, () => true);
      await withAuthorization(harness.telemetry, { kind: 'role' }, () => false);
      await withAuthorization(harness.telemetry, { kind: 'role', fallback: 'fail_open' }, boom);
      harness.telemetry.recordAuthentication({ result: 'failure', failureReason: 'signature_invalid' });
    }
    const events = harness.logs();
    expect(
      events.filter((l) => l.attributes['authz.decision'] === 'allow' && l.attributes['error.type'] === undefined),
    ).toHaveLength(5);
    expect(events.filter((l) => l.attributes['authz.decision'] === 'deny')).toHaveLength(10);
    expect(events.filter((l) => l.attributes['error.type'] === 'policy_evaluation_error')).toHaveLength(10);
    expect(events.filter((l) => l.attributes['authn.result'] === 'failure')).toHaveLength(10);
    // Metrics are never sampled.
    expect((await harness.histogram(METRIC_AUTHZ_DECISION_DURATION)).reduce((n, p) => n + p.count, 0)).toBe(30);
  });

  it('rate-limits allow events and counts the excess as rate_limited', async () => {
    harness = createHarness({ telemetry: { audit: { maxAllowEventsPerSecond: 3 } } });
    for (let i = 0; i < 5; i++) harness.telemetry.recordAuthorization({ kind: 'scope', allowed: true });
    harness.telemetry.recordAuthorization({ kind: 'scope', allowed: false });
    expect(harness.logs().filter((l) => l.attributes['authz.decision'] === 'allow')).toHaveLength(3);
    expect(harness.logs().filter((l) => l.attributes['authz.decision'] === 'deny')).toHaveLength(1);
    expect(pointWith(await harness.sum(METRIC_RECORDS_DROPPED), { reason: 'rate_limited' }).value).toBe(2);
  });
});
