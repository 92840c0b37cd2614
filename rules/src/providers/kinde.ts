import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

export const kinde: ProviderProfile = {
  id: 'kinde',
  name: 'Kinde',
  nameWords: [['kinde']],
  identifierClaims: [{ claim: 'sub', source: 'kinde-oss/kinde-typescript-sdk lib (fixture kp_…)', status: 'partial' }],
  identifierValues: [{ kind: 'regex', pattern: '^kp_[0-9a-f]{32}$', shape: 'a user id (kp_…)', source: 'kinde-oss/kinde-typescript-sdk lib fixtures (kp_0c3ff3d085f…)', status: 'partial' }],
  sdkModules: npmModules('@kinde-oss/kinde-typescript-sdk', '@kinde-oss/kinde-auth-nextjs', '@kinde/jwt-validator', '@kinde/jwt-decoder', '@kinde/management-api-js'),
  remoteVerificationCalls: [
    { callee: '.getUserProfile', source: 'kinde-oss/kinde-typescript-sdk lib/sdk/oauth2-flows/AuthCodeAbstract.ts L35 (GET {authDomain}/oauth2/v2/user_profile)', status: 'confirmed' },
  ],
  // `permissions` and `org_code` are OAuth grants and tenancy; the `roles` claim is unconfirmed.
  authzClaims: [],
  authzWrites: [
    { callee: 'Organizations.createOrganizationUserRole', source: "public code (find_string 'Organizations.createOrganizationUserRole'), @kinde/management-api-js", status: 'partial' },
  ],
  identitySources: [
    { callee: 'getKindeServerSession', yields: ['getUser().id'], source: 'https://docs.kinde.com/developer-tools/sdks/backend/nextjs-sdk/ (getKindeServerSession().getUser())', status: 'confirmed' },
    { callee: 'useKindeBrowserClient', yields: ['user.id', 'getUser().id'], source: 'https://docs.kinde.com/developer-tools/sdks/backend/nextjs-sdk/ (useKindeBrowserClient)', status: 'confirmed' },
    { callee: 'useKindeAuth', module: '@kinde-oss/kinde-auth-react', yields: ['user.id'], source: 'https://docs.kinde.com/developer-tools/sdks/frontend/react-sdk/', status: 'partial' },
  ],
};
