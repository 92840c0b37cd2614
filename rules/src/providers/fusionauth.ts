import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const client = 'FusionAuth/fusionauth-typescript-client src/FusionAuthClient.ts';
const accessToken =
  'FusionAuth/fusionauth-site astro/src/content/docs/lifecycle/authenticate-users/oauth/_example_access_token.mdx';

export const fusionauth: ProviderProfile = {
  id: 'fusionauth',
  name: 'FusionAuth',
  nameWords: [['fusionauth'], ['fusion', 'auth']],
  identifierClaims: [{ claim: 'sub', source: accessToken, status: 'confirmed' }],
  // User, application and tenant ids are plain UUIDs.
  identifierValues: [],
  sdkModules: npmModules('@fusionauth/typescript-client', '@fusionauth/react-sdk'),
  remoteVerificationCalls: [
    { callee: '.validateJWT', source: `${client} L6369 (GET /api/jwt/validate)`, status: 'confirmed' },
    { callee: '.introspectAccessToken', source: `${client} L2279 (POST /oauth2/introspect)`, status: 'confirmed' },
    { callee: '.retrieveUserInfoFromAccessToken', source: `${client} L4647 (/oauth2/userinfo)`, status: 'confirmed' },
  ],
  authzClaims: [{ claim: 'roles', userEditable: false, source: accessToken, status: 'confirmed' }],
  authzWrites: [
    { callee: '.register', argument: { mentions: 'roles' }, source: `${client} L3132`, status: 'confirmed' },
    { callee: '.updateRegistration', source: `${client} L6128`, status: 'confirmed' },
    { callee: '.patchRegistration', source: `${client} L2855`, status: 'confirmed' },
    { callee: '.createGroupMembers', source: `${client} L772`, status: 'confirmed' },
  ],
  identitySources: [
    {
      callee: '.retrieveUser',
      yields: ['response.user.id'],
      source: 'https://github.com/FusionAuth/fusionauth-typescript-client (ClientResponse<UserResponse>)',
      status: 'confirmed',
    },
    {
      callee: '.login',
      module: '@fusionauth/typescript-client',
      yields: ['response.user.id'],
      source: 'https://fusionauth.io/docs/apis/login (LoginResponse.user)',
      status: 'partial',
    },
    {
      callee: 'useFusionAuth',
      yields: ['userInfo.sub'],
      source:
        'https://github.com/FusionAuth/fusionauth-javascript-sdk/tree/main/packages/sdk-react (useFusionAuth().userInfo)',
      status: 'partial',
    },
  ],
};
