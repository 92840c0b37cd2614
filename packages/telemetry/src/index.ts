export {
  AuthTelemetry,
  createAuthTelemetry,
  type AuthTelemetryOptions,
  type AuthenticationRecord,
  type AuthorizationRecord,
  type DecisionReceipt,
  type RequestContext,
} from './AuthTelemetry.js';
export {
  checkTenantBoundary,
  instrumentPolicyCheck,
  instrumentVerifier,
  withAuthentication,
  withAuthorization,
  type AuthenticationMeta,
  type AuthenticationOutcome,
  type AuthorizationMeta,
  type AuthorizationOutcome,
  type AuthorizationVerdict,
  type TenantBoundaryInput,
  type TenantBoundaryOutcome,
  type TokenVerifier,
} from './decisionWrappers.js';
export {
  attachAuthentication,
  authenticateBearer,
  authenticationOf,
  DECISION_ID_HEADER,
  type HttpAuthentication,
  type HttpAuthenticationOptions,
} from './http/bearerAuthentication.js';
export { createNodeAuthentication } from './http/nodeHttpAuthentication.js';
export { expressAuthentication } from './http/expressAuthentication.js';
export { fastifyAuthentication } from './http/fastifyAuthentication.js';
export { classifyPrincipal, type Claims, type PrincipalClassification, type PrincipalRules } from './principal.js';
export { classifyVerificationFailure, type VerificationFailure } from './verificationFailure.js';
export { INSTRUMENTED_WRAPPERS, type InstrumentedWrapper } from './instrumentedWrappers.js';
export * from './semconv.js';
