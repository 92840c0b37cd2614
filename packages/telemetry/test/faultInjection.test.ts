import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  context,
  propagation,
  type MeterProvider,
  type TextMapPropagator,
  type TracerProvider,
} from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemoryLogRecordExporter,
  LoggerProvider as SdkLoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { MeterProvider as SdkMeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkTenantBoundary,
  createAuthTelemetry,
  createNodeAuthentication,
  withAuthentication,
  withAuthorization,
  type AuthTelemetry,
} from '../src/index.js';
import { createJwtVerifier } from '../src/jwt/index.js';
import { TestMetricReader } from './harness.js';
import { startJwksServer, type JwksServer } from './keySets.js';

/*
 * Fault injection: every OpenTelemetry call the package makes is made to throw in turn — on its
 * 1st, 2nd, 3rd call and on every call — for every kind of verdict, and the verdict, its reason and
 * the HTTP status must equal those of a run without telemetry.
 *
 * The calls are not listed by hand: the providers, the global context manager, the global
 * propagator and the SDK's processors are wrapped in recording proxies, a clean run of each verdict
 * kind discovers which methods the package reaches (and how often), and the matrix is generated from
 * that. A call added to the package tomorrow is faulted tomorrow. `API_SURFACE` is the declared
 * surface: the test fails if the package reaches a method outside it, so the list stays true.
 */

/** Every OpenTelemetry method the package may reach, by the role of the object it is called on. */
const API_SURFACE: Record<string, readonly string[]> = {
  TracerProvider: ['getTracer'],
  Tracer: ['startSpan', 'startActiveSpan'],
  Span: [
    'spanContext',
    'setAttribute',
    'setAttributes',
    'addEvent',
    'addLink',
    'addLinks',
    'setStatus',
    'updateName',
    'end',
    'isRecording',
    'recordException',
  ],
  MeterProvider: ['getMeter'],
  Meter: [
    'createHistogram',
    'createCounter',
    'createUpDownCounter',
    'createGauge',
    'createObservableGauge',
    'createObservableCounter',
    'createObservableUpDownCounter',
    'addBatchObservableCallback',
    'removeBatchObservableCallback',
  ],
  Histogram: ['record'],
  Counter: ['add'],
  ObservableGauge: ['addCallback', 'removeCallback'],
  LoggerProvider: ['getLogger'],
  Logger: ['emit', 'enabled'],
  ContextManager: ['active', 'with', 'bind', 'enable', 'disable'],
  TextMapPropagator: ['inject', 'extract', 'fields'],
  SpanProcessor: ['onStart', 'onEnd', 'forceFlush', 'shutdown'],
  LogRecordProcessor: ['onEmit', 'forceFlush', 'shutdown'],
};

/** What a method's result is, when it is itself an OpenTelemetry object the package calls into. */
const RESULT_ROLE: Record<string, string> = {
  'TracerProvider.getTracer': 'Tracer',
  'Tracer.startSpan': 'Span',
  'Span.setAttribute': 'Span',
  'Span.setAttributes': 'Span',
  'Span.addEvent': 'Span',
  'Span.setStatus': 'Span',
  'Span.updateName': 'Span',
  'MeterProvider.getMeter': 'Meter',
  'Meter.createHistogram': 'Histogram',
  'Meter.createCounter': 'Counter',
  'Meter.createObservableGauge': 'ObservableGauge',
  'LoggerProvider.getLogger': 'Logger',
};

interface Fault {
  call: string;
  /** 1-based call number to throw on, or every call. */
  nth: number | 'every';
}

/** Counts calls per `Role.method` and throws where the current fault says so. */
class Injector {
  readonly calls = new Map<string, number>();
  fault: Fault | undefined;
  fired = 0;

  reset(fault: Fault | undefined): void {
    this.calls.clear();
    this.fault = fault;
    this.fired = 0;
  }

