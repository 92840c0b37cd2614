/** Outcomes of transport and promise plumbing, not business states (`r.status === 'fulfilled'`). */
export const TRANSPORT_LITERALS: ReadonlySet<string> = new Set([
  'fulfilled',
  'rejected',
  'error',
  'success',
  'ok',
  'failed',
  'failure',
]);

/**
 * Names of transport and Result/Either plumbing: `res.ok`, `result.error`, `r.err`, `result.isErr()`,
 * `either.isLeft()`, `res.status >= 400`. Read on a property or a method, never a bare name.
 */
export const TRANSPORT_NAMES: ReadonlySet<string> = new Set([
  'ok',
  'error',
  'errors',
  'err',
  'status',
  'statusCode',
  'isError',
  'isSuccess',
  'success',
  'isOk',
  'isErr',
  'isLeft',
  'isRight',
  'isFailure',
  'isFailed',
  'failed',
  'isSome',
  'isNone',
]);

/** Words of a compared name that make it an error's code or reason, not domain state (`error.code === 'P2002'`, `result.reason === 'subscription_conflict'`). */
export const ERROR_DETAIL_WORDS: ReadonlySet<string> = new Set([
  'code',
  'reason',
  'message',
  'err',
  'error',
  'errors',
  'exception',
]);

/** Awaited calls that read the incoming request or validate input, not domain state (`await request.json()`, `schema.parse(body)`). */
export const REQUEST_READERS: ReadonlySet<string> = new Set([
  'json',
  'text',
  'formData',
  'arrayBuffer',
  'blob',
  'body',
  'jwtVerify',
  'parse',
  'parseAsync',
  'safeParse',
  'safeParseAsync',
  'validate',
  'validateSync',
  'cast',
]);

/** Words of imported names that build or check input shapes (`createCourseSchema`, `orderValidator`): helpers, not domain state. */
export const SCHEMA_WORDS: ReadonlySet<string> = new Set([
  'schema',
  'schemas',
  'validator',
  'validators',
  'validation',
  'validations',
]);

/** Calls that compare two values for equality: change detection and joins, not decisions (`!isEqual(before, after)`). */
export const EQUALITY_CALLS: ReadonlySet<string> = new Set([
  'deepEqual',
  'isEqual',
  'equal',
  'equals',
  'isDeepStrictEqual',
  'dequal',
  'shallowEqual',
  'isEqualWith',
]);

/** Methods that match one value against another; with a non-literal argument they join, like `===`. */
export const MATCHING_METHODS: ReadonlySet<string> = new Set([
  'includes',
  'has',
  'startsWith',
  'endsWith',
  'indexOf',
  'localeCompare',
]);

/** Properties of a request that hold its raw input. */
export const REQUEST_INPUTS: ReadonlySet<string> = new Set([
  'body',
  'url',
  'nextUrl',
  'query',
  'headers',
  'cookies',
  'searchParams',
  'raw',
]);

/** Words of parameter names and types that hold the incoming request. */
export const REQUEST_WORDS: ReadonlySet<string> = new Set(['req', 'request', 'event']);

/** Array methods whose callback decides which elements stay or match: the callback body is a predicate. */
export const PREDICATE_METHODS: ReadonlySet<string> = new Set([
  'filter',
  'find',
  'findLast',
  'findIndex',
  'findLastIndex',
  'some',
  'every',
]);
/** Array methods that look one element up: a literal in their predicate is a key (`teamRole === Role.ADMIN`), not a policy. */
export const LOOKUP_METHODS: ReadonlySet<string> = new Set(['find', 'findLast', 'findIndex', 'findLastIndex']);
/** Array methods whose callback parameter is an element of the receiver. */
export const ELEMENT_METHODS: ReadonlySet<string> = new Set([
  ...PREDICATE_METHODS,
  'map',
  'flatMap',
  'forEach',
  'reduce',
  'sort',
  'toSorted',
]);
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'race', 'any']);

/** Words of names that hold yes/no facts rather than objects: a bare `premium` is a fact, a bare `booking` an object. */
export const FACT_WORDS: readonly string[] = [
  'is',
  'has',
  'can',
  'should',
  'ready',
  'enabled',
  'active',
  'allowed',
  'allows',
  'permits',
  'granted',
  'complete',
  'completed',
  'verified',
  'eligible',
  'paid',
  'blocked',
  'premium',
  'valid',
];

/** Words of properties that hold a yes/no state, beyond `FACT_WORDS` and `-able`/`-ed` adjectives (`onboarding.done`, `course.live`). */
export const STATE_WORDS: ReadonlySet<string> = new Set([
  'done',
  'open',
  'live',
  'public',
  'private',
  'visible',
  'available',
  'free',
  'due',
  'overdue',
  'full',
  'pending',
  'enrolled',
  'member',
  'admin',
  'owner',
  'banned',
  'suspended',
  'locked',
]);

/** Words of a fact that make it an entitlement: what the customer bought or has left (`isPremium`, `trialLeft`, `subscription.active`). */
export const ENTITLEMENT_WORDS: ReadonlySet<string> = new Set([
  'trial',
  'premium',
  'pro',
  'plan',
  'subscription',
  'subscribed',
  'subscriber',
  'paid',
  'tier',
  'credits',
  'quota',
  'entitled',
  'entitlement',
  'license',
  'licensed',
  'seats',
]);

/** Words of an id that names who owns or made a record (`owner_id`, `authorId`, `createdBy`, `userId`). */
export const OWNER_WORDS: ReadonlySet<string> = new Set([
  'owner',
  'author',
  'creator',
  'uploader',
  'user',
  'seller',
  'host',
  'created',
  'posted',
  'organizer',
  'organiser',
  'instructor',
  'teacher',
  'student',
  'customer',
]);

/** Words of a name that marks a record looked up to refuse a duplicate (`existingOrder`, `alreadyEnrolled`). */
export const EXISTENCE_WORDS: ReadonlySet<string> = new Set([
  'existing',
  'exists',
  'already',
  'duplicate',
  'prior',
  'previous',
]);

/** What the branch of an early exit says when it refuses: an HTTP 4xx status, a refusal word. */
export const REFUSAL_TEXT =
  /\b4(?:0[0-9]|2[0-9]|1[0-9])\b|conflict|forbidden|already|exists|duplicate|denied|not allowed|cannot|can't|unauthori[sz]ed|upgrade|limit|bad ?request|badRequest|success: ?false/i;

export const MAX_TRACE_DEPTH = 6;

/** Words of type names that describe input, not a dependency: a parameter so typed is not a domain client (`data: CourseFormData`). */
export const INPUT_TYPE_WORDS: ReadonlySet<string> = new Set([
  'input',
  'inputs',
  'data',
  'dto',
  'form',
  'params',
  'param',
  'payload',
  'body',
  'request',
  'req',
  'props',
  'args',
  'values',
  'schema',
  'json',
  'query',
  'event',
  'args',
  'options',
  'config',
]);
