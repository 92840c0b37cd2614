import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkTenantBoundary,
  EVENT_AUTHZ_DECISION,
  instrumentPolicyCheck,
  METRIC_AUTHZ_DECISION_DURATION,
  SPAN_AUTHZ_CHECK,
  withAuthorization,
  type AuthorizationMeta,
  type AuthorizationVerdict,
} from '../src/index.js';
import { createHarness, pointWith, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => harness.shutdown());

const fail = (props: Record<string, unknown>) => () => {
  throw Object.assign(new Error('engine said no: secret detail'), props);
};

interface Case {
  name: string;
  meta: AuthorizationMeta;
  check: () => boolean | AuthorizationVerdict | Promise<boolean | AuthorizationVerdict>;
  allowed: boolean;
  metric: Record<string, unknown>;
  severity: SeverityNumber;
  spanError: boolean;
}

const cases: Case[] = [
  {
    name: 'a true role check is an allow',
    meta: { kind: 'role', action: 'booking.cancel', resourceType: 'booking' },
    check: () => true,
    allowed: true,
    metric: {
      'authz.decision': 'allow',
      'authz.check.kind': 'role',
      'authz.engine': 'local',
      'authz.action': 'booking.cancel',
      'authz.resource.type': 'booking',
      'authz.denial.reason': undefined,
    },
    severity: SeverityNumber.INFO,
    spanError: false,
  },
  {
    name: 'a plain false is a deny with the declared reason',
    meta: { kind: 'scope', denialReason: 'missing_scope' },
    check: async () => false,
    allowed: false,
    metric: { 'authz.decision': 'deny', 'authz.denial.reason': 'missing_scope', 'error.type': undefined },
    severity: SeverityNumber.WARN,
    spanError: false,
  },
  {
    name: 'a verdict object carries its own reason and source',
    meta: { kind: 'policy', engine: 'opa', policyName: 'bookings' },
    check: async () => ({ allow: false, reason: 'explicit_deny', source: 'cache', policyVersion: 'rev-42' }),
    allowed: false,
    metric: {
      'authz.denial.reason': 'explicit_deny',
      'authz.decision.source': 'cache',
      'authz.policy.name': 'bookings',
      'authz.engine': 'opa',
    },
    severity: SeverityNumber.WARN,
    spanError: false,
  },
  {
    name: 'a deny without a known reason is _OTHER',
    meta: { kind: 'relationship', engine: 'openfga' },
    check: () => false,
    allowed: false,
    metric: { 'authz.denial.reason': '_OTHER' },
    severity: SeverityNumber.WARN,
    spanError: false,
  },
  {
    name: 'an unreachable engine with fail_closed is a deny with error.type, not a denial reason',
    meta: { kind: 'policy', engine: 'cerbos', fallback: 'fail_closed' },
    check: fail({ code: 'ECONNREFUSED' }),
    allowed: false,
    metric: {
      'authz.decision': 'deny',
      'error.type': 'pdp_unavailable',
      'authz.fallback': 'fail_closed',
      'authz.denial.reason': undefined,
    },
    severity: SeverityNumber.ERROR,
    spanError: true,
  },
  {
    name: 'a timed-out engine with fail_open is an allow recorded as fail_open',
    meta: { kind: 'policy', engine: 'opa', fallback: 'fail_open' },
    check: fail({ name: 'TimeoutError' }),
    allowed: true,
    metric: { 'authz.decision': 'allow', 'error.type': 'pdp_timeout', 'authz.fallback': 'fail_open' },
    severity: SeverityNumber.ERROR,
    spanError: true,
  },
  {
    name: 'a throwing local check defaults to fail_closed with policy_evaluation_error',
    meta: { kind: 'ownership' },
    check: fail({}),
    allowed: false,
    metric: { 'error.type': 'policy_evaluation_error', 'authz.fallback': 'fail_closed' },
    severity: SeverityNumber.ERROR,
    spanError: true,
  },
  {
    name: 'a shadow-mode check is recorded as shadow',
    meta: { kind: 'policy', mode: 'shadow' },
    check: () => false,
    allowed: false,
    metric: { 'authz.mode': 'shadow' },
    severity: SeverityNumber.WARN,
    spanError: false,
  },
];

