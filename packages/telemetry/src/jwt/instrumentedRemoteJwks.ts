import {
  SpanStatusCode,
  type Counter,
  type Histogram,
  type Meter,
  type ObservableGauge,
  type Span,
} from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  createRemoteJWKSet,
  customFetch,
  type CryptoKey,
  type FetchImplementation,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type RemoteJWKSet,
} from 'jose';
import type { AuthTelemetry } from '../AuthTelemetry.js';
import { markKeyServerFailure } from '../keyServerFailure.js';
import * as sc from '../semconv.js';

export interface RemoteJwksOptions {
  /** jose defaults: 5 s timeout, 30 s cooldown, 10 min max age. */
  timeoutDuration?: number;
  cooldownDuration?: number;
  cacheMaxAge?: number;
  /** Replaces the global `fetch` (jose's `customFetch`); timing and outcome are still recorded. */
  fetch?: FetchImplementation;
}

interface JwksInstruments {
  meter: Meter;
  fetchDuration: Histogram;
  lookups: Counter;
  age: ObservableGauge;
}

/**
 * Instruments shared by every remote JWKS of one telemetry instance, re-created when its meter
 * changes. The age gauge reports every live key set of that telemetry.
 */
class JwksMetrics {
  readonly sets = new Set<InstrumentedRemoteJwks>();
  #instruments: JwksInstruments | undefined;
  readonly #telemetry: AuthTelemetry;

  constructor(telemetry: AuthTelemetry) {
    this.#telemetry = telemetry;
  }

  get(): JwksInstruments {
    const meter = this.#telemetry.meter;
    if (this.#instruments !== undefined && this.#instruments.meter === meter) return this.#instruments;
    const age = meter.createObservableGauge(sc.METRIC_AUTHN_JWKS_AGE, {
      unit: 's',
      description: 'Seconds since the key set of an issuer was last fetched successfully (alert on stale keys).',
    });
    age.addCallback((result) => {
      const now = Date.now();
      for (const set of this.sets) {
        if (set.lastFetchedAt !== undefined)
          result.observe((now - set.lastFetchedAt) / 1000, { [sc.ATTR_AUTHN_ISSUER]: set.issuerAlias });
      }
    });
    this.#instruments = {
      meter,
      age,
      fetchDuration: meter.createHistogram(sc.METRIC_AUTHN_JWKS_FETCH_DURATION, {
        unit: 's',
        description: 'Duration of JWKS fetches, by issuer and trigger.',
        advice: { explicitBucketBoundaries: sc.DURATION_BUCKETS_SECONDS },
      }),
      lookups: meter.createCounter(sc.METRIC_AUTHN_JWKS_LOOKUPS, {
        unit: '{lookup}',
        description: 'Key lookups in a remote JWKS: served from cache, refetched, or blocked by the cooldown.',
      }),
    };
    return this.#instruments;
  }
}

const metricsByTelemetry = new WeakMap<AuthTelemetry, JwksMetrics>();

function jwksMetricsOf(telemetry: AuthTelemetry): JwksMetrics {
  let found = metricsByTelemetry.get(telemetry);
  if (found === undefined) {
    found = new JwksMetrics(telemetry);
    metricsByTelemetry.set(telemetry, found);
  }
  return found;
}

/**
 * jose's `createRemoteJWKSet` with fetch and cache telemetry: every fetch is timed (span
 * `authn.jwks.fetch`, histogram `authn.jwks.fetch.duration` by trigger, audit event
 * `authn.jwks.refresh`), every lookup counted by cache result, and the key set's age observed.
 */
export class InstrumentedRemoteJwks {
  readonly issuerAlias: string;
  lastFetchedAt: number | undefined;
  readonly #telemetry: AuthTelemetry;
  readonly #metrics: JwksMetrics;
  readonly #jwks: RemoteJWKSet;
  readonly #fetch: FetchImplementation;
  #fetches = 0;
  #trigger: sc.JwksFetchTrigger = 'initial';

