import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const protectedProps = 'supertokens/supertokens-node lib/ts/recipe/session/constants.ts L27-36 (protectedProps)';
const userRoles = 'supertokens/supertokens-node lib/ts/recipe/userroles/index.ts';

export const supertokens: ProviderProfile = {
  id: 'supertokens',
  name: 'SuperTokens',
  nameWords: [['supertokens'], ['super', 'tokens']],
  identifierClaims: [
    { claim: 'sub', source: protectedProps, status: 'confirmed' },
    { claim: 'rsub', source: protectedProps, status: 'confirmed' },
  ],
  identifierValues: [],
  sdkModules: npmModules('supertokens-node', 'supertokens-auth-react', 'supertokens-web-js'),
  remoteVerificationCalls: [
    {
      callee: '.getSession',
      argument: { mentions: 'checkDatabase' },
      source:
        'supertokens/supertokens-node lib/ts/recipe/session/types.ts L172; sessionFunctions.ts ~L245-248 (POST /recipe/session/verify)',
      status: 'confirmed',
    },
    {
      callee: 'verifySession',
      argument: { mentions: 'checkDatabase' },
      source: 'supertokens/supertokens-node lib/ts/recipe/session/types.ts L172',
      status: 'confirmed',
    },
  ],
  authzClaims: [
    {
      claim: 'st-role',
      userEditable: false,
      source: 'supertokens/supertokens-node lib/ts/recipe/userroles/userRoleClaim.ts L10',
      status: 'confirmed',
    },
    {
      claim: 'st-perm',
      userEditable: false,
      source: 'supertokens/supertokens-node lib/ts/recipe/userroles/permissionClaim.ts L10',
      status: 'confirmed',
    },
  ],
  authzWrites: [
    { callee: '.addRoleToUser', source: `${userRoles} L27`, status: 'confirmed' },
    { callee: '.createNewRoleOrAddPermissions', source: `${userRoles} L61`, status: 'confirmed' },
  ],
  identitySources: [
    {
      callee: '.getSession',
      module: 'supertokens-node/recipe/session',
      yields: ['getUserId()'],
      source:
        'https://supertokens.com/docs/session/common-customizations/sessions/session-verification-in-api/get-session',
      status: 'confirmed',
    },
    {
      callee: 'useSessionContext',
      yields: ['userId'],
      source:
        'https://supertokens.com/docs/session/common-customizations/sessions/protecting-frontend-routes (useSessionContext)',
      status: 'confirmed',
    },
    {
      callee: '.getUserId',
      module: 'supertokens-web-js/recipe/session',
      yields: [''],
      source: 'https://supertokens.com/docs/web-js/session (Session.getUserId)',
      status: 'partial',
    },
  ],
};
