import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const userApi = 'clerk/javascript packages/backend/src/api/endpoints/UserApi.ts L488-490';

const clerkHas =
  'https://clerk.com/docs/references/backend/types/auth-object (has({ role }) / has({ permission }): authorization checked against the organization roles kept in Clerk)';

export const clerk: ProviderProfile = {
  id: 'clerk',
  name: 'Clerk',
  nameWords: [['clerk']],
  identifierClaims: [
    {
      claim: 'sub',
      source: 'clerk/javascript packages/backend/src/tokens/verify.ts L95-108; packages/shared/src/types/jwtv2.ts',
      status: 'confirmed',
    },
  ],
  identifierValues: [
    {
      // Clerk ids are `user_` + 27 base62 characters; the length keeps `user_id` and `user_name` out.
      kind: 'regex',
      pattern: '^user_[A-Za-z0-9]{20,}$',
      shape: 'a user id (user_…)',
      source: 'clerk/javascript packages/backend/src/tokens/verify.ts L106',
      status: 'confirmed',
    },
  ],
  sdkModules: [
    ...npmModules(
      '@clerk/backend',
      '@clerk/nextjs',
      '@clerk/express',
      '@clerk/fastify',
      '@clerk/astro',
      '@clerk/react',
      '@clerk/clerk-js',
      '@clerk/shared',
    ),
    // Earlier names of the React and Node SDKs, not in the catalogue: the registry's summaries name them Clerk's.
    {
      module: '@clerk/clerk-react',
      source: 'https://www.npmjs.com/package/@clerk/clerk-react ("Clerk React library")',
      status: 'partial',
    },
    {
      module: '@clerk/clerk-sdk-node',
      source: 'https://www.npmjs.com/package/@clerk/clerk-sdk-node ("Clerk server SDK for usage with node")',
      status: 'partial',
    },
  ],
  remoteVerificationCalls: [
    {
      callee: '.users.getUser',
      scope: 'request',
      source: 'clerk/javascript packages/backend/src/api/endpoints/UserApi.ts L453 (Backend API call)',
      status: 'confirmed',
    },
    {
      callee: 'currentUser',
      scope: 'request',
      source: 'clerk/javascript packages/nextjs/src/app-router/server/currentUser.ts L43 (users.getUser on every call)',
      status: 'confirmed',
    },
    {
      callee: '.sessions.verifySession',
      source: 'clerk/javascript packages/backend/src/api/endpoints/SessionApi.ts L97',
      status: 'confirmed',
    },
  ],
  authzClaims: [
    { claim: 'publicMetadata', userEditable: false, source: userApi, status: 'confirmed' },
    { claim: 'privateMetadata', userEditable: false, source: userApi, status: 'confirmed' },
    { claim: 'public_metadata', userEditable: false, source: userApi, status: 'confirmed' },
    {
      claim: 'metadata',
      userEditable: false,
      source:
        'https://clerk.com/docs/guides/secure/basic-rbac.md (session token claim `metadata` = publicMetadata, read as sessionClaims.metadata.role)',
      status: 'confirmed',
    },
    {
      claim: 'org_role',
      userEditable: false,
      source: 'clerk/javascript packages/shared/src/types/jwtv2.ts L131',
      status: 'confirmed',
    },
    {
      claim: 'orgRole',
      userEditable: false,
      source: 'clerk/javascript packages/backend/src/tokens/authObjects.ts (SignedInAuthObject.orgRole)',
      status: 'confirmed',
    },
    {
      claim: 'orgPermissions',
      userEditable: false,
      source: 'clerk/javascript packages/backend/src/tokens/authObjects.ts (SignedInAuthObject.orgPermissions)',
      status: 'confirmed',
    },
    {
      claim: 'unsafeMetadata',
      userEditable: true,
      source: `${userApi}; https://clerk.com/docs/core-1/guides/basic-rbac ("unsafeMetadata can be read and updated in the browser")`,
      status: 'confirmed',
    },
    { claim: 'unsafe_metadata', userEditable: true, source: userApi, status: 'confirmed' },
  ],
  authzReadCalls: [
    ...(['role', 'permission'] as const).flatMap((mentions) => [
      { callee: 'has', argument: { mentions }, source: clerkHas, status: 'confirmed' as const },
      { callee: '.has', argument: { mentions }, source: clerkHas, status: 'confirmed' as const },
    ]),
  ],
  authzWrites: [
    {
      callee: '.users.updateUserMetadata',
      source: 'clerk/javascript packages/backend/src/api/endpoints/UserApi.ts L573',
      status: 'confirmed',
    },
    {
      callee: '.users.updateUser',
      argument: { mentions: 'publicMetadata' },
      source: 'clerk/javascript UserApi.ts L485-490',
      status: 'confirmed',
    },
    {
      callee: '.users.updateUser',
      argument: { mentions: 'privateMetadata' },
      source: 'clerk/javascript UserApi.ts L485-490',
      status: 'confirmed',
    },
    {
      callee: '.users.createUser',
      argument: { mentions: 'publicMetadata' },
      source:
        'clerk docs references/backend/user/create-user (clerk/javascript packages/backend/src/api/endpoints/UserApi.ts L140, CreateUserParams)',
      status: 'partial',
    },
    {
      callee: '.organizations.createOrganizationMembership',
      source: 'clerk/javascript OrganizationApi.ts L504',
      status: 'confirmed',
    },
    {
      callee: '.organizations.updateOrganizationMembership',
      source: 'clerk/javascript OrganizationApi.ts L519',
      status: 'confirmed',
    },
  ],
  identitySources: [
    {
      callee: 'auth',
      yields: ['userId', 'sessionClaims.sub'],
      source: 'https://clerk.com/docs/reference/nextjs/app-router/auth (Auth object: userId)',
      status: 'confirmed',
    },
    {
      callee: 'currentUser',
      yields: ['id'],
      source: 'https://clerk.com/docs/reference/nextjs/app-router/current-user (Backend User object)',
      status: 'confirmed',
    },
    {
      callee: 'getAuth',
      yields: ['userId'],
      source:
        'https://clerk.com/docs/reference/nextjs/pages-router/get-auth; https://clerk.com/docs/reference/express/overview (getAuth(req))',
      status: 'confirmed',
    },
    { callee: 'useAuth', yields: ['userId'], source: 'https://clerk.com/docs/hooks/use-auth', status: 'confirmed' },
    { callee: 'useUser', yields: ['user.id'], source: 'https://clerk.com/docs/hooks/use-user', status: 'confirmed' },
    {
      callee: '.users.getUser',
      yields: ['id'],
      source: 'clerk/javascript packages/backend/src/api/endpoints/UserApi.ts L453 (User)',
      status: 'confirmed',
    },
  ],
};
