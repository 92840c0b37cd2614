import { npmModules } from './sdk-modules.js';
import type { IdentifierValue, ProviderProfile } from './provider-profile.js';

const sharedSessions = 'stytchauth/stytch-node lib/shared/sessions.ts';
const users = 'stytchauth/stytch-node lib/b2c/users.ts';

export const stytch: ProviderProfile = {
  id: 'stytch',
  name: 'Stytch',
  nameWords: [['stytch']],
  identifierClaims: [{ claim: 'sub', source: `${sharedSessions} L36-37 (user_id or member_id)`, status: 'confirmed' }],
  identifierValues: ['user-test-', 'user-live-', 'member-test-', 'member-live-'].map((prefix): IdentifierValue => ({
    kind: 'prefix',
    prefix,
    shape: `a ${prefix.startsWith('user') ? 'user' : 'member'} id (${prefix}…)`,
    source: 'stytchauth/stytch-node (ids across the repository)',
    status: 'confirmed',
  })),
  sdkModules: npmModules('stytch', '@stytch/nextjs', '@stytch/vanilla-js', '@stytch/react'),
  remoteVerificationCalls: [
    {
      callee: '.sessions.authenticate',
      source: 'stytchauth/stytch-node lib/b2c/sessions.ts L1017; lib/b2b/sessions.ts L245-264 (Stytch API call)',
      status: 'confirmed',
    },
  ],
  authzClaims: [
    { claim: 'trusted_metadata', userEditable: false, source: `${users} L139-144`, status: 'confirmed' },
    {
      claim: 'untrusted_metadata',
      userEditable: true,
      source: `${users} L139-144 (untrusted metadata is writable by the client)`,
      status: 'confirmed',
    },
  ],
  authzWrites: [
    {
      callee: '.users.update',
      argument: { mentions: 'roles' },
      source: `${users} L1065 (UsersUpdateRequest.roles)`,
      status: 'confirmed',
    },
    {
      callee: '.users.update',
      argument: { mentions: 'trusted_metadata' },
      source: `${users} L1065 (UsersUpdateRequest.trusted_metadata)`,
      status: 'confirmed',
    },
    {
      callee: '.members.update',
      argument: { mentions: 'roles' },
      source: 'stytchauth/stytch-node lib/b2b/organizations_members.ts L864',
      status: 'confirmed',
    },
    {
      callee: '.members.update',
      argument: { mentions: 'trusted_metadata' },
      source: 'stytchauth/stytch-node lib/b2b/organizations_members.ts L864',
      status: 'confirmed',
    },
  ],
  identitySources: [
    {
      callee: '.sessions.authenticate',
      yields: ['user_id', 'session.user_id', 'user.user_id'],
      source: 'https://stytch.com/docs/api/session-auth',
      status: 'confirmed',
    },
    {
      callee: '.sessions.authenticateJwt',
      yields: ['session.user_id'],
      source: 'https://stytch.com/docs/api/authenticate-jwt-local',
      status: 'partial',
    },
    {
      callee: 'useStytchUser',
      yields: ['user.user_id'],
      source: 'https://stytch.com/docs/sdks/javascript-sdk/users (useStytchUser)',
      status: 'confirmed',
    },
    {
      callee: 'useStytchSession',
      yields: ['session.user_id'],
      source: 'https://stytch.com/docs/sdks/javascript-sdk/session-management',
      status: 'partial',
    },
  ],
};
