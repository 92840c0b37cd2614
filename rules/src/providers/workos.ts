import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const sessionCookie = 'workos/workos-node src/user-management/interfaces/authenticate-with-session-cookie.interface.ts';
const userManagement = 'workos/workos-node src/user-management/user-management.ts';

export const workos: ProviderProfile = {
  id: 'workos',
  name: 'WorkOS',
  nameWords: [['workos'], ['work', 'os'], ['authkit']],
  identifierClaims: [
    { claim: 'sub', source: `${sessionCookie} L10-18 (standard JWT sub, user_01…)`, status: 'partial' },
  ],
  identifierValues: [
    // WorkOS ids are a prefix and a ULID (26 characters).
    {
      kind: 'regex',
      pattern: '^user_01[0-9A-HJKMNP-TV-Z]{24}$',
      shape: 'a user id (user_01…)',
      source: 'workos/workos-node src fixtures (user_01…)',
      status: 'confirmed',
    },
  ],
  sdkModules: npmModules('@workos-inc/node', '@workos-inc/authkit-nextjs'),
  remoteVerificationCalls: [
    {
      callee: '.userManagement.getUser',
      scope: 'request',
      source: `${userManagement} L254-256 (GET /user_management/users/{id})`,
      status: 'confirmed',
    },
  ],
  authzClaims: [
    { claim: 'role', userEditable: false, source: `${sessionCookie} L13`, status: 'confirmed' },
    { claim: 'roles', userEditable: false, source: `${sessionCookie} L14`, status: 'confirmed' },
  ],
  authzWrites: [
    {
      callee: '.userManagement.createOrganizationMembership',
      argument: { mentions: 'roleSlug' },
      source: `${userManagement} L1213`,
      status: 'confirmed',
    },
    {
      callee: '.userManagement.updateOrganizationMembership',
      argument: { mentions: 'roleSlug' },
      source: `${userManagement} L1236`,
      status: 'confirmed',
    },
  ],
  identitySources: [
    {
      callee: 'withAuth',
      yields: ['user.id'],
      source: 'https://github.com/workos/authkit-nextjs README (const { user } = await withAuth())',
      status: 'confirmed',
    },
    {
      callee: 'getUser',
      module: '@workos-inc/authkit-nextjs',
      yields: ['user.id'],
      source: 'https://github.com/workos/authkit-nextjs/blob/v0.4.0/README.md (getUser, the earlier name of withAuth)',
      status: 'partial',
    },
    {
      callee: 'useAuth',
      module: '@workos-inc/authkit-nextjs',
      yields: ['user.id'],
      source: 'https://github.com/workos/authkit-nextjs README (useAuth in client components)',
      status: 'confirmed',
    },
    {
      callee: '.userManagement.authenticateWithCode',
      yields: ['user.id'],
      source: 'https://workos.com/docs/reference/user-management/authentication/code',
      status: 'confirmed',
    },
    {
      callee: '.userManagement.getUser',
      yields: ['id'],
      source: 'https://workos.com/docs/reference/user-management/user/get',
      status: 'confirmed',
    },
  ],
};
