import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const claimsPage = 'Okta developer docs, claims concept page (example payload "uid": "00u…")';

export const okta: ProviderProfile = {
  id: 'okta',
  name: 'Okta',
  nameWords: [['okta']],
  identifierClaims: [
    { claim: 'uid', source: `${claimsPage}; okta/okta-jwt-verifier-js README L168`, status: 'confirmed' },
    { claim: 'sub', source: claimsPage, status: 'partial' },
  ],
  identifierValues: [
    // Okta object ids are 20 characters; users start with 00u.
    {
      kind: 'regex',
      pattern: '^00u[A-Za-z0-9]{17}$',
      shape: 'a user id (00u…)',
      source: claimsPage,
      status: 'confirmed',
    },
  ],
  sdkModules: npmModules('@okta/jwt-verifier', '@okta/okta-sdk-nodejs', '@okta/okta-auth-js', '@okta/oidc-middleware'),
  remoteVerificationCalls: [
    {
      callee: '.token.introspect',
      source:
        '@okta/okta-auth-js 7.13.1 esm/browser/oidc/introspect.js (oidcIntrospect: POST of the token to the introspection endpoint), exposed on authClient.token',
      status: 'partial',
    },
    {
      callee: 'new OktaJwtVerifier',
      scope: 'function',
      source: 'okta/okta-jwt-verifier-js lib.js L176-203 (JWKS client and its cache belong to the verifier instance)',
      status: 'partial',
    },
  ],
  authzClaims: [
    { claim: 'groups', userEditable: false, source: 'okta/okta-jwt-verifier-js README L198-205', status: 'confirmed' },
  ],
  authzWrites: [
    {
      callee: '.groupApi.assignUserToGroup',
      source: 'okta/okta-sdk-nodejs README L270-273; src/generated/apis/GroupApi.js L118',
      status: 'confirmed',
    },
    {
      callee: '.roleAssignmentApi.assignRoleToUser',
      source: 'okta/okta-sdk-nodejs src/generated/apis/RoleAssignmentApi.js L137',
      status: 'confirmed',
    },
    {
      callee: '.roleAssignmentApi.assignRoleToGroup',
      source: 'okta/okta-sdk-nodejs src/generated/apis/RoleAssignmentApi.js L83',
      status: 'confirmed',
    },
  ],
  identitySources: [
    {
      callee: '.getUser',
      module: '@okta/okta-auth-js',
      yields: ['sub'],
      source: 'https://github.com/okta/okta-auth-js#getuser (UserClaims)',
      status: 'confirmed',
    },
    {
      callee: '.token.getUserInfo',
      yields: ['sub'],
      source: 'https://github.com/okta/okta-auth-js#tokengetuserinfoaccesstokenobject-idtokenobject',
      status: 'confirmed',
    },
    {
      callee: 'useOktaAuth',
      module: '@okta/okta-react',
      yields: ['authState.idToken.claims.sub'],
      source: 'https://github.com/okta/okta-react#useoktaauth',
      status: 'partial',
    },
    {
      callee: '.verifyAccessToken',
      yields: ['claims.sub', 'claims.uid'],
      source: 'https://github.com/okta/okta-jwt-verifier-js (jwt.claims)',
      status: 'confirmed',
    },
  ],
};
