import type { ProviderProfile } from './provider-profile.js';

/**
 * Standard OpenID Connect libraries, whatever the provider: always considered by
 * `no-remote-token-verification` (a key set created per request is slow with any issuer).
 */
export const oidcLibraries: ProviderProfile = {
  id: 'oidc',
  name: 'the issuer',
  nameWords: [],
  identifierClaims: [],
  identifierValues: [],
  sdkModules: [
    { module: 'jose', source: 'panva/jose src/jwks/remote.ts (createRemoteJWKSet)', status: 'confirmed' },
    { module: 'jwks-rsa', source: 'auth0/node-jwks-rsa (JwksClient, jwksClient)', status: 'confirmed' },
  ],
  remoteVerificationCalls: [
    {
      callee: 'createRemoteJWKSet',
      module: 'jose',
      scope: 'function',
      source:
        'panva/jose src/jwks/remote.ts L443-444 (the cache — cooldown 30 s, max age 10 min — belongs to the returned key set)',
      status: 'confirmed',
    },
    {
      callee: 'jwksClient',
      module: 'jwks-rsa',
      scope: 'function',
      source:
        'okta/okta-jwt-verifier-js lib.js L176-203 (cacheMaxAge on the client instance); AzureAD msal-node on-behalf-of web-api sample (jwksClient)',
      status: 'partial',
    },
    {
      callee: 'new JwksClient',
      scope: 'function',
      source: 'okta/okta-jwt-verifier-js lib.js L176-203 (cacheMaxAge on the client instance)',
      status: 'partial',
    },
  ],
  authzClaims: [],
  authzWrites: [],
  identitySources: [
    {
      callee: 'jwtVerify',
      module: 'jose',
      yields: ['payload.sub'],
      source:
        'https://github.com/panva/jose/blob/main/docs/jwt/verify/functions/jwtVerify.md (JWTVerifyResult.payload)',
      status: 'confirmed',
    },
  ],
};
