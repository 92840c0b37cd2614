import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const kindePermissions =
  'https://docs.kinde.com/developer-tools/guides/kinde-permissions-react-and-backend ("an access token that contains a permissions array")';
const kindeSession =
  'kinde-oss/kinde-auth-nextjs getKindeServerSession() (getRoles, getPermissions, getPermission(key).isGranted, getClaim)';

export const kinde: ProviderProfile = {
  id: 'kinde',
  name: 'Kinde',
  nameWords: [['kinde']],
  identifierClaims: [{ claim: 'sub', source: 'kinde-oss/kinde-typescript-sdk lib (fixture kp_…)', status: 'partial' }],
  identifierValues: [
    {
      kind: 'regex',
      pattern: '^kp_[0-9a-f]{32}$',
      shape: 'a user id (kp_…)',
      source: 'kinde-oss/kinde-typescript-sdk lib fixtures (kp_0c3ff3d085f…)',
      status: 'partial',
    },
  ],
  sdkModules: npmModules(
    '@kinde-oss/kinde-typescript-sdk',
    '@kinde-oss/kinde-auth-nextjs',
    '@kinde/jwt-validator',
    '@kinde/jwt-decoder',
    '@kinde/management-api-js',
  ),
  remoteVerificationCalls: [
    {
      callee: '.getUserProfile',
      source:
        'kinde-oss/kinde-typescript-sdk lib/sdk/oauth2-flows/AuthCodeAbstract.ts L35 (GET {authDomain}/oauth2/v2/user_profile)',
      status: 'confirmed',
    },
  ],
  // The access token carries the user's permissions (and roles, when the application asks for them);
  // `org_code` is tenancy, not authorization.
  authzClaims: [
    { claim: 'permissions', userEditable: false, source: kindePermissions, status: 'confirmed' },
    {
      claim: 'roles',
      userEditable: false,
      source:
        'https://docs.kinde.com/properties/work-with-properties/ (roles in the access token when "Roles" is added to its claims)',
      status: 'partial',
    },
  ],
  authzReadCalls: [
    ...['getRoles', 'getPermissions', 'getPermission'].flatMap((callee) => [
      { callee, source: kindeSession, status: 'confirmed' as const },
      { callee: `.${callee}`, source: kindeSession, status: 'confirmed' as const },
    ]),
    { callee: 'getClaim', argument: { mentions: 'roles' }, source: kindeSession, status: 'confirmed' },
    { callee: 'getClaim', argument: { mentions: 'permissions' }, source: kindeSession, status: 'confirmed' },
  ],
  authzWrites: [
    {
      callee: 'Organizations.createOrganizationUserRole',
      source: "public code (find_string 'Organizations.createOrganizationUserRole'), @kinde/management-api-js",
      status: 'partial',
    },
  ],
  identitySources: [
    {
      callee: 'getKindeServerSession',
      yields: ['getUser().id'],
      source: 'https://docs.kinde.com/developer-tools/sdks/backend/nextjs-sdk/ (getKindeServerSession().getUser())',
      status: 'confirmed',
    },
    {
      callee: 'useKindeBrowserClient',
      yields: ['user.id', 'getUser().id'],
      source: 'https://docs.kinde.com/developer-tools/sdks/backend/nextjs-sdk/ (useKindeBrowserClient)',
      status: 'confirmed',
    },
    {
      callee: 'useKindeAuth',
      module: '@kinde-oss/kinde-auth-react',
      yields: ['user.id'],
      source: 'https://docs.kinde.com/developer-tools/sdks/frontend/react-sdk/',
      status: 'partial',
    },
  ],
};
