import { randomUUID } from 'node:crypto';
import type { AuthTelemetry, AuthenticationRecord, AuthorizationRecord, RequestContext } from './AuthTelemetry.js';
import type { Claims } from './principal.js';
import { captureCodeLocation, type CodeLocation } from './codeLocation.js';
import { safeExecute } from './safeExecute.js';
import * as sc from './semconv.js';
import { classifyVerificationFailure, NETWORK_CODES, networkCodeOf, TIMEOUT_CODES } from './verificationFailure.js';

// ---- Authentication -----------------------------------------------------------------------------

export interface AuthenticationMeta<T> extends RequestContext {
  mechanism?: sc.AuthnMechanism;
  /** `remote` when the verifier calls the provider (introspection, userinfo, provider API). */
  location?: sc.VerificationLocation;
  /** Configured issuer alias. */
  issuer?: string;
  /** Extracts claims from the verifier's result for principal classification (guarded hook). */
  claimsOf?: (value: T) => Claims | undefined;
}

export type AuthenticationOutcome<T> =
  | { ok: true; value: T; decisionId: string }
  | {
      ok: false;
      /** The verifier's exception, untouched. */
      error: unknown;
      decisionId: string;
      reason?: sc.AuthnFailureReason;
      errorType?: sc.ErrorType;
    };

/** Reads claims from the usual result shapes: jose's `{ payload }`, or the claims object itself. */
function defaultClaimsOf(value: unknown): Claims | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const payload = (value as { payload?: unknown }).payload;
  if (payload !== null && typeof payload === 'object') return payload as Claims;
  return value as Claims;
}

/**
 * Runs the real verification and records its verdict. The verifier's result or exception is
 * returned as is inside the outcome: the wrapper decides nothing and never throws.
 */
export function withAuthentication<T>(
  telemetry: AuthTelemetry,
  meta: AuthenticationMeta<T>,
  verify: () => T | Promise<T>,
): Promise<AuthenticationOutcome<T>> {
  return authenticateAt(telemetry, meta, verify, undefined);
}

/**
 * `withAuthentication` with the code location of the decision: where a verifier was created
 * (`instrumentVerifier`, `createJwtVerifier`), or undefined for the caller's own location.
 * @internal
 */
export async function authenticateAt<T>(
  telemetry: AuthTelemetry,
  meta: AuthenticationMeta<T>,
  verify: () => T | Promise<T>,
  location: CodeLocation | undefined,
): Promise<AuthenticationOutcome<T>> {
  const decisionId = randomUUID();
  const span = telemetry.startDecisionSpan(sc.SPAN_AUTHN_VERIFY, meta.location === 'remote');
  const listening = telemetry.listensTo(sc.EVENT_AUTHN_VERIFICATION, span);
  if (listening) telemetry.setCodeLocation(span, location);
  const started = listening ? performance.now() : 0;
  let value: T;
  try {
    value = await telemetry.runInSpan(span, verify);
  } catch (error) {
    const durationSeconds = listening ? (performance.now() - started) / 1000 : 0;
    // The reason and error type are part of the outcome: classified whether or not anyone listens.
    const failure = safeExecute(
      () => classifyVerificationFailure(error),
      {},
      () => telemetry.countDropped('internal_error'),
    );
    const record = authenticationRecord(meta, durationSeconds, 'failure', undefined);
    if (failure.reason !== undefined) record.failureReason = failure.reason;
    if (failure.errorType !== undefined && failure.errorType !== sc.OTHER) record.errorType = failure.errorType;
    if (failure.code !== undefined) record.failureCode = failure.code;
    if (!listening) telemetry.endSpan(span);
    else {
      try {
        telemetry.emitAuthentication(record, decisionId, span);
      } catch {
        telemetry.countDropped('internal_error');
      }
    }
    const outcome: AuthenticationOutcome<T> = { ok: false, error, decisionId };
    if (record.failureReason !== undefined) outcome.reason = record.failureReason;
    if (record.errorType !== undefined) outcome.errorType = record.errorType;
    return outcome;
  }
  if (!listening) {
    telemetry.endSpan(span);
    return { ok: true, value, decisionId };
  }
  const durationSeconds = (performance.now() - started) / 1000;
  // Plain try/catch rather than safeExecute closures: this is the hot path of every request.
  try {
    const claimsOf = meta.claimsOf;
    let claims: Claims | undefined;
    if (claimsOf === undefined) claims = defaultClaimsOf(value);
    else {
      try {
        claims = claimsOf(value);
      } catch {
        telemetry.countDropped('hook_failed');
      }
    }
    telemetry.emitAuthentication(authenticationRecord(meta, durationSeconds, 'success', claims), decisionId, span);
  } catch {
    telemetry.countDropped('internal_error');
  }
  return { ok: true, value, decisionId };
}

