import type { IdentifierValue, ProviderProfile } from './provider-profile.js';

const identifyUsers = 'https://auth0.com/docs/manage-users/user-accounts/identify-users';
const providerEnum = 'auth0/node-auth0 src/management/api/types/types.ts (UserIdentityProviderEnum)';

/** Connection prefixes of Auth0 user ids (`auth0|…`, `google-oauth2|…`). */
const connections = [
  'auth0', 'google-oauth2', 'facebook', 'github', 'windowslive', 'apple', 'linkedin', 'twitter', 'email', 'sms',
  'waad', 'samlp', 'oidc', 'okta', 'adfs', 'ad', 'office365', 'google-apps', 'auth0-oidc', 'oauth2', 'custom',
];

export const auth0: ProviderProfile = {
  id: 'auth0',
  name: 'Auth0',
  nameWords: [['auth0']],
  identifierClaims: [
    { claim: 'sub', source: 'https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles', status: 'confirmed' },
    { claim: 'user_id', source: identifyUsers, status: 'confirmed' },
    { claim: 'identities', source: providerEnum, status: 'confirmed' },
  ],
  identifierValues: connections.map(
    (connection): IdentifierValue => ({
      kind: 'prefix',
      prefix: `${connection}|`,
      shape: `a user id of the "${connection}" connection`,
      source: connection === 'auth0' ? identifyUsers : providerEnum,
      status: 'confirmed',
    }),
  ),
  // jwks-rsa and jsonwebtoken are generic JWT libraries (no single provider's SDK), so they are not listed.
  sdkModules: [
    { module: 'auth0', source: 'https://www.npmjs.com/package/auth0', status: 'confirmed' },
    { module: 'express-oauth2-jwt-bearer', source: 'https://www.npmjs.com/package/express-oauth2-jwt-bearer', status: 'confirmed' },
    { module: '@auth0/nextjs-auth0', source: 'https://www.npmjs.com/package/@auth0/nextjs-auth0', status: 'confirmed' },
    { module: 'express-openid-connect', source: 'https://www.npmjs.com/package/express-openid-connect', status: 'confirmed' },
    { module: '@auth0/auth0-react', source: 'https://www.npmjs.com/package/@auth0/auth0-react', status: 'confirmed' },
    { module: '@auth0/auth0-spa-js', source: 'https://www.npmjs.com/package/@auth0/auth0-spa-js', status: 'confirmed' },
  ],
};