  constructor(telemetry: AuthTelemetry, issuerAlias: string, url: URL, options: RemoteJwksOptions = {}) {
    this.#telemetry = telemetry;
    this.issuerAlias = issuerAlias;
    this.#metrics = jwksMetricsOf(telemetry);
    this.#metrics.sets.add(this);
    try {
      this.#metrics.get(); // registers the age gauge now, not at the first fetch
    } catch {
      telemetry.countDropped('internal_error');
    }
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#jwks = createRemoteJWKSet(url, {
      ...(options.timeoutDuration === undefined ? {} : { timeoutDuration: options.timeoutDuration }),
      ...(options.cooldownDuration === undefined ? {} : { cooldownDuration: options.cooldownDuration }),
      ...(options.cacheMaxAge === undefined ? {} : { cacheMaxAge: options.cacheMaxAge }),
      [customFetch]: (input, init) => this.#timedFetch(input, init),
    });
  }

  /** Stops reporting this key set's age. */
  close(): void {
    this.#metrics.sets.delete(this);
  }

  /** The key resolver to hand to `jwtVerify`. */
  readonly getKey = async (protectedHeader?: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<CryptoKey> => {
    const fetchesBefore = this.#fetches;
    const coolingDown = this.#jwks.coolingDown;
    this.#trigger = this.lastFetchedAt === undefined ? 'initial' : this.#jwks.fresh ? 'unknown_kid' : 'expired';
    try {
      const key = await this.#jwks(protectedHeader, token);
      this.#countLookup(this.#fetches > fetchesBefore ? 'miss_refetched' : 'hit');
      return key;
    } catch (error) {
      const refetched = this.#fetches > fetchesBefore;
      const noKey = (error as { code?: unknown } | null)?.code === 'ERR_JWKS_NO_MATCHING_KEY';
      if (refetched) this.#countLookup('miss_refetched');
      else if (noKey && coolingDown) this.#countLookup('cooldown_blocked');
      // Anything but "the key set has no such key" is the key server's failure, not the token's.
      if (!noKey) markKeyServerFailure(error, this.#fetchErrorType(error));
      throw error;
    }
  };

  #countLookup(result: sc.JwksCacheResult): void {
    try {
      this.#metrics
        .get()
        .lookups.add(1, { [sc.ATTR_AUTHN_ISSUER]: this.issuerAlias, [sc.ATTR_AUTHN_JWKS_CACHE_RESULT]: result });
    } catch {
      this.#telemetry.countDropped('internal_error');
    }
  }

  #fetchErrorType(error: unknown): sc.ErrorType {
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    return name === 'TimeoutError' || name === 'AbortError' || code === 'ERR_JWKS_TIMEOUT'
      ? 'jwks_timeout'
      : 'jwks_fetch_failed';
  }

  async #timedFetch(input: string, init: Parameters<FetchImplementation>[1]): Promise<Response> {
    this.#fetches += 1;
    const trigger = this.#trigger;
    // Every OpenTelemetry call here is guarded: a broken tracer must not turn into a failed key fetch.
    const span = this.#telemetry.startDecisionSpan(sc.SPAN_AUTHN_JWKS_FETCH, true);
    const started = performance.now();
    let errorType: sc.ErrorType | undefined;
    try {
      const response = await this.#telemetry.runInSpan(span, () => this.#fetch(input, init));
      if (response.status !== 200) {
        errorType = 'jwks_fetch_failed';
        return response;
      }
      // Read here (jose would read it next) so a body that is not JSON is recorded as the key
      // server's failure on this fetch, not as a success followed by a failed verification.
      const body = await response.text();
      try {
        JSON.parse(body);
        this.lastFetchedAt = Date.now();
      } catch {
        errorType = 'jwks_fetch_failed';
      }
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      errorType = this.#fetchErrorType(error);
      throw error;
    } finally {
      this.#recordFetch(span, trigger, (performance.now() - started) / 1000, errorType);
    }
  }

  #recordFetch(span: Span, trigger: sc.JwksFetchTrigger, seconds: number, errorType: sc.ErrorType | undefined): void {
    const attributes: Record<string, string> = {
      [sc.ATTR_AUTHN_ISSUER]: this.issuerAlias,
      [sc.ATTR_AUTHN_JWKS_TRIGGER]: trigger,
    };
    if (errorType !== undefined) attributes[sc.ATTR_ERROR_TYPE] = errorType;
    try {
      this.#metrics.get().fetchDuration.record(seconds, attributes);
    } catch {
      this.#telemetry.countDropped('internal_error');
    }
    try {
      span.setAttributes(attributes);
      if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
    } catch {
      this.#telemetry.countDropped('internal_error');
    }
    this.#telemetry.endSpan(span);
    // A key server that fails is an error (no verdict possible), as on the authentication it causes.
    this.#telemetry.emitEvent(
      sc.EVENT_AUTHN_JWKS_REFRESH,
      attributes,
      errorType === undefined ? SeverityNumber.INFO : SeverityNumber.ERROR,
    );
  }
}
