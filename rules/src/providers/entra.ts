import { npmModules } from './sdk-modules.js';
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
  // Microsoft Graph clients also send mail and read files and calendars; `jwks-rsa`/`jsonwebtoken` are generic.
  sdkModules: npmModules(
    '@azure/msal-node',
    '@azure/msal-browser',
    '@azure/msal-react',
    '@azure/msal-common',
    'passport-azure-ad',
  ),
  remoteVerificationCalls: [],
  authzClaims: [
    { claim: 'roles', userEditable: false, source: claimsReference, status: 'confirmed' },
    { claim: 'groups', userEditable: false, source: claimsReference, status: 'confirmed' },
    { claim: 'wids', userEditable: false, source: claimsReference, status: 'confirmed' },
  ],
  authzWrites: [
    {
      callee: '.appRoleAssignments.post',
      source:
        'https://learn.microsoft.com/graph/api/user-post-approleassignments (graphServiceClient.users.byUserId(id).appRoleAssignments.post)',
      status: 'confirmed',
    },
  ],
  identitySources: [
    {
      callee: '.acquireTokenSilent',
      yields: ['uniqueId', 'account.localAccountId', 'account.homeAccountId', 'idTokenClaims.oid'],
      source: 'https://learn.microsoft.com/en-us/javascript/api/@azure/msal-browser/authenticationresult',
      status: 'confirmed',
    },
    {
      callee: '.acquireTokenByCode',
      yields: ['uniqueId', 'account.localAccountId', 'account.homeAccountId', 'idTokenClaims.oid'],
      source: 'https://learn.microsoft.com/en-us/javascript/api/@azure/msal-node/authenticationresult',
      status: 'confirmed',
    },
    {
      callee: '.handleRedirectPromise',
      yields: ['uniqueId', 'account.localAccountId', 'account.homeAccountId'],
      source:
        'https://learn.microsoft.com/en-us/javascript/api/@azure/msal-browser/publicclientapplication#@azure-msal-browser-publicclientapplication-handleredirectpromise',
      status: 'confirmed',
    },
    {
      callee: '.getActiveAccount',
      yields: ['localAccountId', 'homeAccountId', 'idTokenClaims.oid'],
      source: 'https://learn.microsoft.com/en-us/javascript/api/@azure/msal-browser/accountinfo',
      status: 'confirmed',
    },
    {
      callee: 'useAccount',
      yields: ['localAccountId', 'homeAccountId'],
      source:
        'https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-react/docs/hooks.md#useaccount-hook',
      status: 'confirmed',
    },
  ],
};
