import type { ProviderProfile } from './provider-profile.js';

export const keycloak: ProviderProfile = {
  id: 'keycloak',
  name: 'Keycloak',
  nameWords: [['keycloak']],
  identifierClaims: [
    { claim: 'sub', source: 'keycloak/keycloak-nodejs-connect keycloak.js L269 (request.kauth.grant.id_token.sub)', status: 'confirmed' },
  ],
  // Keycloak user ids are plain UUIDs.
  identifierValues: [],
  sdkModules: [
    { module: 'keycloak-connect', source: 'https://www.npmjs.com/package/keycloak-connect', status: 'confirmed' },
    { module: 'keycloak-js', source: 'https://www.npmjs.com/package/keycloak-js', status: 'confirmed' },
    { module: '@keycloak/keycloak-admin-client', source: 'https://www.npmjs.com/package/@keycloak/keycloak-admin-client', status: 'confirmed' },
  ],
};