  wrap<T extends object>(target: T, role: string): T {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the proxied function has a `this` of its own
    const injector = this;
    return new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
        const call = `${role}.${property}`;
        return function (this: unknown, ...args: unknown[]) {
          const n = (injector.calls.get(call) ?? 0) + 1;
          injector.calls.set(call, n);
          const fault = injector.fault;
          if (fault?.call === call && (fault.nth === 'every' || fault.nth === n)) {
            injector.fired += 1;
            throw new Error(`injected fault: ${call} #${n}`);
          }
          // Called on the real object: SDK classes keep private state that a proxy receiver would not reach.
          const result = (value as (...a: unknown[]) => unknown).apply(object, args);
          const resultRole = RESULT_ROLE[call];
          return resultRole !== undefined && result !== null && typeof result === 'object'
            ? injector.wrap(result, resultRole)
            : result;
        };
      },
    });
  }
}

const injector = new Injector();

interface Providers {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  loggerProvider: LoggerProvider;
}

function faultyProviders(): Providers {
  const spanProcessor = injector.wrap(new SimpleSpanProcessor(new InMemorySpanExporter()), 'SpanProcessor');
  const logProcessor = injector.wrap(
    new SimpleLogRecordProcessor({ exporter: new InMemoryLogRecordExporter() }),
    'LogRecordProcessor',
  );
  return {
    tracerProvider: injector.wrap(new BasicTracerProvider({ spanProcessors: [spanProcessor] }), 'TracerProvider'),
    meterProvider: injector.wrap(new SdkMeterProvider({ readers: [new TestMetricReader()] }), 'MeterProvider'),
    loggerProvider: injector.wrap(new SdkLoggerProvider({ processors: [logProcessor] }), 'LoggerProvider'),
  };
}

// ---- The verdict kinds ----------------------------------------------------------------------------

/** What a caller sees of a decision: the part telemetry must never change. */
interface Verdict {
  verdict: 'allow' | 'deny';
  reason: string | undefined;
  errorType: string | undefined;
  status: number;
}

const MAIN = 'https://main.faults.test/';
const OTHER_ISSUER = 'https://other.faults.test/';
const AUDIENCE = 'faults-api';

let rsKey: CryptoKey;
let esKey: CryptoKey;
let forgerKey: CryptoKey;
let jwks: JwksServer;
let jwks500: JwksServer;
let jwksSlow: JwksServer;
let refusedUrl: string;
let httpServer: Server;
let httpBase: string;
let httpHandler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function sign(
  key: CryptoKey,
  alg: 'RS256' | 'ES256',
  kid: string,
  claims: Record<string, unknown>,
  expiresIn: string | number = '5m',
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, kid }).setIssuedAt().setExpirationTime(expiresIn).sign(key);
}

const tokens: Record<string, string> = {};

function statusOf(ok: boolean, errorType: string | undefined): number {
  return ok ? 200 : errorType === undefined ? 401 : 503;
}

/** jose's 5 s default for every key server but the slow one, whose timeout is the point of its kind. */
const timeoutFor = (jwksUri: string) => (jwksUri === jwksSlow.url ? 150 : 5_000);

/** The verifier of the main issuer, whose keys come from `jwksUri`. */
function mainVerifier(telemetry: AuthTelemetry, jwksUri: string) {
  return createJwtVerifier(telemetry, {
    issuers: [
      {
        alias: 'main',
        issuer: MAIN,
        audience: AUDIENCE,
        jwksUri,
        jwksOptions: { timeoutDuration: timeoutFor(jwksUri) },
      },
    ],
  });
}

async function viaVerifier(telemetry: AuthTelemetry, token: string, jwksUri: string): Promise<Verdict> {
  const verifier = mainVerifier(telemetry, jwksUri);
  try {
    const outcome = await verifier.authenticate(token, {
      route: '/bookings/:id',
      method: 'GET',
      clientAddress: '127.0.0.1',
      userAgent: 'faults/1',
    });
    return outcome.ok
      ? { verdict: 'allow', reason: undefined, errorType: undefined, status: 200 }
      : {
          verdict: 'deny',
          reason: outcome.reason,
          errorType: outcome.errorType,
          status: statusOf(false, outcome.errorType),
        };
  } finally {
    verifier.close();
  }
}

