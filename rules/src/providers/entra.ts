import type { ProviderProfile } from './provider-profile.js';

const claimsReference = 'MicrosoftDocs/entra-docs docs/identity-platform/access-token-claims-reference.md';

export const entra: ProviderProfile = {
  id: 'entra',
  name: 'Entra ID',
  nameWords: [['entra'], ['aad'], ['azure', 'ad'], ['azuread'], ['msal']],
  identifierClaims: [
    { claim: 'oid', source: claimsReference, status: 'confirmed' },
    { claim: 'sub', source: claimsReference, status: 'confirmed' },
    { claim: 'preferred_username', source: claimsReference, status: 'confirmed' },
    { claim: 'upn', source: claimsReference, status: 'confirmed' },
    { claim: 'unique_name', source: claimsReference, status: 'confirmed' },
  ],
  // Entra object ids are plain GUIDs: no literal shape tells them apart from any other GUID.
  identifierValues: [],
};
