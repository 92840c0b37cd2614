/*
 * Every attribute, instrument and event name this package emits, in one place.
 *
 * OpenTelemetry has no registered conventions for authentication or authorization decisions yet
 * (semantic-conventions #4022 "IAM", #2434 `access_control.*`), so these are copied locally, the way
 * OTel contrib keeps unstable names in `semconv.ts`. A rename is one edit here plus a schema bump.
 */

/** Schema URL stamped on the tracer, meter and logger scopes. Bump it when a name below changes. */
export const SCHEMA_URL = 'https://authboundary.dev/schemas/telemetry/1.0.0';
export const INSTRUMENTATION_SCOPE = '@authboundary/telemetry';
export const INSTRUMENTATION_VERSION = '0.1.0';

/** The value a bounded attribute takes when its input is not on the allowlist. */
export const OTHER = '_OTHER';

// ---- Attributes -------------------------------------------------------------------------------
// Tier M: bounded, safe on metrics. Tier S: spans and logs only. Tier P: protected, hashed unless
// raw capture is opted in for that attribute.

/** OpenTelemetry semantic conventions (code): where the decision was asked for. Spans only, never metrics. */
export const ATTR_CODE_FILE_PATH = 'code.file.path'; // S
export const ATTR_CODE_LINE_NUMBER = 'code.line.number'; // S
export const ATTR_CODE_COLUMN_NUMBER = 'code.column.number'; // S
export const ATTR_CODE_FUNCTION_NAME = 'code.function.name'; // S
export const ATTR_AUTHN_MECHANISM = 'authn.mechanism'; // M
export const ATTR_AUTHN_VERIFICATION_LOCATION = 'authn.verification.location'; // M
export const ATTR_AUTHN_RESULT = 'authn.result'; // M
export const ATTR_AUTHN_FAILURE_REASON = 'authn.failure.reason'; // M
export const ATTR_AUTHN_FAILURE_CODE = 'authn.failure.code'; // S: the library's stable code, e.g. ERR_JWT_EXPIRED
export const ATTR_AUTHN_ISSUER = 'authn.issuer'; // M if configured
export const ATTR_AUTHN_PRINCIPAL_TYPE = 'authn.principal.type'; // M
export const ATTR_AUTHN_CLIENT_ID = 'authn.client.id'; // M only allowlisted, else S
export const ATTR_AUTHN_ACTOR_TYPE = 'authn.actor.type'; // M
export const ATTR_AUTHN_ACTOR_ID = 'authn.actor.id'; // P
export const ATTR_AUTHN_TOKEN_ID = 'authn.token.id'; // P
export const ATTR_AUTHN_JWKS_CACHE_RESULT = 'authn.jwks.cache.result'; // M
export const ATTR_AUTHN_JWKS_TRIGGER = 'authn.jwks.trigger'; // M

export const ATTR_AUTHZ_CHECK_KIND = 'authz.check.kind'; // M
export const ATTR_AUTHZ_ENGINE = 'authz.engine'; // M
export const ATTR_AUTHZ_DECISION = 'authz.decision'; // M
export const ATTR_AUTHZ_DENIAL_REASON = 'authz.denial.reason'; // M
export const ATTR_AUTHZ_DECISION_SOURCE = 'authz.decision.source'; // M
export const ATTR_AUTHZ_MODE = 'authz.mode'; // M
export const ATTR_AUTHZ_FALLBACK = 'authz.fallback'; // M
export const ATTR_AUTHZ_POLICY_NAME = 'authz.policy.name'; // M, bounded by the deployment's allowlist
export const ATTR_AUTHZ_POLICY_VERSION = 'authz.policy.version'; // S
export const ATTR_AUTHZ_ACTION = 'authz.action'; // M if allowlisted, else S
export const ATTR_AUTHZ_RESOURCE_TYPE = 'authz.resource.type'; // M if allowlisted, else S
export const ATTR_AUTHZ_RESOURCE_ID = 'authz.resource.id'; // P
export const ATTR_AUTHZ_TENANT_ID = 'authz.tenant.id'; // S, never on metrics
export const ATTR_AUTHZ_RESOURCE_TENANT_ID = 'authz.resource.tenant.id'; // S, never on metrics
export const ATTR_AUTHZ_TENANT_CROSS = 'authz.tenant.cross'; // M
export const ATTR_AUTHZ_DECISION_ID = 'authz.decision.id'; // S: unique per decision, returned to the caller
export const ATTR_AUTHN_DECISION_ID = 'authn.decision.id'; // S: same for authentications; on authz records it links the two
export const ATTR_AUTHZ_FAILURE_CODE = 'authz.failure.code'; // S: stable code of a policy engine error