async function viaHttp(telemetry: AuthTelemetry, authorization: string | undefined, jwksUri: string): Promise<Verdict> {
  const verifier = mainVerifier(telemetry, jwksUri);
  const authenticate = createNodeAuthentication({ telemetry, verifier });
  let seen: { reason?: string; errorType?: string } = {};
  httpHandler = async (req, res) => {
    const result = await authenticate(req, res, '/bookings/:id');
    if (result.ok) res.writeHead(200).end('ok');
    else
      seen = {
        ...(result.reason === undefined ? {} : { reason: result.reason }),
        ...(result.errorType === undefined ? {} : { errorType: result.errorType }),
      };
  };
  try {
    const response = await fetch(`${httpBase}/bookings/1`, {
      headers: authorization === undefined ? {} : { authorization, 'user-agent': 'faults/1' },
    });
    await response.arrayBuffer();
    return {
      verdict: response.status === 200 ? 'allow' : 'deny',
      reason: seen.reason,
      errorType: seen.errorType,
      status: response.status,
    };
  } finally {
    verifier.close();
  }
}

async function viaAuthorization(
  telemetry: AuthTelemetry,
  run: () => Promise<{ allowed: boolean; error?: unknown }>,
  errorTypeOf?: (error: unknown) => string | undefined,
): Promise<Verdict> {
  const outcome = await run();
  return {
    verdict: outcome.allowed ? 'allow' : 'deny',
    reason: undefined,
    errorType: outcome.error === undefined ? undefined : errorTypeOf?.(outcome.error),
    status: outcome.allowed ? 200 : 403,
  };
}

const pdpDown = (): never => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8181'), { code: 'ECONNREFUSED' });
};

type Kind = [name: string, expected: Verdict, run: (telemetry: AuthTelemetry) => Promise<Verdict>];

const allow = (status = 200): Verdict => ({ verdict: 'allow', reason: undefined, errorType: undefined, status });
const denied = (reason: string | undefined, errorType?: string, status?: number): Verdict => ({
  verdict: 'deny',
  reason,
  errorType,
  status: status ?? statusOf(false, errorType),
});

