/**
 * Names of every function of this package that records an authentication or authorization
 * decision. The scanner rule `require-instrumented-auth-decision` recognizes a decision as
 * instrumented when it goes through one of these (as a call or a method call).
 */
export const INSTRUMENTED_WRAPPERS = [
  'recordAuthentication',
  'recordAuthorization',
  'withAuthentication',
  'withAuthorization',
  'instrumentVerifier',
  'instrumentPolicyCheck',
  'checkTenantBoundary',
  'createJwtVerifier',
  'authenticateBearer',
  'createNodeAuthentication',
  'expressAuthentication',
  'fastifyAuthentication',
] as const;

export type InstrumentedWrapper = (typeof INSTRUMENTED_WRAPPERS)[number];
