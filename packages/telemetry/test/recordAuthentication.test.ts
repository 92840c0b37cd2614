import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DURATION_BUCKETS_SECONDS,
  EVENT_AUTHN_VERIFICATION,
  METRIC_AUTHN_VERIFICATION_DURATION,
  SCHEMA_URL,
  SPAN_AUTHN_VERIFY,
  type AuthenticationRecord,
} from '../src/index.js';
import { createHarness, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => harness.shutdown());

interface Case {
  name: string;
  record: AuthenticationRecord;
  metric: Record<string, unknown>;
  severity: SeverityNumber;
  spanError: boolean;
  spanKind: SpanKind;
}

const cases: Case[] = [
  {
    name: 'a valid user token is a success with principal type user',
    record: {
      result: 'success',
      issuer: 'main',
      claims: { sub: 'u-1', iss: 'https://issuer.test' },
      durationSeconds: 0.0002,
    },
    metric: {
      'authn.result': 'success',
      'authn.mechanism': 'jwt',
      'authn.verification.location': 'local',
      'authn.principal.type': 'user',
      'authn.issuer': 'main',
    },
    severity: SeverityNumber.INFO,
    spanError: false,
    spanKind: SpanKind.INTERNAL,
  },
  {
    name: 'an expired token is a failure verdict with its reason, not a span error',
    record: {
      result: 'failure',
      failureReason: 'token_expired',
      failureCode: 'ERR_JWT_EXPIRED',
      issuer: 'main',
      durationSeconds: 0.0001,
    },
    metric: { 'authn.result': 'failure', 'authn.failure.reason': 'token_expired', 'authn.principal.type': 'anonymous' },
    severity: SeverityNumber.WARN,
    spanError: false,
    spanKind: SpanKind.INTERNAL,
  },
  {
    name: 'no credential at all is result none with reason token_missing',
    record: { result: 'none', route: '/bookings/:id', method: 'get' },
    metric: {
      'authn.result': 'none',
      'authn.failure.reason': 'token_missing',
      'http.route': '/bookings/:id',
      'http.request.method': 'GET',
    },
    severity: SeverityNumber.WARN,
    spanError: false,
    spanKind: SpanKind.INTERNAL,
  },
  {
    name: 'a JWKS timeout is no verdict: error.type and an error span, no failure reason',
    record: { result: 'failure', errorType: 'jwks_timeout', failureCode: 'ERR_JWKS_TIMEOUT', location: 'local' },
    metric: { 'authn.result': 'failure', 'error.type': 'jwks_timeout', 'authn.failure.reason': undefined },
    severity: SeverityNumber.ERROR,
    spanError: true,
    spanKind: SpanKind.INTERNAL,
  },
  {
    name: 'a provider call is recorded as a remote verification on a CLIENT span',
    record: {
      result: 'success',
      location: 'remote',
      mechanism: 'opaque_token',
      claims: { sub: 'svc', client_id: 'svc' },
    },
    metric: {
      'authn.verification.location': 'remote',
      'authn.mechanism': 'opaque_token',
      'authn.principal.type': 'service',
    },
    severity: SeverityNumber.INFO,
    spanError: false,
    spanKind: SpanKind.CLIENT,
  },
  {
    name: 'an issuer alias that is not allowlisted becomes _OTHER on metrics',
    record: { result: 'success', issuer: 'unlisted', claims: { sub: 'u' } },
    metric: { 'authn.issuer': '_OTHER' },
    severity: SeverityNumber.INFO,
    spanError: false,
    spanKind: SpanKind.INTERNAL,
  },
];

describe('recordAuthentication', () => {
  it.each(cases)('$name', async ({ record, metric, severity, spanError, spanKind }) => {
    harness = createHarness({ telemetry: { metricAllowlists: { issuers: ['main'] } } });
    const { decisionId } = harness.telemetry.recordAuthentication(record);

    const [point, ...others] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(others).toHaveLength(0);
    for (const [key, value] of Object.entries(metric)) expect(point!.attributes[key], key).toBe(value);
    expect(point!.count).toBe(1);
    expect(point!.sum).toBeCloseTo(record.durationSeconds ?? 0, 9);
    expect(point!.attributes['authn.decision.id']).toBeUndefined();

    const [span] = harness.spans();
    expect(span!.name).toBe(SPAN_AUTHN_VERIFY);
    expect(span!.kind).toBe(spanKind);
    expect(span!.status.code).toBe(spanError ? SpanStatusCode.ERROR : SpanStatusCode.UNSET);
    expect(span!.attributes['authn.decision.id']).toBe(decisionId);
    expect(span!.instrumentationScope.schemaUrl).toBe(SCHEMA_URL);

    const [log] = harness.logs();
    expect(log!.eventName).toBe(EVENT_AUTHN_VERIFICATION);
    expect(log!.severityNumber).toBe(severity);
    expect(log!.attributes['authn.decision.id']).toBe(decisionId);
    expect(log!.spanContext?.spanId).toBe(span!.spanContext().spanId);
  });

  it('uses buckets that start at 50 µs', async () => {
    harness = createHarness();
    harness.telemetry.recordAuthentication({ result: 'success', durationSeconds: 0.00004 });
    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.boundaries).toEqual(DURATION_BUCKETS_SECONDS);
    expect(point!.boundaries[0]).toBe(0.00005);
  });

  it('returns a fresh decision id per decision', () => {
    harness = createHarness();
    const ids = new Set(
      Array.from({ length: 50 }, () => harness.telemetry.recordAuthentication({ result: 'success' }).decisionId),
    );
    expect(ids.size).toBe(50);
  });

  it('puts the failure code on the span and audit event but never on metrics', async () => {
    harness = createHarness();
    harness.telemetry.recordAuthentication({
      result: 'failure',
      failureReason: 'token_expired',
      failureCode: 'ERR_JWT_EXPIRED',
    });
    const [point] = await harness.histogram(METRIC_AUTHN_VERIFICATION_DURATION);
    expect(point!.attributes['authn.failure.code']).toBeUndefined();
    expect(harness.spans()[0]!.attributes['authn.failure.code']).toBe('ERR_JWT_EXPIRED');
    expect(harness.logs()[0]!.attributes['authn.failure.code']).toBe('ERR_JWT_EXPIRED');
  });

  it('drops a failure code that is not code-shaped (a message is never recorded)', () => {
    harness = createHarness();
    harness.telemetry.recordAuthentication({
      result: 'failure',
      failureReason: 'claim_invalid',
      failureCode: '"exp" claim timestamp check failed',
    });
    expect(harness.spans()[0]!.attributes['authn.failure.code']).toBeUndefined();
  });
});