describe('withAuthorization', () => {
  it.each(cases)('$name', async ({ meta, check, allowed, metric, severity, spanError }) => {
    harness = createHarness({
      telemetry: {
        metricAllowlists: { policyNames: ['bookings'], actions: ['booking.cancel'], resourceTypes: ['booking'] },
      },
    });
    const outcome = await withAuthorization(harness.telemetry, meta, check);
    expect(outcome.allowed).toBe(allowed);

    const [point, ...rest] = await harness.histogram(METRIC_AUTHZ_DECISION_DURATION);
    expect(rest).toHaveLength(0);
    for (const [key, value] of Object.entries(metric)) expect(point!.attributes[key], key).toBe(value);
    expect(point!.attributes['authz.tenant.cross']).toBe(false);

    const [span] = harness.spans();
    expect(span!.name).toBe(SPAN_AUTHZ_CHECK);
    expect(span!.status.code).toBe(spanError ? SpanStatusCode.ERROR : SpanStatusCode.UNSET);
    expect(span!.kind).toBe(
      ['opa', 'cerbos', 'openfga', 'spicedb'].includes(meta.engine ?? 'local') ? SpanKind.CLIENT : SpanKind.INTERNAL,
    );
    expect(span!.attributes['authz.decision.id']).toBe(outcome.decisionId);

    const [log] = harness.logs();
    expect(log!.eventName).toBe(EVENT_AUTHZ_DECISION);
    expect(log!.severityNumber).toBe(severity);
    expect(log!.attributes['authz.decision.id']).toBe(outcome.decisionId);
  });

  it('hands the check its result and exception back untouched', async () => {
    harness = createHarness();
    const verdict = { allow: true, reason: undefined, extra: 'kept' } as AuthorizationVerdict & { extra: string };
    expect((await withAuthorization(harness.telemetry, { kind: 'policy' }, () => verdict)).verdict).toBe(verdict);
    const error = new Error('boom');
    const outcome = await withAuthorization(harness.telemetry, { kind: 'policy' }, () => {
      throw error;
    });
    expect(outcome.error).toBe(error);
    expect(outcome.verdict).toBeUndefined();
  });

  it('runs the check with the authz.check span active, so engine client spans nest under it', async () => {
    harness = createHarness();
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      let active: string | undefined;
      await withAuthorization(harness.telemetry, { kind: 'policy', engine: 'opa' }, async () => {
        await Promise.resolve();
        active = trace.getActiveSpan()?.spanContext().spanId;
        return true;
      });
      expect(active).toBe(harness.spans()[0]!.spanContext().spanId);
    } finally {
      context.disable();
    }
  });

  it('keeps policy versions, tenant ids and raw resource ids off metrics', async () => {
    harness = createHarness();
    await withAuthorization(
      harness.telemetry,
      {
        kind: 'ownership',
        resourceId: 'booking-123',
        tenantId: 't-a',
        resourceTenantId: 't-a',
        policyVersion: 'rev-9',
      },
      () => true,
    );
    const [point] = await harness.histogram(METRIC_AUTHZ_DECISION_DURATION);
    expect(Object.keys(point!.attributes).filter((k) => /tenant\.id|resource\.id|policy\.version/.test(k))).toEqual([]);
    const span = harness.spans()[0]!;
    expect(span.attributes['authz.policy.version']).toBe('rev-9');
    expect(span.attributes['authz.tenant.id']).toBe('t-a');
    expect(span.attributes['authz.resource.id']).toMatch(/^[0-9a-f]{32}$/);
    expect(span.attributes['authz.resource.id']).not.toBe('booking-123');
  });

  it('links an authorization to its authentication by decision id', async () => {
    harness = createHarness();
    const { decisionId: authn } = harness.telemetry.recordAuthentication({ result: 'success', claims: { sub: 'u' } });
    const outcome = await withAuthorization(
      harness.telemetry,
      { kind: 'role', authenticationDecisionId: authn },
      () => true,
    );
    const log = harness.logs().find((l) => l.eventName === EVENT_AUTHZ_DECISION)!;
    expect(log.attributes['authn.decision.id']).toBe(authn);
    expect(log.attributes['authz.decision.id']).toBe(outcome.decisionId);
  });
});

