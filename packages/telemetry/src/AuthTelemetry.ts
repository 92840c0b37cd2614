import { randomUUID } from 'node:crypto';
import {
  context,
  createNoopMeter,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  metrics,
  ProxyTracerProvider,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import {
  createNoopLogger,
  logs,
  SeverityNumber,
  type Logger,
  type LoggerProvider,
  type LogRecord,
} from '@opentelemetry/api-logs';
import { captureCodeLocation, type CodeLocation } from './codeLocation.js';
import { createKeyedHash, type KeyedHash } from './keyedHash.js';
import { classifyPrincipal, type Claims, type PrincipalClassification, type PrincipalRules } from './principal.js';
import { exportableFreeText, hasUnsafeCharacters, inspectFreeText, isCodeShaped } from './redaction.js';
import { safeExecute } from './safeExecute.js';
import { boundedValue } from './boundedValue.js';
import * as sc from './semconv.js';

// ---- Public types -------------------------------------------------------------------------------

export interface AuthTelemetryOptions {
  /** Defaults to the global providers; tests and multi-tenant hosts pass their own. */
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  loggerProvider?: LoggerProvider;
  /**
   * Deployment secret for HMAC-SHA-256 pseudonyms of subjects, token ids, actor and resource ids.
   * Without it a random per-process key is used (pseudonyms then change on restart).
   */
  hashKey?: string | Uint8Array;
  /** Protected attributes to capture raw instead of hashed, one opt-in each. */
  rawAttributes?: readonly sc.ProtectedAttribute[];
  /** Allowlists for free-text attributes on metrics; anything else becomes `_OTHER` there. */
  metricAllowlists?: {
    issuers?: readonly string[];
    clientIds?: readonly string[];
    policyNames?: readonly string[];
    actions?: readonly string[];
    resourceTypes?: readonly string[];
    /** Route templates; when omitted, any template that passes the redaction check is accepted. */
    routes?: readonly string[];
  };
  /** Signals used to tell users, services and agents apart. */
  principal?: PrincipalRules;
  /**
   * Overrides the principal classification (runs behind a guard: if it throws, the built-in
   * classification is used and the failure is counted as `hook_failed`).
   */
  classifyPrincipal?: (claims: Claims, builtIn: PrincipalClassification) => PrincipalClassification;
  audit?: {
    /** Share of allow/success audit events kept, 0..1 (default 1). Denies and errors are always kept. */
    allowSampleRatio?: number;
    /** Upper bound for allow/success audit events per second; excess is counted as `rate_limited`. */
    maxAllowEventsPerSecond?: number;
  };
  /** Randomness for allow sampling; injectable for deterministic tests. */
  random?: () => number;
}

/** Request context the HTTP adapters (or you) attach to a decision. */
export interface RequestContext {
  /** The route template (`/bookings/:id`), never the raw path. */
  route?: string;
  method?: string;
  /** `client.address`: the peer address (or the client address your proxy vouches for). Spans and audit events only. */
  clientAddress?: string;
  /** `user_agent.original`, cut to 256 characters. Spans and audit events only. */
  userAgent?: string;
  /** A session id (when the token has no `sid` claim): recorded as its keyed hash `session.hash`. */
  sessionId?: string;
}

export interface AuthenticationRecord extends RequestContext {
  result: sc.AuthnResult;
  failureReason?: sc.AuthnFailureReason;
  /** Set only when no verdict was possible (JWKS timeout …). */
  errorType?: sc.ErrorType;
  /** Stable library code (`ERR_JWT_EXPIRED`); never a message. */
  failureCode?: string;
  mechanism?: sc.AuthnMechanism;
  location?: sc.VerificationLocation;
  /** The configured issuer alias (not the `iss` URL). */
  issuer?: string;
  /** Verified claims; read for principal type, subject, client, `jti` and `act`, never emitted raw. */
  claims?: Claims;
  /** Measured elsewhere; when omitted the decision is recorded with zero duration. */
  durationSeconds?: number;
}

export interface AuthorizationRecord extends RequestContext {
  allowed: boolean;
  kind: sc.AuthzCheckKind;
  engine?: sc.AuthzEngine;
  denialReason?: sc.AuthzDenialReason;
  source?: sc.AuthzDecisionSource;
  mode?: sc.AuthzMode;
  /** Set with `errorType`: what the caller did when no verdict was possible. */
  fallback?: sc.AuthzFallback;
  errorType?: sc.ErrorType;
  failureCode?: string;
  policyName?: string;
  policyVersion?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  tenantId?: string;
  resourceTenantId?: string;
  /** Principal of the decision: claims (classified) or a type you already know. */
  claims?: Claims;
  principalType?: sc.PrincipalType;
  subject?: string;
  /** Links this decision to the authentication that preceded it. */
  authenticationDecisionId?: string;
  durationSeconds?: number;
}

export interface DecisionReceipt {
  /** Unique per decision; on the span and audit event. Hand it to the user for support look-ups. */
  decisionId: string;
}

// ---- Internals ----------------------------------------------------------------------------------

interface Instruments {
  provider: MeterProvider;
  enabled: boolean;
  meter: Meter;
  authnDuration: Histogram;
  authzDuration: Histogram;
  dropped: Counter;
}

const NOOP_HISTOGRAM = createNoopMeter().createHistogram('noop');
/** Stands in for a span the tracer failed to start. */
const NON_RECORDING_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
/** `amr` values registered by RFC 8176 (IANA "Authentication Method Reference Values"); anything else is `_OTHER`. */
const AMR_VALUES = new Set([
  'face',
  'fpt',
  'geo',
  'hwk',
  'iris',
  'kba',
  'mca',
  'mfa',
  'otp',
  'pin',
  'pop',
  'pwd',
  'rba',
  'retina',
  'sc',
  'sms',
  'swk',
  'tel',
  'user',
  'vbm',
  'wia',
]);
const MAX_AMR_VALUES = 8;
const CLIENT_SPAN = { kind: SpanKind.CLIENT };
const INTERNAL_SPAN = { kind: SpanKind.INTERNAL };

const sets = {
  mechanism: new Set<string>(sc.AUTHN_MECHANISMS),
  location: new Set<string>(sc.VERIFICATION_LOCATIONS),
  result: new Set<string>(sc.AUTHN_RESULTS),
  failureReason: new Set<string>(sc.AUTHN_FAILURE_REASONS),
  principalType: new Set<string>(sc.PRINCIPAL_TYPES),
  checkKind: new Set<string>(sc.AUTHZ_CHECK_KINDS),
  engine: new Set<string>(sc.AUTHZ_ENGINES),
  denialReason: new Set<string>(sc.AUTHZ_DENIAL_REASONS),
  source: new Set<string>(sc.AUTHZ_DECISION_SOURCES),
  mode: new Set<string>(sc.AUTHZ_MODES),
  fallback: new Set<string>(sc.AUTHZ_FALLBACKS),
  errorType: new Set<string>(sc.ERROR_TYPES),
  method: new Set<string>(sc.HTTP_METHODS),
};

/** Engines reached over the network: their checks are CLIENT spans. */
const REMOTE_ENGINES = new Set<string>(['opa', 'cerbos', 'openfga', 'spicedb']);

/** Names of the attributes whose values were masked in the record being built. */
type MaskedFields = string[];

/**
 * Records authentication and authorization decisions as spans, duration histograms and audit log
 * events. Every public method is total: it never throws and never alters the verdict it is given.
 */
export class AuthTelemetry {
  readonly #options: AuthTelemetryOptions;
  readonly #tracer: Tracer;
  readonly #logger: Logger;
  readonly #hash: KeyedHash;
  readonly #raw: ReadonlySet<string>;
  readonly #allow: {
    issuers: Set<string>;
    clientIds: Set<string>;
    policyNames: Set<string>;
    actions: Set<string>;
    resourceTypes: Set<string>;
    routes: Set<string> | undefined;
  };
  readonly #random: () => number;
  readonly #allowRatio: number;
  readonly #maxAllowPerSecond: number;
  #allowWindowStart = 0;
  #allowWindowCount = 0;
  #instruments: Instruments | undefined;
  /** Providers that threw in the constructor: counted as `internal_error` once the meter is reachable. */
  #failedAtStart = 0;
  /** Routes admitted to metrics when no route allowlist is configured (at most MAX_METRIC_ROUTES). */
  readonly #seenRoutes = new Set<string>();

  constructor(options: AuthTelemetryOptions = {}) {
    this.#options = options;
    const scope = { schemaUrl: sc.SCHEMA_URL };
    // A provider that throws leaves this signal off (counted), never the application without its auth.
    let tracer: Tracer;
    try {
      tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
        sc.INSTRUMENTATION_SCOPE,
        sc.INSTRUMENTATION_VERSION,
        scope,
      );
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- the API's one public no-op tracer until its 2.0; the peer range is <1.10
      tracer = new ProxyTracerProvider().getTracer(sc.INSTRUMENTATION_SCOPE);
      this.#failedAtStart += 1;
    }
    this.#tracer = tracer;
    let logger: Logger;
    try {
      logger = (options.loggerProvider ?? logs.getLoggerProvider()).getLogger(
        sc.INSTRUMENTATION_SCOPE,
        sc.INSTRUMENTATION_VERSION,
        scope,
      );
    } catch {
      logger = createNoopLogger();
      this.#failedAtStart += 1;
    }
    this.#logger = logger;
    this.#hash = createKeyedHash(options.hashKey);
    this.#raw = new Set(options.rawAttributes ?? []);
    const lists = options.metricAllowlists ?? {};
    this.#allow = {
      issuers: new Set(lists.issuers ?? []),
      clientIds: new Set(lists.clientIds ?? []),
      policyNames: new Set(lists.policyNames ?? []),
      actions: new Set(lists.actions ?? []),
      resourceTypes: new Set(lists.resourceTypes ?? []),
      routes: lists.routes === undefined ? undefined : new Set(lists.routes),
    };
    this.#random = options.random ?? Math.random;
    const ratio = options.audit?.allowSampleRatio ?? 1;
    this.#allowRatio = Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1;
    this.#maxAllowPerSecond = options.audit?.maxAllowEventsPerSecond ?? Number.POSITIVE_INFINITY;
    if (this.#failedAtStart > 0) this.#instrumentsOrUndefined();
  }

  /** The tracer, for adapters that create child spans (JWKS fetches). */
  get tracer(): Tracer {
    return this.#tracer;
  }

  /** The meter of the current provider (re-resolved if the global provider changes). */
  get meter(): Meter {
    return this.#resolveInstruments().meter;
  }

  /** Emits an audit event that is not a decision (JWKS refreshes); guarded like everything else. */
  emitEvent(eventName: string, attributes: Attributes, severity: SeverityNumber = SeverityNumber.INFO): void {
    if (!this.#logEnabled(eventName)) return;
    try {
      this.#logger.emit({
        eventName,
        severityNumber: severity,
        severityText: SeverityNumber[severity],
        body: eventName,
        attributes,
        context: context.active(),
      });
    } catch {
      this.countDropped('internal_error');
    }
  }

  /**
   * Runs `fn` (the real verification or check) with `span` active, so its own client spans become
   * children. Whatever the context API or the span does, `fn` runs exactly once and only its own
   * result or exception comes back: a throwing `isRecording`, `setSpan` or context manager is
   * counted as `internal_error` and `fn` then runs without the span.
   */
  runInSpan<T>(span: Span, fn: () => T): T {
    // Only pay for context propagation when someone records the span.
    if (!this.isRecording(span)) return fn();
    let spanContext: Context;
    try {
      spanContext = trace.setSpan(context.active(), span);
    } catch {
      this.countDropped('internal_error');
      return fn();
    }
    let ran = false as boolean;
    let failed = false as boolean;
    let result: T | undefined;
    let thrown: unknown;
    try {
      context.with(spanContext, () => {
        ran = true;
        try {
          result = fn();
        } catch (error) {
          failed = true;
          thrown = error;
        }
      });
    } catch {
      this.countDropped('internal_error');
    }
    if (!ran) return fn();
    if (failed) throw thrown;
    return result as T;
  }

  /** Adds issuer aliases to the metric allowlist (the JWT verifier registers its configured ones). */
  allowIssuers(aliases: Iterable<string>): void {
    for (const alias of aliases) this.#allow.issuers.add(alias);
  }

  /** Counts a record (or part of one) that was not emitted. */
  countDropped(reason: sc.DropReason): void {
    try {
      this.#resolveInstruments().dropped.add(1, { [sc.ATTR_DROP_REASON]: reason });
    } catch {
      // A broken metrics SDK cannot count its own failure; the auth path must still go on.
    }
  }

  /** Records an authentication decision made elsewhere. */
  recordAuthentication(record: AuthenticationRecord): DecisionReceipt {
    const decisionId = randomUUID();
    safeExecute(
      () => this.emitAuthentication(record, decisionId, undefined),
      undefined,
      () => this.countDropped('internal_error'),
    );
    return { decisionId };
  }

  /** Records an authorization decision made elsewhere. */
  recordAuthorization(record: AuthorizationRecord): DecisionReceipt {
    const decisionId = randomUUID();
    safeExecute(
      () => this.emitAuthorization(record, decisionId, undefined),
      undefined,
      () => this.countDropped('internal_error'),
    );
    return { decisionId };
  }

  /**
   * Starts the span of a decision that is about to be made, so the real call runs as its child.
   * Internal to the wrappers; returns a non-recording span when no SDK is registered.
   */
  startDecisionSpan(
    name: typeof sc.SPAN_AUTHN_VERIFY | typeof sc.SPAN_AUTHZ_CHECK | typeof sc.SPAN_AUTHN_JWKS_FETCH,
    remote: boolean,
  ): Span {
    try {
      return this.#tracer.startSpan(name, remote ? CLIENT_SPAN : INTERNAL_SPAN);
    } catch {
      this.countDropped('internal_error');
      return NON_RECORDING_SPAN;
    }
  }

  /**
   * @internal Whether a decision recorded now reaches any signal (a recording span, an SDK meter or
   * an enabled logger). The wrappers skip timing and record building when it does not: the cost of
   * a decision with no SDK registered is then a span start, an id and these three checks.
   */
  listensTo(eventName: string, span: Span): boolean {
    const instruments = this.#instrumentsOrUndefined();
    return instruments?.enabled === true || this.isRecording(span) || this.#logEnabled(eventName);
  }

  /** `span.isRecording()`, false (and counted) if the span throws. */
  isRecording(span: Span): boolean {
    try {
      return span.isRecording();
    } catch {
      this.countDropped('internal_error');
      return false;
    }
  }

  /**
   * @internal Records on a decision's span where the application asked for it (`code.*`): the
   * location given, or the caller's when none is (see `captureCodeLocation`). Only on a recording
   * span, never on metrics or audit events; a failure is counted, never propagated.
   */
  setCodeLocation(span: Span, location: CodeLocation | undefined): void {
    try {
      if (!span.isRecording()) return;
      const at = location ?? captureCodeLocation();
      if (at === undefined) return;
      span.setAttribute(sc.ATTR_CODE_FILE_PATH, at.filePath);
      span.setAttribute(sc.ATTR_CODE_LINE_NUMBER, at.line);
      span.setAttribute(sc.ATTR_CODE_COLUMN_NUMBER, at.column);
      if (at.functionName !== undefined) span.setAttribute(sc.ATTR_CODE_FUNCTION_NAME, at.functionName);
    } catch {
      this.countDropped('internal_error');
    }
  }

  /** Ends a span; a throwing span is counted, never propagated. */
  endSpan(span: Span): void {
    try {
      span.end();
    } catch {
      this.countDropped('internal_error');
    }
  }

  /** @internal Emits an authentication decision; `span` is the wrapper's already-started span. */
  emitAuthentication(record: AuthenticationRecord, decisionId: string, span: Span | undefined): void {
    const eventName = sc.EVENT_AUTHN_VERIFICATION;
    const begun = this.#begin(
      eventName,
      span,
      sc.SPAN_AUTHN_VERIFY,
      record.location === 'remote',
      record.durationSeconds,
    );
    if (begun === undefined) return;
    const { metrics, activeSpan, spanOn, logOn } = begun;
    const principal = this.#principalOf(record.claims);
    const principalType: sc.PrincipalType =
      record.result === 'success' ? principal.type : record.claims === undefined ? 'anonymous' : principal.type;
    const metricAttributes: Attributes = {
      [sc.ATTR_AUTHN_MECHANISM]: boundedValue(record.mechanism ?? 'jwt', sets.mechanism),
      [sc.ATTR_AUTHN_VERIFICATION_LOCATION]: boundedValue(record.location ?? 'local', sets.location),
      [sc.ATTR_AUTHN_RESULT]: boundedValue(record.result, sets.result),
      [sc.ATTR_AUTHN_PRINCIPAL_TYPE]: boundedValue(principalType, sets.principalType),
    };
    if (record.result === 'failure' && record.errorType === undefined) {
      metricAttributes[sc.ATTR_AUTHN_FAILURE_REASON] = boundedValue(record.failureReason, sets.failureReason);
    } else if (record.result === 'none') {
      metricAttributes[sc.ATTR_AUTHN_FAILURE_REASON] = 'token_missing';
    }
    if (record.errorType !== undefined)
      metricAttributes[sc.ATTR_ERROR_TYPE] = boundedValue(record.errorType, sets.errorType);
    if (record.issuer !== undefined)
      metricAttributes[sc.ATTR_AUTHN_ISSUER] = this.#allow.issuers.has(record.issuer) ? record.issuer : sc.OTHER;
    if (principal.clientId !== undefined && this.#allow.clientIds.has(principal.clientId))
      metricAttributes[sc.ATTR_AUTHN_CLIENT_ID] = principal.clientId;
    if (principal.actor !== undefined)
      metricAttributes[sc.ATTR_AUTHN_ACTOR_TYPE] = boundedValue(principal.actor.type, sets.principalType);
    this.#addHttp(metricAttributes, record);

    if (metrics !== undefined)
      this.#record(metrics.authnDuration, durationOf(record.durationSeconds), metricAttributes);

    const verdictIsAllow = record.result === 'success';
    // Sampling is decided before any attribute work, so a sampled-out allow costs only its metric.
    const auditOn = logOn && (!verdictIsAllow || this.#keepAllow());
    if (!spanOn && !auditOn) {
      this.endSpan(activeSpan);
      return;
    }
    const masked: MaskedFields = [];
    // Object.assign, not spread: spreading these dotted-key objects measured ~30× slower in V8.
    const detail: Attributes = Object.assign({}, metricAttributes);
    detail[sc.ATTR_AUTHN_DECISION_ID] = decisionId;
    if (record.issuer !== undefined) this.#freeText(detail, sc.ATTR_AUTHN_ISSUER, record.issuer, masked);
    if (principal.clientId !== undefined) this.#freeText(detail, sc.ATTR_AUTHN_CLIENT_ID, principal.clientId, masked);
    if (record.failureCode !== undefined && isCodeShaped(record.failureCode))
      detail[sc.ATTR_AUTHN_FAILURE_CODE] = record.failureCode;
    this.#protected(detail, sc.ATTR_USER_ID, principal.subject, masked);
    this.#protected(detail, sc.ATTR_AUTHN_TOKEN_ID, principal.tokenId, masked);
    this.#protected(detail, sc.ATTR_AUTHN_ACTOR_ID, principal.actor?.id, masked);
    const claims = record.claims;
    if (claims !== undefined) {
      const { amr, acr, iat, sid } = claims as { amr?: unknown; acr?: unknown; iat?: unknown; sid?: unknown };
      if (Array.isArray(amr)) {
        const methods = amr
          .slice(0, MAX_AMR_VALUES)
          .map((m) => (typeof m === 'string' && AMR_VALUES.has(m) ? m : sc.OTHER));
        if (methods.length > 0) detail[sc.ATTR_AUTHN_AMR] = methods;
      }
      if (typeof acr === 'string') this.#freeText(detail, sc.ATTR_AUTHN_ACR, acr, masked);
      if (typeof iat === 'number' && Number.isFinite(iat))
        detail[sc.ATTR_AUTHN_TOKEN_AGE] = Math.round(Date.now() / 1000 - iat);
      if (typeof sid === 'string' && record.sessionId === undefined)
        this.#protected(detail, sc.ATTR_SESSION_ID, sid, masked);
    }
    this.#addRequestDetail(detail, record, masked);
    if (masked.length > 0) detail[sc.ATTR_REDACTION_MASKED] = masked;
    this.#finish(activeSpan, spanOn, detail, record.errorType !== undefined);

    if (auditOn) this.#audit(eventName, severityOf(record.errorType, verdictIsAllow), detail, activeSpan);
  }

  /** @internal Emits an authorization decision; `span` is the wrapper's already-started span. */
  emitAuthorization(record: AuthorizationRecord, decisionId: string, span: Span | undefined): void {
    const eventName = sc.EVENT_AUTHZ_DECISION;
    const engine = record.engine ?? 'local';
    const begun = this.#begin(eventName, span, sc.SPAN_AUTHZ_CHECK, REMOTE_ENGINES.has(engine), record.durationSeconds);
    if (begun === undefined) return;
    const { metrics, activeSpan, spanOn, logOn } = begun;
    const principal = record.claims === undefined ? undefined : this.#principalOf(record.claims);
    const principalType = record.principalType ?? principal?.type;
    const cross =
      record.tenantId !== undefined && record.resourceTenantId !== undefined
        ? record.tenantId !== record.resourceTenantId
        : record.kind === 'tenant_boundary' && record.resourceTenantId !== undefined;
    const metricAttributes: Attributes = {
      [sc.ATTR_AUTHZ_CHECK_KIND]: boundedValue(record.kind, sets.checkKind),
      [sc.ATTR_AUTHZ_ENGINE]: boundedValue(engine, sets.engine),
      [sc.ATTR_AUTHZ_DECISION]: record.allowed ? 'allow' : 'deny',
      [sc.ATTR_AUTHZ_DECISION_SOURCE]: boundedValue(record.source ?? 'evaluated', sets.source),
      [sc.ATTR_AUTHZ_MODE]: boundedValue(record.mode ?? 'enforce', sets.mode),
      [sc.ATTR_AUTHZ_TENANT_CROSS]: cross,
    };
    if (!record.allowed && record.errorType === undefined)
      metricAttributes[sc.ATTR_AUTHZ_DENIAL_REASON] = boundedValue(record.denialReason, sets.denialReason);
    if (record.errorType !== undefined) {
      metricAttributes[sc.ATTR_ERROR_TYPE] = boundedValue(record.errorType, sets.errorType);
      metricAttributes[sc.ATTR_AUTHZ_FALLBACK] = boundedValue(
        record.fallback ?? (record.allowed ? 'fail_open' : 'fail_closed'),
        sets.fallback,
      );
    }
    if (principalType !== undefined)
      metricAttributes[sc.ATTR_AUTHN_PRINCIPAL_TYPE] = boundedValue(principalType, sets.principalType);
    if (record.policyName !== undefined)
      metricAttributes[sc.ATTR_AUTHZ_POLICY_NAME] = this.#allow.policyNames.has(record.policyName)
        ? record.policyName
        : sc.OTHER;
    if (record.action !== undefined)
      metricAttributes[sc.ATTR_AUTHZ_ACTION] = this.#allow.actions.has(record.action) ? record.action : sc.OTHER;
    if (record.resourceType !== undefined)
      metricAttributes[sc.ATTR_AUTHZ_RESOURCE_TYPE] = this.#allow.resourceTypes.has(record.resourceType)
        ? record.resourceType
        : sc.OTHER;
    this.#addHttp(metricAttributes, record);

    if (metrics !== undefined)
      this.#record(metrics.authzDuration, durationOf(record.durationSeconds), metricAttributes);

    const auditOn = logOn && (!record.allowed || record.errorType !== undefined || this.#keepAllow());
    if (!spanOn && !auditOn) {
      this.endSpan(activeSpan);
      return;
    }
    const masked: MaskedFields = [];
    const detail: Attributes = Object.assign({}, metricAttributes);
    detail[sc.ATTR_AUTHZ_DECISION_ID] = decisionId;
    if (record.authenticationDecisionId !== undefined)
      this.#freeText(detail, sc.ATTR_AUTHN_DECISION_ID, record.authenticationDecisionId, masked);
    if (record.policyName !== undefined) this.#freeText(detail, sc.ATTR_AUTHZ_POLICY_NAME, record.policyName, masked);
    if (record.policyVersion !== undefined)
      this.#freeText(detail, sc.ATTR_AUTHZ_POLICY_VERSION, record.policyVersion, masked);
    if (record.action !== undefined) this.#freeText(detail, sc.ATTR_AUTHZ_ACTION, record.action, masked);
    if (record.resourceType !== undefined)
      this.#freeText(detail, sc.ATTR_AUTHZ_RESOURCE_TYPE, record.resourceType, masked);
    if (record.tenantId !== undefined) this.#freeText(detail, sc.ATTR_AUTHZ_TENANT_ID, record.tenantId, masked);
    if (record.resourceTenantId !== undefined)
      this.#freeText(detail, sc.ATTR_AUTHZ_RESOURCE_TENANT_ID, record.resourceTenantId, masked);
    if (record.failureCode !== undefined && isCodeShaped(record.failureCode))
      detail[sc.ATTR_AUTHZ_FAILURE_CODE] = record.failureCode;
    this.#protected(detail, sc.ATTR_AUTHZ_RESOURCE_ID, record.resourceId, masked);
    this.#protected(detail, sc.ATTR_USER_ID, record.subject ?? principal?.subject, masked);
    this.#addRequestDetail(detail, record, masked);
    if (masked.length > 0) detail[sc.ATTR_REDACTION_MASKED] = masked;
    this.#finish(activeSpan, spanOn, detail, record.errorType !== undefined);

    if (auditOn) this.#audit(eventName, severityOf(record.errorType, record.allowed), detail, activeSpan);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /**
   * The start every decision shares: the wrapper's span, or one started for a decision recorded after
   * the fact (whose code location is the application's frame that recorded it), and which signals are
   * on (`metrics`: the instruments, when metrics are on). Undefined, with the span ended, when no
   * signal records the decision.
   */
  #begin(
    eventName: string,
    span: Span | undefined,
    spanName: string,
    remote: boolean,
    durationSeconds: number | undefined,
  ): { metrics: Instruments | undefined; activeSpan: Span; spanOn: boolean; logOn: boolean } | undefined {
    const instruments = this.#instrumentsOrUndefined();
    const activeSpan = span ?? this.#startRecordSpan(spanName, remote, durationSeconds);
    if (span === undefined) this.setCodeLocation(activeSpan, undefined);
    const spanOn = this.isRecording(activeSpan);
    const logOn = this.#logEnabled(eventName);
    // The instruments when metrics are on: a meter provider that throws or is disabled records none.
    const metrics = instruments?.enabled === true ? instruments : undefined;
    if (metrics === undefined && !spanOn && !logOn) {
      this.endSpan(activeSpan);
      return undefined;
    }
    return { metrics, activeSpan, spanOn, logOn };
  }

  /** The instruments, or undefined (counted) when the meter provider throws. */
  #instrumentsOrUndefined(): Instruments | undefined {
    try {
      return this.#resolveInstruments();
    } catch {
      this.countDropped('internal_error');
      return undefined;
    }
  }

  #record(histogram: Histogram, value: number, attributes: Attributes): void {
    try {
      histogram.record(value, attributes);
    } catch {
      this.countDropped('internal_error');
    }
  }

  /** `logger.enabled()`; if it throws, the event is attempted anyway (an audit record is not given up on a broken check). */
  #logEnabled(eventName: string): boolean {
    try {
      return this.#logger.enabled({ eventName });
    } catch {
      this.countDropped('internal_error');
      return true;
    }
  }

  #resolveInstruments(): Instruments {
    // The metrics API has no proxy provider: re-resolve when the global provider changes, so an SDK
    // started after this object was created is still picked up.
    const provider = this.#options.meterProvider ?? metrics.getMeterProvider();
    const cached = this.#instruments;
    if (cached?.provider === provider) return cached;
    const meter = provider.getMeter(sc.INSTRUMENTATION_SCOPE, sc.INSTRUMENTATION_VERSION, { schemaUrl: sc.SCHEMA_URL });
    const advice = { explicitBucketBoundaries: sc.DURATION_BUCKETS_SECONDS };
    const authnDuration = meter.createHistogram(sc.METRIC_AUTHN_VERIFICATION_DURATION, {
      unit: 's',
      description: 'Duration of authentication (token verification) decisions; its count is the number of decisions.',
      advice,
    });
    const instruments: Instruments = {
      provider,
      meter,
      enabled: authnDuration !== NOOP_HISTOGRAM,
      authnDuration,
      authzDuration: meter.createHistogram(sc.METRIC_AUTHZ_DECISION_DURATION, {
        unit: 's',
        description: 'Duration of authorization decisions; its count is the number of decisions.',
        advice,
      }),
      dropped: meter.createCounter(sc.METRIC_RECORDS_DROPPED, {
        unit: '{record}',
        description: 'Telemetry records (or parts of them) not emitted, by reason. The decisions themselves went on.',
      }),
    };
    this.#instruments = instruments;
    if (instruments.enabled) {
      // Every reason starts at 0, so the first drop is an increase a `rate()`/`increase()` can see.
      for (const reason of sc.DROP_REASONS) instruments.dropped.add(0, { [sc.ATTR_DROP_REASON]: reason });
    }
    if (this.#failedAtStart > 0) {
      instruments.dropped.add(this.#failedAtStart, { [sc.ATTR_DROP_REASON]: 'internal_error' });
      this.#failedAtStart = 0;
    }
    return instruments;
  }

  #startRecordSpan(name: string, remote: boolean, durationSeconds: number | undefined): Span {
    const startTime =
      durationSeconds !== undefined && Number.isFinite(durationSeconds) && durationSeconds >= 0
        ? Date.now() - durationSeconds * 1000
        : undefined;
    try {
      if (startTime === undefined) return this.#tracer.startSpan(name, remote ? CLIENT_SPAN : INTERNAL_SPAN);
      return this.#tracer.startSpan(name, { kind: remote ? SpanKind.CLIENT : SpanKind.INTERNAL, startTime });
    } catch {
      this.countDropped('internal_error');
      return NON_RECORDING_SPAN;
    }
  }

  #principalOf(claims: Claims | undefined): PrincipalClassification {
    const builtIn = classifyPrincipal(claims, this.#options.principal);
    const hook = this.#options.classifyPrincipal;
    if (hook === undefined || claims === undefined) return builtIn;
    return safeExecute(
      () => {
        // A JavaScript hook may return anything; only a known classification is taken.
        const result = hook(claims, builtIn) as PrincipalClassification | null | undefined;
        return result !== null && typeof result === 'object' && sets.principalType.has(result.type) ? result : builtIn;
      },
      builtIn,
      () => this.countDropped('hook_failed'),
    );
  }

  #addHttp(attributes: Attributes, request: RequestContext): void {
    if (request.method !== undefined)
      attributes[sc.ATTR_HTTP_REQUEST_METHOD] = boundedValue(request.method.toUpperCase(), sets.method);
    if (request.route !== undefined) attributes[sc.ATTR_HTTP_ROUTE] = this.#metricRoute(request.route);
  }

  /** The route on metrics: allowlisted, or (without an allowlist) one of the first MAX_METRIC_ROUTES clean templates; else `_OTHER`. */
  #metricRoute(route: string): string {
    const routes = this.#allow.routes;
    if (routes !== undefined) return routes.has(route) ? route : sc.OTHER;
    const seen = this.#seenRoutes;
    if (seen.has(route)) return route;
    if (seen.size >= sc.MAX_METRIC_ROUTES || hasUnsafeCharacters(route) || inspectFreeText(route) !== 'ok')
      return sc.OTHER;
    seen.add(route);
    return route;
  }

  /** Client address, user agent and session of the request: spans and audit events only. */
  #addRequestDetail(detail: Attributes, request: RequestContext, masked: MaskedFields): void {
    if (request.clientAddress !== undefined)
      this.#freeText(detail, sc.ATTR_CLIENT_ADDRESS, request.clientAddress, masked);
    if (request.userAgent !== undefined) {
      const agent =
        request.userAgent.length > sc.MAX_USER_AGENT_LENGTH
          ? request.userAgent.slice(0, sc.MAX_USER_AGENT_LENGTH)
          : request.userAgent;
      this.#freeText(detail, sc.ATTR_USER_AGENT_ORIGINAL, agent, masked);
    }
    if (request.sessionId !== undefined) this.#protected(detail, sc.ATTR_SESSION_ID, request.sessionId, masked);
  }

  /**
   * A caller-controlled value on spans and audit events: unsafe characters escaped; a value that
   * looks like a credential or a personal identifier, or is oversized, is replaced by `[masked]`,
   * its attribute name listed and the masking counted. The record itself is always kept.
   */
  #freeText(attributes: Attributes, name: string, value: string, masked: MaskedFields): void {
    const clean = exportableFreeText(value);
    if (clean !== undefined) {
      attributes[name] = clean;
      return;
    }
    const verdict = inspectFreeText(value);
    // Never emitted; if the metric tier copied it (allowlisted), the mask replaces that copy too.
    attributes[name] = sc.MASKED;
    masked.push(name);
    this.countDropped(verdict === 'sensitive' ? 'masked' : 'oversized');
  }

  #protected(
    attributes: Attributes,
    name: sc.ProtectedAttribute,
    value: string | undefined,
    masked: MaskedFields,
  ): void {
    if (value === undefined) return;
    if (this.#raw.has(name)) {
      this.#freeText(attributes, name, value, masked);
      if (name !== sc.ATTR_USER_ID && name !== sc.ATTR_SESSION_ID) return;
    }
    const hashed = this.#hash(value);
    if (name === sc.ATTR_USER_ID) attributes[sc.ATTR_USER_HASH] = hashed;
    else if (name === sc.ATTR_SESSION_ID) attributes[sc.ATTR_SESSION_HASH] = hashed;
    else attributes[name] = hashed;
  }

  /** Each span call guarded on its own: a throwing `setAttributes` must not keep the span from ending. */
  #finish(span: Span, spanOn: boolean, detail: Attributes, isError: boolean): void {
    if (spanOn) {
      try {
        span.setAttributes(detail);
        // A deny or an invalid token is a verdict, not a span error; only "no verdict" is.
        if (isError) span.setStatus({ code: SpanStatusCode.ERROR });
      } catch {
        this.countDropped('internal_error');
      }
    }
    this.endSpan(span);
  }

  #audit(eventName: string, severity: SeverityNumber, detail: Attributes, span: Span): void {
    let eventContext: Context | undefined;
    try {
      // Carries the trace id when there is one (a sampled-out span keeps its parent's); the event is
      // emitted whether or not the trace is sampled. Without any trace, the logger's default applies.
      if (span !== NON_RECORDING_SPAN && isSpanContextValid(span.spanContext()))
        eventContext = trace.setSpan(context.active(), span);
    } catch {
      this.countDropped('internal_error');
    }
    try {
      const record: LogRecord = {
        eventName,
        severityNumber: severity,
        severityText: SeverityNumber[severity],
        body: eventName,
        attributes: detail,
      };
      if (eventContext !== undefined) record.context = eventContext;
      this.#logger.emit(record);
    } catch {
      this.countDropped('internal_error');
    }
  }

  #keepAllow(): boolean {
    if (this.#allowRatio < 1 && !(this.#random() < this.#allowRatio)) {
      this.countDropped('sampled');
      return false;
    }
    if (this.#maxAllowPerSecond !== Number.POSITIVE_INFINITY) {
      const now = Date.now();
      if (now - this.#allowWindowStart >= 1000) {
        this.#allowWindowStart = now;
        this.#allowWindowCount = 0;
      }
      if (this.#allowWindowCount >= this.#maxAllowPerSecond) {
        this.countDropped('rate_limited');
        return false;
      }
      this.#allowWindowCount += 1;
    }
    return true;
  }
}

function durationOf(durationSeconds: number | undefined): number {
  return durationSeconds !== undefined && Number.isFinite(durationSeconds) && durationSeconds >= 0
    ? durationSeconds
    : 0;
}

export function createAuthTelemetry(options?: AuthTelemetryOptions): AuthTelemetry {
  return new AuthTelemetry(options);
}

/** An audit record's severity: an error, an allow, or a deny (which the audit never drops). */
function severityOf(errorType: string | undefined, allowed: boolean): SeverityNumber {
  if (errorType !== undefined) return SeverityNumber.ERROR;
  return allowed ? SeverityNumber.INFO : SeverityNumber.WARN;
}
