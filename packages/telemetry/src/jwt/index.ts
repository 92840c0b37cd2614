// Separate entry point (`@authboundary/telemetry/jwt`): only code that verifies JWTs locally needs jose.
export {
  createJwtVerifier,
  type JwtVerifier,
  type JwtVerifierOptions,
  type TrustedIssuer,
} from './createJwtVerifier.js';
export { InstrumentedRemoteJwks, type RemoteJwksOptions } from './instrumentedRemoteJwks.js';