/** One object literal with a fixed shape (spreads of optional fields were the wrapper's main cost). */
function authenticationRecord<T>(
  meta: AuthenticationMeta<T>,
  durationSeconds: number,
  result: sc.AuthnResult,
  claims: Claims | undefined,
): AuthenticationRecord {
  return {
    result,
    durationSeconds,
    mechanism: meta.mechanism,
    location: meta.location,
    issuer: meta.issuer,
    route: meta.route,
    method: meta.method,
    clientAddress: meta.clientAddress,
    userAgent: meta.userAgent,
    sessionId: meta.sessionId,
    claims,
  };
}

/** A verifier that can be handed to the HTTP middleware. */
export interface TokenVerifier<T = unknown> {
  authenticate(token: string, request?: RequestContext): Promise<AuthenticationOutcome<T>>;
}

/**
 * Wraps any other verifier (aws-jwt-verify, Firebase Admin, an introspection client) into a
 * `TokenVerifier`. `location` defaults to `remote`: pass `local` for in-process verifiers such as
 * aws-jwt-verify with a cached JWKS.
 */
export function instrumentVerifier<T>(
  telemetry: AuthTelemetry,
  verify: (token: string) => T | Promise<T>,
  meta: Omit<AuthenticationMeta<T>, keyof RequestContext> = {},
): TokenVerifier<T> {
  const fixed: AuthenticationMeta<T> = { location: 'remote', ...meta };
  // Requests reach a verifier through middleware: the decision's place in the code is where it was made.
  const createdAt = captureCodeLocation();
  return {
    authenticate: (token, request) =>
      authenticateAt(
        telemetry,
        request === undefined ? fixed : Object.assign({}, fixed, request),
        () => verify(token),
        createdAt,
      ),
  };
}

// ---- Authorization ------------------------------------------------------------------------------

/** What a policy check may return: a boolean, or a verdict with its reason. */
export interface AuthorizationVerdict {
  allow: boolean;
  reason?: sc.AuthzDenialReason;
  policyVersion?: string;
  source?: sc.AuthzDecisionSource;
}

/** What a wrapped check knows before it runs: the record's fields, less those the wrapper measures or derives. */
export interface AuthorizationMeta extends Pick<
  AuthorizationRecord,
  | keyof RequestContext
  | 'kind'
  | 'engine'
  | 'mode'
  | 'policyName'
  | 'policyVersion'
  | 'action'
  | 'resourceType'
  | 'resourceId'
  | 'tenantId'
  | 'resourceTenantId'
  | 'claims'
  | 'principalType'
  | 'subject'
  | 'authenticationDecisionId'
> {
  /** What the caller does when the check cannot decide (throws). Default `fail_closed`. */
  fallback?: sc.AuthzFallback;
  /** Reason recorded for a plain `false` (a verdict object carries its own). */
  denialReason?: sc.AuthzDenialReason;
}

export interface AuthorizationOutcome<T> {
  /** The verdict: the check's own, or the declared fallback when the check threw. */
  allowed: boolean;
  decisionId: string;
  /** What the check returned, untouched (absent when it threw). */
  verdict?: T;
  /** The check's exception, untouched. */
  error?: unknown;
}