const kinds: Kind[] = [
  ['valid RS256', allow(), (t) => viaVerifier(t, tokens['rs256']!, jwks.url)],
  ['valid ES256', allow(), (t) => viaVerifier(t, tokens['es256']!, jwks.url)],
  ['expired', denied('token_expired'), (t) => viaVerifier(t, tokens['expired']!, jwks.url)],
  ['bad signature', denied('signature_invalid'), (t) => viaVerifier(t, tokens['forged']!, jwks.url)],
  ['wrong audience', denied('audience_mismatch'), (t) => viaVerifier(t, tokens['wrongAudience']!, jwks.url)],
  ['unknown issuer', denied('issuer_mismatch'), (t) => viaVerifier(t, tokens['unknownIssuer']!, jwks.url)],
  [
    'wrong issuer (jose issuer check behind withAuthentication)',
    denied('issuer_mismatch'),
    async (t) => {
      const outcome = await withAuthentication(t, { issuer: 'main' }, async () =>
        jwtVerify(tokens['unknownIssuer']!, await publicRs(), { issuer: MAIN, audience: AUDIENCE }),
      );
      return outcome.ok ? allow() : denied(outcome.reason, outcome.errorType);
    },
  ],
  ['malformed', denied('token_malformed'), (t) => viaVerifier(t, 'not.a-jwt', jwks.url)],
  [
    'JWKS down (ECONNREFUSED)',
    denied(undefined, 'jwks_fetch_failed'),
    (t) => viaVerifier(t, tokens['rs256']!, refusedUrl),
  ],
  ['JWKS 500', denied(undefined, 'jwks_fetch_failed'), (t) => viaVerifier(t, tokens['rs256']!, jwks500.url)],
  ['JWKS timeout', denied(undefined, 'jwks_timeout'), (t) => viaVerifier(t, tokens['rs256']!, jwksSlow.url)],
  [
    'authz allow',
    allow(),
    (t) => viaAuthorization(t, () => withAuthorization(t, { kind: 'role', action: 'booking.read' }, () => true)),
  ],
  [
    'authz deny',
    denied(undefined, undefined, 403),
    (t) =>
      viaAuthorization(t, () =>
        withAuthorization(t, { kind: 'role', denialReason: 'missing_role' }, () => ({
          allow: false,
          reason: 'missing_role' as const,
        })),
      ),
  ],
  [
    'tenant crossing',
    denied(undefined, undefined, 403),
    (t) =>
      viaAuthorization(t, async () =>
        checkTenantBoundary(t, { tenantId: 'acme', resourceTenantId: 'globex', route: '/t/:id' }),
      ),
  ],
  [
    'policy engine down, fail open',
    allow(),
    (t) =>
      viaAuthorization(t, () =>
        withAuthorization(t, { kind: 'policy', engine: 'opa', fallback: 'fail_open' }, pdpDown),
      ),
  ],
  [
    'policy engine down, fail closed',
    denied(undefined, undefined, 403),
    (t) =>
      viaAuthorization(t, () =>
        withAuthorization(t, { kind: 'policy', engine: 'opa', fallback: 'fail_closed' }, pdpDown),
      ),
  ],
  ['HTTP middleware, valid token', allow(), (t) => viaHttp(t, `Bearer ${tokens['rs256']!}`, jwks.url)],
  ['HTTP middleware, no token', denied('token_missing', undefined, 401), (t) => viaHttp(t, undefined, jwks.url)],
  [
    'HTTP middleware, expired token',
    denied('token_expired', undefined, 401),
    (t) => viaHttp(t, `Bearer ${tokens['expired']!}`, jwks.url),
  ],
  [
    'HTTP middleware, JWKS down',
    denied(undefined, 'jwks_fetch_failed', 503),
    (t) => viaHttp(t, `Bearer ${tokens['rs256']!}`, refusedUrl),
  ],
];

let rsPublic: CryptoKey;
const publicRs = async () => rsPublic;

