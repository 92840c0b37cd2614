import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const constants = 'descope/node-sdk lib/constants.ts';
const managementUser = 'descope/node-sdk lib/management/user.ts';

export const descope: ProviderProfile = {
  id: 'descope',
  name: 'Descope',
  nameWords: [['descope']],
  identifierClaims: [
    { claim: 'sub', source: 'descope/node-sdk lib/index.ts (AuthenticationInfo.token)', status: 'partial' },
  ],
  identifierValues: [],
  sdkModules: npmModules('@descope/node-sdk', '@descope/core-js-sdk', '@descope/nextjs-sdk', '@descope/react-sdk'),
  remoteVerificationCalls: [
    {
      callee: '.management.user.load',
      scope: 'request',
      source: `${managementUser} L575 (Management API)`,
      status: 'confirmed',
    },
  ],
  authzClaims: [
    { claim: 'roles', userEditable: false, source: `${constants} L9-10`, status: 'confirmed' },
    {
      claim: 'tenants',
      userEditable: false,
      source: `${constants} L5-6 (tenantId → roles, permissions)`,
      status: 'confirmed',
    },
  ],
  authzWrites: [
    { callee: '.management.user.setRoles', source: `${managementUser} L799`, status: 'confirmed' },
    { callee: '.management.user.addRoles', source: `${managementUser} L804`, status: 'confirmed' },
    { callee: '.management.user.setTenantRoles', source: `${managementUser} L814-837`, status: 'confirmed' },
    { callee: '.management.user.addTenantRoles', source: `${managementUser} L814-837`, status: 'confirmed' },
  ],
  identitySources: [
    {
      callee: '.validateSession',
      yields: ['token.sub'],
      source: 'https://github.com/descope/node-sdk README (validateSession returns { jwt, token })',
      status: 'confirmed',
    },
    {
      callee: 'session',
      module: '@descope/nextjs-sdk/server',
      yields: ['token.sub'],
      source:
        'https://github.com/descope/descope-js/tree/main/packages/sdks/nextjs-sdk (session() in server components)',
      status: 'partial',
    },
    {
      callee: 'useUser',
      yields: ['user.userId'],
      source: 'https://github.com/descope/descope-js/tree/main/packages/sdks/react-sdk (useUser)',
      status: 'confirmed',
    },
  ],
};