/** Engines reached over the network: their checks are CLIENT spans. */
const REMOTE_ENGINES: ReadonlySet<string> = new Set(['opa', 'cerbos', 'openfga', 'spicedb']);

function authzErrorTypeOf(error: unknown): { errorType: sc.ErrorType; code?: string } {
  const { name, code, cause } = (error ?? {}) as { name?: unknown; code?: unknown; cause?: unknown };
  // Only well-known codes are recorded; an arbitrary `code` could carry anything.
  if (name === 'TimeoutError' || name === 'AbortError') return { errorType: 'pdp_timeout', code: name };
  // undici's `TypeError: fetch failed` carries the socket error as `cause`.
  const network = typeof code === 'string' && NETWORK_CODES.has(code) ? code : networkCodeOf(cause);
  if (network !== undefined)
    return { errorType: TIMEOUT_CODES.has(network) ? 'pdp_timeout' : 'pdp_unavailable', code: network };
  return { errorType: 'policy_evaluation_error' };
}

/**
 * Runs the real policy check and records its verdict. If the check throws, the declared
 * `fallback` is the verdict (recorded with `error.type` and `authz.fallback`) and the exception is
 * handed back in the outcome; the wrapper itself never throws.
 */
export function withAuthorization<T extends boolean | AuthorizationVerdict>(
  telemetry: AuthTelemetry,
  meta: AuthorizationMeta,
  check: () => T | Promise<T>,
): Promise<AuthorizationOutcome<T>> {
  return authorizeAt(telemetry, meta, check, undefined);
}

async function authorizeAt<T extends boolean | AuthorizationVerdict>(
  telemetry: AuthTelemetry,
  meta: AuthorizationMeta,
  check: () => T | Promise<T>,
  location: CodeLocation | undefined,
): Promise<AuthorizationOutcome<T>> {
  const decisionId = randomUUID();
  const span = telemetry.startDecisionSpan(
    sc.SPAN_AUTHZ_CHECK,
    meta.engine !== undefined && REMOTE_ENGINES.has(meta.engine),
  );
  const listening = telemetry.listensTo(sc.EVENT_AUTHZ_DECISION, span);
  if (listening) telemetry.setCodeLocation(span, location);
  const started = listening ? performance.now() : 0;
  let verdict: T;
  try {
    verdict = await telemetry.runInSpan(span, check);
  } catch (error) {
    const durationSeconds = listening ? (performance.now() - started) / 1000 : 0;
    const fallback = meta.fallback ?? 'fail_closed';
    const allowed = fallback === 'fail_open';
    if (!listening) {
      telemetry.endSpan(span);
      return { allowed, decisionId, error };
    }
    safeExecute(
      () => {
        const { errorType, code } = authzErrorTypeOf(error);
        const record = authorizationRecord(meta, allowed, durationSeconds);
        record.errorType = errorType;
        record.fallback = fallback;
        if (code !== undefined) record.failureCode = code;
        telemetry.emitAuthorization(record, decisionId, span);
      },
      undefined,
      () => telemetry.countDropped('internal_error'),
    );
    return { allowed, decisionId, error };
  }
  const allowed = allows(verdict);
  if (!listening) {
    telemetry.endSpan(span);
    return { allowed, decisionId, verdict };
  }
  const durationSeconds = (performance.now() - started) / 1000;
  try {
    const record = authorizationRecord(meta, allowed, durationSeconds);
    // A JavaScript check may return null (typed or not): it is recorded as a plain denial.
    if (typeof verdict === 'object' && (verdict as AuthorizationVerdict | null) !== null) {
      if (verdict.reason !== undefined) record.denialReason = verdict.reason;
      if (verdict.policyVersion !== undefined) record.policyVersion = verdict.policyVersion;
      if (verdict.source !== undefined) record.source = verdict.source;
    }
    telemetry.emitAuthorization(record, decisionId, span);
  } catch {
    telemetry.countDropped('internal_error');
  }
  return { allowed, decisionId, verdict };
}

/**
 * Whether a check's result allows: `true`, or a verdict whose `allow` is exactly `true`. A check
 * written in JavaScript may return anything (null, `{ allow: 'yes' }`); all of that denies.
 */