describe('instrumentPolicyCheck', () => {
  it('records every call with attributes derived from its arguments', async () => {
    harness = createHarness({ telemetry: { metricAllowlists: { actions: ['read', 'write'] } } });
    const canDo = instrumentPolicyCheck(
      harness.telemetry,
      (role: string, action: string) => role === 'admin' || action === 'read',
      { kind: 'role', denialReason: 'missing_role' },
      (_role, action) => ({ action }),
    );
    expect((await canDo('admin', 'write')).allowed).toBe(true);
    expect((await canDo('guest', 'write')).allowed).toBe(false);
    expect((await canDo('guest', 'read')).allowed).toBe(true);
    const points = await harness.histogram(METRIC_AUTHZ_DECISION_DURATION);
    expect(pointWith(points, { 'authz.action': 'write', 'authz.decision': 'allow' }).count).toBe(1);
    expect(
      pointWith(points, { 'authz.action': 'write', 'authz.decision': 'deny', 'authz.denial.reason': 'missing_role' })
        .count,
    ).toBe(1);
    expect(pointWith(points, { 'authz.action': 'read', 'authz.decision': 'allow' }).count).toBe(1);
  });
});

describe('checkTenantBoundary', () => {
  const table = [
    {
      name: 'same tenant is allowed and not a crossing',
      tenantId: 't-a',
      resourceTenantId: 't-a',
      allowCrossTenant: undefined,
      allowed: true,
      cross: false,
    },
    {
      name: 'another tenant is denied as tenant_mismatch and counted as a crossing',
      tenantId: 't-a',
      resourceTenantId: 't-b',
      allowCrossTenant: undefined,
      allowed: false,
      cross: true,
    },
    {
      name: 'an allowed crossing (support access) is allowed and still counted as a crossing',
      tenantId: 't-a',
      resourceTenantId: 't-b',
      allowCrossTenant: true,
      allowed: true,
      cross: true,
    },
    {
      name: 'a principal without a tenant reaching a tenant resource is denied',
      tenantId: undefined,
      resourceTenantId: 't-b',
      allowCrossTenant: undefined,
      allowed: false,
      cross: true,
    },
    {
      name: 'a resource without a tenant is allowed',
      tenantId: 't-a',
      resourceTenantId: undefined,
      allowCrossTenant: undefined,
      allowed: true,
      cross: false,
    },
  ];
  it.each(table)('$name', async ({ tenantId, resourceTenantId, allowCrossTenant, allowed, cross }) => {
    harness = createHarness();
    const outcome = checkTenantBoundary(harness.telemetry, {
      tenantId,
      resourceTenantId,
      ...(allowCrossTenant === undefined ? {} : { allowCrossTenant }),
      resourceType: 'booking',
    });
    expect(outcome).toMatchObject({ allowed, cross });
    const [point] = await harness.histogram(METRIC_AUTHZ_DECISION_DURATION);
    expect(point!.attributes).toMatchObject({
      'authz.check.kind': 'tenant_boundary',
      'authz.tenant.cross': cross,
      'authz.decision': allowed ? 'allow' : 'deny',
    });
    if (!allowed) expect(point!.attributes['authz.denial.reason']).toBe('tenant_mismatch');
    const serializedMetric = JSON.stringify(point!.attributes);
    for (const id of [tenantId, resourceTenantId]) if (id !== undefined) expect(serializedMetric).not.toContain(id);
    const log = harness.logs()[0]!;
    if (resourceTenantId !== undefined) expect(log.attributes['authz.resource.tenant.id']).toBe(resourceTenantId);
    expect(log.attributes['authz.decision.id']).toBe(outcome.decisionId);
  });
});