export const ATTR_USER_HASH = 'user.hash'; // S: keyed hash of the subject, the default stand-in
export const ATTR_USER_ID = 'user.id'; // P: raw subject, opt-in only
export const ATTR_ERROR_TYPE = 'error.type'; // M
export const ATTR_HTTP_ROUTE = 'http.route'; // M, template only
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method'; // M
export const ATTR_DROP_REASON = 'reason'; // M, on auth.telemetry.records.dropped

// Audit context (spans and audit events only). OTel's registered names where one exists.
export const ATTR_CLIENT_ADDRESS = 'client.address'; // S: OTel general attribute (the peer, or the first X-Forwarded-For hop if you pass it)
export const ATTR_USER_AGENT_ORIGINAL = 'user_agent.original'; // S: OTel, truncated to MAX_USER_AGENT_LENGTH
export const ATTR_SESSION_ID = 'session.id'; // P: OTel session id, raw only by opt-in
export const ATTR_SESSION_HASH = 'session.hash'; // S: keyed hash of the session id (`sid` claim), as user.hash is of the subject
export const ATTR_AUTHN_AMR = 'authn.amr'; // S: `amr` claim (RFC 8176 method references), string array
export const ATTR_AUTHN_ACR = 'authn.acr'; // S: `acr` claim
export const ATTR_AUTHN_TOKEN_AGE = 'authn.token.age'; // S: seconds since the token's `iat`
/** Names of the attributes of this record whose values were masked (credential- or person-shaped, or oversized). */
export const ATTR_REDACTION_MASKED = 'auth.redaction.masked'; // S: string array

/** Value that replaces a masked free-text attribute on spans and audit events. */
export const MASKED = '[masked]';
/** Longest `user_agent.original` kept; longer ones are cut (not masked: the head is what identifies a client). */
export const MAX_USER_AGENT_LENGTH = 256;
/** Distinct `http.route` values on metrics when no route allowlist is configured; later ones become `_OTHER`. */
export const MAX_METRIC_ROUTES = 100;

/** Attributes that may be captured raw instead of hashed, one opt-in each. */
export const PROTECTED_ATTRIBUTES = [
  ATTR_USER_ID,
  ATTR_AUTHN_TOKEN_ID,
  ATTR_AUTHN_ACTOR_ID,
  ATTR_AUTHZ_RESOURCE_ID,
  ATTR_SESSION_ID,
] as const;
export type ProtectedAttribute = (typeof PROTECTED_ATTRIBUTES)[number];

// ---- Closed value sets --------------------------------------------------------------------------

export const AUTHN_MECHANISMS = ['jwt', 'opaque_token', 'api_key', 'mtls', 'session'] as const;
export type AuthnMechanism = (typeof AUTHN_MECHANISMS)[number];

export const VERIFICATION_LOCATIONS = ['local', 'remote'] as const;
export type VerificationLocation = (typeof VERIFICATION_LOCATIONS)[number];

export const AUTHN_RESULTS = ['success', 'failure', 'none'] as const;
export type AuthnResult = (typeof AUTHN_RESULTS)[number];

export const AUTHN_FAILURE_REASONS = [
  'token_missing',
  'token_malformed',
  'token_expired',
  'token_not_yet_valid',
  'signature_invalid',
  'key_not_found',
  'algorithm_not_allowed',
  'issuer_mismatch',
  'audience_mismatch',
  'claim_invalid',
  'token_revoked',
  'token_inactive',
] as const;
export type AuthnFailureReason = (typeof AUTHN_FAILURE_REASONS)[number];

