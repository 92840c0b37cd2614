import { npmModules } from './sdk-modules.js';
import type { IdentifierValue, ProviderProfile } from './provider-profile.js';

const identifyUsers = 'https://auth0.com/docs/manage-users/user-accounts/identify-users';
const customClaims = 'https://auth0.com/docs/troubleshoot/product-lifecycle/past-migrations/custom-claims-migration';
const providerEnum = 'auth0/node-auth0 src/management/api/types/types.ts (UserIdentityProviderEnum)';

/** Connection prefixes of Auth0 user ids (`auth0|…`, `google-oauth2|…`). */
const connections = [
  'auth0',
  'google-oauth2',
  'facebook',
  'github',
  'windowslive',
  'apple',
  'linkedin',
  'twitter',
  'email',
  'sms',
  'waad',
  'samlp',
  'oidc',
  'okta',
  'adfs',
  'ad',
  'office365',
  'google-apps',
  'auth0-oidc',
  'oauth2',
  'custom',
];

export const auth0: ProviderProfile = {
  id: 'auth0',
  name: 'Auth0',
  nameWords: [['auth0']],
  identifierClaims: [
    {
      claim: 'sub',
      source: 'https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles',
      status: 'confirmed',
    },
    { claim: 'user_id', source: identifyUsers, status: 'confirmed' },
    { claim: 'identities', source: providerEnum, status: 'confirmed' },
  ],
  identifierValues: connections.map((connection): IdentifierValue => ({
    kind: 'prefix',
    prefix: `${connection}|`,
    shape: `a user id of the "${connection}" connection`,
    source: connection === 'auth0' ? identifyUsers : providerEnum,
    status: 'confirmed',
  })),
  // `jwks-rsa` and `jsonwebtoken` are generic JWT libraries (the catalogue lists `jwks-rsa` here): not an Auth0 SDK.
  sdkModules: npmModules(
    'auth0',
    'express-oauth2-jwt-bearer',
    '@auth0/nextjs-auth0',
    'express-openid-connect',
    '@auth0/auth0-react',
    '@auth0/auth0-spa-js',
  ),
  remoteVerificationCalls: [
    {
      callee: '.getUserInfo',
      source: 'auth0/node-auth0 src/userinfo/index.ts L92-124 (UserInfoClient.getUserInfo: GET /userinfo)',
      status: 'confirmed',
    },
    {
      callee: '.getProfile',
      source: 'auth0/node-auth0 v3.7.2 src/auth/index.js L471 (AuthenticationClient.getProfile: /userinfo)',
      status: 'confirmed',
    },
  ],
  authzClaims: [
    {
      claim: 'app_metadata',
      userEditable: false,
      source: 'auth0/node-auth0 v3.7.2 src/management/index.js updateAppMetadata',
      status: 'confirmed',
    },
    { claim: '/roles', match: 'suffix', userEditable: false, source: customClaims, status: 'confirmed' },
    { claim: '/role', match: 'suffix', userEditable: false, source: customClaims, status: 'confirmed' },
    {
      claim: 'user_metadata',
      userEditable: true,
      source: 'auth0/node-auth0 reference.md (user_metadata example)',
      status: 'partial',
    },
  ],
  authzWrites: [
    {
      callee: '.users.update',
      argument: { mentions: 'app_metadata' },
      source: 'auth0/node-auth0 v5_MIGRATION_GUIDE.md L151; v4.37.1 users-manager.ts L1058',
      status: 'confirmed',
    },
    {
      callee: '.updateAppMetadata',
      source: 'auth0/node-auth0 v3.7.2 src/management/index.js L1154, UsersManager.js L275',
      status: 'confirmed',
    },
    {
      callee: '.users.roles.assign',
      source: 'auth0/node-auth0 reference.md L29736; v5_MIGRATION_GUIDE.md L353',
      status: 'confirmed',
    },
    {
      callee: '.users.assignRoles',
      source: 'auth0/node-auth0 v5_MIGRATION_GUIDE.md L353 (v4 name)',
      status: 'confirmed',
    },
    { callee: '.assignRolestoUser', source: 'auth0/node-auth0 v3.7.2 index.js L1334', status: 'confirmed' },
    { callee: '.users.permissions.create', source: 'auth0/node-auth0 reference.md L29407', status: 'confirmed' },
    { callee: '.roles.users.assign', source: 'auth0/node-auth0 v5_MIGRATION_GUIDE.md L319', status: 'confirmed' },
    {
      callee: '.roles.assignUsers',
      source: 'auth0/node-auth0 v5_MIGRATION_GUIDE.md L319 (v4 name)',
      status: 'confirmed',
    },
  ],
  identitySources: [
    {
      callee: 'getSession',
      yields: ['user.sub'],
      source: 'https://github.com/auth0/nextjs-auth0/blob/v3.5.0/EXAMPLES.md (getSession().user)',
      status: 'confirmed',
    },
    {
      callee: '.getSession',
      yields: ['user.sub'],
      source: 'https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md (auth0.getSession() in v4)',
      status: 'confirmed',
    },
    {
      callee: 'useUser',
      yields: ['user.sub'],
      source: 'https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md (useUser)',
      status: 'confirmed',
    },
    {
      callee: 'useAuth0',
      yields: ['user.sub'],
      source: 'https://auth0.com/docs/libraries/auth0-react',
      status: 'confirmed',
    },
    {
      callee: '.getUser',
      module: '@auth0/auth0-spa-js',
      yields: ['sub'],
      source: 'https://auth0.github.io/auth0-spa-js/classes/Auth0Client.html#getUser',
      status: 'partial',
    },
  ],
};