beforeAll(async () => {
  const rs = await generateKeyPair('RS256', { extractable: true });
  const es = await generateKeyPair('ES256', { extractable: true });
  const forger = await generateKeyPair('RS256');
  [rsKey, esKey, forgerKey, rsPublic] = [rs.privateKey, es.privateKey, forger.privateKey, rs.publicKey];
  const keys = [
    { ...(await exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
  ];
  jwks = await startJwksServer({ keys });
  jwks500 = await startJwksServer({ keys });
  jwks500.setBehaviour({ status: 500 });
  jwksSlow = await startJwksServer({ keys });
  jwksSlow.setBehaviour({ delayMs: 10_000 });
  const closed = await startJwksServer({ keys });
  refusedUrl = closed.url;
  await closed.close();

  const claims = {
    iss: MAIN,
    aud: AUDIENCE,
    sub: 'user-1',
    sid: 'session-1',
    amr: ['pwd', 'mfa'],
    acr: 'urn:mace:incommon:iap:silver',
    tenant: 'acme',
  };
  tokens['rs256'] = await sign(rsKey, 'RS256', 'rs-1', claims);
  tokens['es256'] = await sign(esKey, 'ES256', 'es-1', claims);
  tokens['expired'] = await sign(rsKey, 'RS256', 'rs-1', claims, Math.floor(Date.now() / 1000) - 60);
  tokens['forged'] = await sign(forgerKey, 'RS256', 'rs-1', claims);
  tokens['wrongAudience'] = await sign(rsKey, 'RS256', 'rs-1', { ...claims, aud: 'another-api' });
  tokens['unknownIssuer'] = await sign(rsKey, 'RS256', 'rs-1', { ...claims, iss: OTHER_ISSUER });

  httpServer = createServer((req, res) => void httpHandler(req, res));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  httpBase = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

  // The global context manager and propagator, wrapped: the package's context calls go through them.
  context.setGlobalContextManager(injector.wrap(new AsyncLocalStorageContextManager().enable(), 'ContextManager'));
  propagation.setGlobalPropagator(
    injector.wrap(new W3CTraceContextPropagator(), 'TextMapPropagator') as TextMapPropagator,
  );
});

afterAll(async () => {
  injector.reset(undefined);
  context.disable();
  propagation.disable();
  await Promise.all([
    jwks.close(),
    jwks500.close(),
    jwksSlow.close(),
    new Promise<void>((resolve) => httpServer.close(() => resolve())),
  ]);
});

/** The calls a clean run of `run` makes, with their counts. */
async function discover(run: Kind[2]): Promise<Map<string, number>> {
  injector.reset(undefined);
  await run(createAuthTelemetry({ hashKey: 'fault-injection-key-0123456789', ...faultyProviders() }));
  return new Map(injector.calls);
}

describe('fault injection: telemetry never changes a verdict', () => {
  const reached = new Set<string>();

  it.each(kinds)(
    '%s: same verdict, reason and status with every OpenTelemetry call throwing in turn',
    async (_name, expected, run) => {
      injector.reset(undefined);
      // The run without telemetry: no SDK at all.
      const bare = await run(createAuthTelemetry({ hashKey: 'fault-injection-key-0123456789' }));
      expect(bare).toEqual(expected);

      const calls = await discover(run);
      const outside = [...calls.keys()].filter((call) => {
        const [role, method] = call.split('.') as [string, string];
        return !(API_SURFACE[role] ?? []).includes(method);
      });
      expect(outside, 'the package reached OpenTelemetry methods missing from API_SURFACE').toEqual([]);
      // Every kind reaches the tracer, the span, the histogram and the logger: the matrix is never empty.
      expect([...calls.keys()]).toEqual(
        expect.arrayContaining([
          'Tracer.startSpan',
          'Span.end',
          'Span.isRecording',
          'Histogram.record',
          'Logger.emit',
          'Logger.enabled',
        ]),
      );

      const faults: Fault[] = [];
      for (const [call, count] of calls) {
        reached.add(call);
        for (let nth = 1; nth <= Math.min(count, 3); nth++) faults.push({ call, nth });
        faults.push({ call, nth: 'every' });
      }
      const mismatches: string[] = [];
      for (const fault of faults) {
        const providers = faultyProviders();
        injector.reset(fault);
        let got: Verdict | string;
        try {
          got = await run(createAuthTelemetry({ hashKey: 'fault-injection-key-0123456789', ...providers }));
        } catch (error) {
          got = `threw ${String(error)}`;
        }
        const fired = injector.fired;
        injector.reset(undefined);
        if (fired === 0) mismatches.push(`${fault.call} #${fault.nth}: the fault never fired`);
        else if (JSON.stringify(got) !== JSON.stringify(expected))
          mismatches.push(`${fault.call} #${fault.nth}: ${JSON.stringify(got)}`);
      }
      expect(mismatches).toEqual([]);
      expect(faults.length).toBeGreaterThanOrEqual(calls.size * 2);
    },
  );

  it('reached the whole decision path of the API surface across the kinds', () => {
    // The calls every decision needs; the JWKS fetch adds its own span and histogram, the HTTP
    // middleware nothing new. The propagator is wrapped too: the package does not propagate, and
    // if it ever does, its calls join the matrix above.
    expect([...reached].sort()).toEqual(
      expect.arrayContaining([
        'ContextManager.active',
        'ContextManager.with',
        'Counter.add',
        'Histogram.record',
        'LogRecordProcessor.onEmit',
        'Logger.emit',
        'Logger.enabled',
        'LoggerProvider.getLogger',
        'Meter.createCounter',
        'Meter.createHistogram',
        'Meter.createObservableGauge',
        'MeterProvider.getMeter',
        'ObservableGauge.addCallback',
        'Span.end',
        'Span.isRecording',
        'Span.setAttributes',
        'Span.setStatus',
        'SpanProcessor.onEnd',
        'SpanProcessor.onStart',
        'Tracer.startSpan',
        'TracerProvider.getTracer',
      ]),
    );
  });
});
