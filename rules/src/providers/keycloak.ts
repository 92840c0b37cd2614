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
};