export const PRINCIPAL_TYPES = ['user', 'service', 'agent', 'anonymous'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

export const JWKS_CACHE_RESULTS = ['hit', 'miss_refetched', 'cooldown_blocked'] as const;
export type JwksCacheResult = (typeof JWKS_CACHE_RESULTS)[number];

export const JWKS_FETCH_TRIGGERS = ['initial', 'expired', 'unknown_kid'] as const;
export type JwksFetchTrigger = (typeof JWKS_FETCH_TRIGGERS)[number];

export const AUTHZ_CHECK_KINDS = ['policy', 'role', 'scope', 'relationship', 'ownership', 'tenant_boundary'] as const;
export type AuthzCheckKind = (typeof AUTHZ_CHECK_KINDS)[number];

export const AUTHZ_ENGINES = ['local', 'opa', 'cerbos', 'openfga', 'spicedb', 'casbin', 'custom'] as const;
export type AuthzEngine = (typeof AUTHZ_ENGINES)[number];

export const AUTHZ_DECISIONS = ['allow', 'deny'] as const;
export type AuthzDecision = (typeof AUTHZ_DECISIONS)[number];

export const AUTHZ_DENIAL_REASONS = [
  'no_matching_policy',
  'explicit_deny',
  'missing_role',
  'missing_scope',
  'missing_relationship',
  'tenant_mismatch',
  'principal_type_not_allowed',
  'condition_failed',
] as const;
export type AuthzDenialReason = (typeof AUTHZ_DENIAL_REASONS)[number];

export const AUTHZ_DECISION_SOURCES = ['evaluated', 'cache'] as const;
export type AuthzDecisionSource = (typeof AUTHZ_DECISION_SOURCES)[number];

export const AUTHZ_MODES = ['enforce', 'shadow'] as const;
export type AuthzMode = (typeof AUTHZ_MODES)[number];

export const AUTHZ_FALLBACKS = ['fail_open', 'fail_closed'] as const;
export type AuthzFallback = (typeof AUTHZ_FALLBACKS)[number];

export const ERROR_TYPES = [
  'jwks_timeout',
  'jwks_fetch_failed',
  'pdp_unavailable',
  'pdp_timeout',
  'policy_evaluation_error',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/**
 * Why a telemetry record (or part of one) was not emitted as given. `rate_limited` and `sampled`:
 * an allow's audit event was left out (cap or sample ratio); `masked` and `oversized`: one field's
 * value was replaced by `[masked]` (the record itself is kept and lists the field in
 * `auth.redaction.masked`); `hook_failed`: a user hook threw (its contribution is dropped, the record
 * goes on); `internal_error`: an OpenTelemetry call or this package failed (the decision still went
 * on). Counted once per occurrence; initialised at 0 so a first occurrence is a visible increase.
 */
export const DROP_REASONS = [
  'rate_limited',
  'sampled',
  'masked',
  'oversized',
  'hook_failed',
  'internal_error',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;

// ---- Instruments, spans, events -----------------------------------------------------------------

export const METRIC_AUTHN_VERIFICATION_DURATION = 'authn.verification.duration';
export const METRIC_AUTHZ_DECISION_DURATION = 'authz.decision.duration';
export const METRIC_AUTHN_JWKS_FETCH_DURATION = 'authn.jwks.fetch.duration';
export const METRIC_AUTHN_JWKS_LOOKUPS = 'authn.jwks.lookups';
export const METRIC_AUTHN_JWKS_AGE = 'authn.jwks.age';
export const METRIC_RECORDS_DROPPED = 'auth.telemetry.records.dropped';

export const SPAN_AUTHN_VERIFY = 'authn.verify';
export const SPAN_AUTHZ_CHECK = 'authz.check';
export const SPAN_AUTHN_JWKS_FETCH = 'authn.jwks.fetch';

export const EVENT_AUTHN_VERIFICATION = 'authn.verification';
export const EVENT_AUTHZ_DECISION = 'authz.decision';
export const EVENT_AUTHN_JWKS_REFRESH = 'authn.jwks.refresh';

/**
 * Histogram buckets for local work, in seconds. They start at 50 µs: the HTTP default starts at
 * 5 ms and would put every local verification into its first bucket.
 */
export const DURATION_BUCKETS_SECONDS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