function allows(verdict: unknown): boolean {
  if (typeof verdict === 'boolean') return verdict;
  return typeof verdict === 'object' && verdict !== null && 'allow' in verdict && verdict.allow === true;
}

/** One object literal with a fixed shape: cheaper than spreading the caller's meta on every call. */
function authorizationRecord(meta: AuthorizationMeta, allowed: boolean, durationSeconds: number): AuthorizationRecord {
  return {
    allowed,
    durationSeconds,
    kind: meta.kind,
    engine: meta.engine,
    mode: meta.mode,
    fallback: meta.fallback,
    errorType: undefined,
    denialReason: meta.denialReason,
    source: undefined,
    policyName: meta.policyName,
    policyVersion: meta.policyVersion,
    action: meta.action,
    resourceType: meta.resourceType,
    resourceId: meta.resourceId,
    tenantId: meta.tenantId,
    resourceTenantId: meta.resourceTenantId,
    claims: meta.claims,
    principalType: meta.principalType,
    subject: meta.subject,
    authenticationDecisionId: meta.authenticationDecisionId,
    route: meta.route,
    method: meta.method,
    clientAddress: meta.clientAddress,
    userAgent: meta.userAgent,
    sessionId: meta.sessionId,
  };
}

/**
 * Wraps a policy check function (an OPA/Cerbos/OpenFGA client call, a local role check) so every
 * call is recorded. `describe` derives per-call attributes from the arguments (guarded hook).
 */
export function instrumentPolicyCheck<A extends unknown[], T extends boolean | AuthorizationVerdict>(
  telemetry: AuthTelemetry,
  check: (...args: A) => T | Promise<T>,
  meta: AuthorizationMeta,
  describe?: (...args: A) => Partial<AuthorizationMeta>,
): (...args: A) => Promise<AuthorizationOutcome<T>> {
  const createdAt = captureCodeLocation();
  return (...args: A) => {
    const perCall =
      describe === undefined
        ? undefined
        : safeExecute(
            () => describe(...args),
            undefined,
            () => telemetry.countDropped('hook_failed'),
          );
    return authorizeAt(
      telemetry,
      perCall === undefined ? meta : { ...meta, ...perCall },
      () => check(...args),
      createdAt,
    );
  };
}

// ---- Tenant boundary ----------------------------------------------------------------------------

export interface TenantBoundaryInput extends RequestContext {
  /** Tenant of the principal. */
  tenantId: string | undefined;
  /** Tenant that owns the resource; `undefined` for resources that belong to no tenant. */
  resourceTenantId: string | undefined;
  /** Crossing is allowed for this principal (e.g. platform support with a ticket). */
  allowCrossTenant?: boolean;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  claims?: Claims;
  principalType?: sc.PrincipalType;
  authenticationDecisionId?: string;
}

export interface TenantBoundaryOutcome {
  allowed: boolean;
  /** The principal's tenant differs from the resource's. */
  cross: boolean;
  decisionId: string;
}

/**
 * The tenant-boundary check itself, recorded as `authz.check.kind = tenant_boundary`. Denies a
 * principal without a tenant reaching a tenant's resource. Tenant ids go on spans and audit events
 * only; metrics carry `authz.tenant.cross`.
 */
export function checkTenantBoundary(telemetry: AuthTelemetry, input: TenantBoundaryInput): TenantBoundaryOutcome {
  const started = performance.now();
  const cross = input.resourceTenantId !== undefined && input.tenantId !== input.resourceTenantId;
  const allowed = !cross || input.allowCrossTenant === true;
  const { allowCrossTenant: _allowCross, ...rest } = input;
  const record: AuthorizationRecord = {
    kind: 'tenant_boundary',
    ...stripUndefined(rest),
    allowed,
    durationSeconds: (performance.now() - started) / 1000,
  };
  if (!allowed) record.denialReason = 'tenant_mismatch';
  const { decisionId } = telemetry.recordAuthorization(record);
  return { allowed, cross, decisionId };
}

function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
