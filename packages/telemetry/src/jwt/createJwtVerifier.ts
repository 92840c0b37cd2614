import {
  createLocalJWKSet,
  decodeJwt,
  jwtVerify,
  type CryptoKey,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  type KeyObject,
} from 'jose';
import { JWTClaimValidationFailed, JWTInvalid } from 'jose/errors';
import type { AuthTelemetry, RequestContext } from '../AuthTelemetry.js';
import { captureCodeLocation } from '../codeLocation.js';
import {
  authenticateAt,
  type AuthenticationMeta,
  type AuthenticationOutcome,
  type TokenVerifier,
} from '../decisionWrappers.js';
import { InstrumentedRemoteJwks, type RemoteJwksOptions } from './instrumentedRemoteJwks.js';
import { OTHER } from '../semconv.js';

type GetKey = (
  protectedHeader: JWSHeaderParameters,
  token: FlattenedJWSInput,
) => Promise<CryptoKey | KeyObject | Uint8Array> | CryptoKey | KeyObject | Uint8Array;

export interface TrustedIssuer {
  /** Short, stable name used on metrics (`authn.issuer`), e.g. `cognito-prod`. */
  alias: string;
  /** The exact `iss` value this issuer's tokens carry. */
  issuer: string;
  audience?: string | string[];
  /** Accepted algorithms; default asymmetric only (`RS256`, `PS256`, `ES256`, `EdDSA`). */
  algorithms?: string[];
  /** One of: a JWKS URL (fetched, cached, instrumented), a static key set, or a single key. */
  jwksUri?: string | URL;
  jwks?: JSONWebKeySet;
  key?: CryptoKey | KeyObject | Uint8Array;
  jwksOptions?: RemoteJwksOptions;
  /** Further jose checks (`requiredClaims`, `clockTolerance`, `maxTokenAge`, `typ`). */
  verifyOptions?: Omit<JWTVerifyOptions, 'issuer' | 'audience' | 'algorithms'>;
}

export interface JwtVerifierOptions {
  issuers: readonly TrustedIssuer[];
}

export interface JwtVerifier extends TokenVerifier<JWTVerifyResult> {
  /** Stops the key sets' age reporting. */
  close(): void;
}

interface IssuerEntry {
  config: TrustedIssuer;
  getKey: GetKey;
  remote: InstrumentedRemoteJwks | undefined;
  options: JWTVerifyOptions;
}

const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * One verifier for several issuers: the token's `iss` selects the issuer's key set, and a token
 * from an issuer that is not configured is rejected (`issuer_mismatch`) before any key is fetched.
 * Every verification is recorded as an `authn.verify` decision with `location = local`.
 */
export function createJwtVerifier(telemetry: AuthTelemetry, options: JwtVerifierOptions): JwtVerifier {
  // Tokens reach the verifier through middleware: its decisions' place in the code is where it was created.
  const createdAt = captureCodeLocation();
  const byIssuer = new Map<string, IssuerEntry>();
  for (const config of options.issuers) {
    const sources = [config.jwksUri, config.jwks, config.key].filter((s) => s !== undefined).length;
    if (sources !== 1) {
      throw new Error(
        `@authboundary/telemetry: issuer "${config.alias}" needs exactly one of jwksUri, jwks or key (got ${sources}).`,
      );
    }
    if (byIssuer.has(config.issuer))
      throw new Error(`@authboundary/telemetry: issuer "${config.alias}" is configured twice.`);
    let remote: InstrumentedRemoteJwks | undefined;
    let getKey: GetKey;
    if (config.jwksUri !== undefined) {
      remote = new InstrumentedRemoteJwks(telemetry, config.alias, new URL(config.jwksUri), config.jwksOptions);
      getKey = remote.getKey;
    } else if (config.jwks !== undefined) {
      getKey = createLocalJWKSet(config.jwks);
    } else {
      const key = config.key!;
      getKey = () => key;
    }
    const verifyOptions: JWTVerifyOptions = {
      ...config.verifyOptions,
      issuer: config.issuer,
      algorithms: config.algorithms ?? DEFAULT_ALGORITHMS,
    };
    if (config.audience !== undefined) verifyOptions.audience = config.audience;
    byIssuer.set(config.issuer, { config, getKey, remote, options: verifyOptions });
  }
  telemetry.allowIssuers(options.issuers.map((i) => i.alias));

  return {
    async authenticate(token: string, request?: RequestContext): Promise<AuthenticationOutcome<JWTVerifyResult>> {
      // Reading `iss` before verification only routes the token to its issuer's keys; the claims
      // are trusted only after jwtVerify below has checked the signature and `iss` again.
      // The issuer's entry, or the error the verification fails with.
      let routed: IssuerEntry | Error;
      try {
        const iss = decodeJwt(token).iss;
        const entry = iss === undefined ? undefined : byIssuer.get(iss);
        routed = entry ?? new JWTClaimValidationFailed('unexpected "iss" claim value', {}, 'iss', 'check_failed');
      } catch {
        routed = new JWTInvalid('Invalid JWT');
      }
      // A token from an issuer that is not configured is recorded as `authn.issuer = _OTHER`.
      const meta: AuthenticationMeta<JWTVerifyResult> = {
        mechanism: 'jwt',
        location: 'local',
        issuer: routed instanceof Error ? OTHER : routed.config.alias,
      };
      if (request !== undefined) Object.assign(meta, request);
      const found = routed;
      return authenticateAt(
        telemetry,
        meta,
        () => {
          if (found instanceof Error) throw found;
          return jwtVerify(token, found.getKey, found.options);
        },
        createdAt,
      );
    },
    close() {
      for (const entry of byIssuer.values()) entry.remote?.close();
    },
  };
}
