import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const grantManager = 'keycloak/keycloak-nodejs-connect middleware/auth-utils/grant-manager.js';
const adminUsers = 'keycloak/keycloak js/libs/keycloak-admin-client/src/resources/users.ts';

export const keycloak: ProviderProfile = {
  id: 'keycloak',
  name: 'Keycloak',
  nameWords: [['keycloak']],
  identifierClaims: [
    {
      claim: 'sub',
      source: 'keycloak/keycloak-nodejs-connect keycloak.js L269 (request.kauth.grant.id_token.sub)',
      status: 'confirmed',
    },
  ],
  // Keycloak user ids are plain UUIDs.
  identifierValues: [],
  sdkModules: npmModules('keycloak-connect', 'keycloak-js', '@keycloak/keycloak-admin-client'),
  remoteVerificationCalls: [
    {
      callee: '.grantManager.validateAccessToken',
      source: `${grantManager} L259-281 ("live validation": POST …/token/introspect)`,
      status: 'confirmed',
    },
    { callee: '.grantManager.userInfo', source: `${grantManager} L283-284 (GET …/userinfo)`, status: 'confirmed' },
  ],
  authzClaims: [
    {
      claim: 'realm_access',
      userEditable: false,
      source: 'keycloak/keycloak-nodejs-connect middleware/auth-utils/token.js L132-140',
      status: 'confirmed',
    },
    {
      claim: 'resource_access',
      userEditable: false,
      source: 'keycloak/keycloak-nodejs-connect middleware/auth-utils/token.js L107-112',
      status: 'confirmed',
    },
  ],
  authzWrites: [
    { callee: '.users.addRealmRoleMappings', source: adminUsers, status: 'confirmed' },
    { callee: '.users.addClientRoleMappings', source: adminUsers, status: 'confirmed' },
    { callee: '.users.addToGroup', source: adminUsers, status: 'confirmed' },
  ],
  identitySources: [
    {
      callee: 'new Keycloak',
      yields: ['subject', 'tokenParsed.sub', 'idTokenParsed.sub'],
      source: 'https://www.keycloak.org/securing-apps/javascript-adapter (subject, tokenParsed)',
      status: 'confirmed',
    },
    {
      callee: '.loadUserProfile',
      yields: ['id'],
      source: 'https://www.keycloak.org/securing-apps/javascript-adapter (loadUserProfile)',
      status: 'partial',
    },
  ],
};
