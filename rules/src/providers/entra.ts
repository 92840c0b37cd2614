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
  // jwks-rsa and jsonwebtoken are generic JWT libraries (no single provider's SDK), so they are not listed.
  sdkModules: [
    { module: '@azure/msal-node', source: 'https://www.npmjs.com/package/@azure/msal-node', status: 'confirmed' },
    { module: '@azure/msal-browser', source: 'https://www.npmjs.com/package/@azure/msal-browser', status: 'confirmed' },
    { module: '@azure/msal-react', source: 'https://www.npmjs.com/package/@azure/msal-react', status: 'confirmed' },
    { module: '@azure/msal-common', source: 'https://www.npmjs.com/package/@azure/msal-common', status: 'confirmed' },
    { module: 'passport-azure-ad', source: 'https://www.npmjs.com/package/passport-azure-ad', status: 'confirmed' },
    { module: '@microsoft/microsoft-graph-client', source: 'https://www.npmjs.com/package/@microsoft/microsoft-graph-client', status: 'confirmed' },
    { module: '@microsoft/msgraph-sdk', source: 'https://www.npmjs.com/package/@microsoft/msgraph-sdk', status: 'confirmed' },
  ],
};
