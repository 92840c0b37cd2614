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
    { kind: 'regex', pattern: '^00u[A-Za-z0-9]{17}$', shape: 'a user id (00u…)', source: claimsPage, status: 'confirmed' },
  ],
  sdkModules: [
    { module: '@okta/jwt-verifier', source: 'https://www.npmjs.com/package/@okta/jwt-verifier', status: 'confirmed' },
    { module: '@okta/okta-sdk-nodejs', source: 'https://www.npmjs.com/package/@okta/okta-sdk-nodejs', status: 'confirmed' },
    { module: '@okta/okta-auth-js', source: 'https://www.npmjs.com/package/@okta/okta-auth-js', status: 'confirmed' },
    { module: '@okta/oidc-middleware', source: 'https://www.npmjs.com/package/@okta/oidc-middleware', status: 'confirmed' },
  ],
};
