import type { ProviderProfile } from './provider-profile.js';

const jwtModel = 'awslabs/aws-jwt-verify src/jwt-model.ts';

export const cognito: ProviderProfile = {
  id: 'cognito',
  name: 'Cognito',
  nameWords: [['cognito']],
  identifierClaims: [
    { claim: 'sub', source: `${jwtModel} (CognitoJwtFields.sub); https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html`, status: 'confirmed' },
    { claim: 'cognito:username', source: `${jwtModel} L62`, status: 'confirmed' },
    { claim: 'username', source: `${jwtModel} L83 (access token)`, status: 'confirmed' },
    { claim: 'identities', source: `${jwtModel} L65-72 (federated identity links: userId, providerName)`, status: 'confirmed' },
  ],
  identifierValues: [
    {
      kind: 'regex',
      pattern: '^[a-z]{2}-(gov-)?[a-z]+-\\d_[a-zA-Z0-9]+$',
      shape: 'a user pool id',
      source: 'awslabs/aws-jwt-verify src/cognito-verifier.ts L225 (USER_POOL_ID_REGEX)',
      status: 'confirmed',
    },
    {
      // The catalogue's '^[\w-]+:[0-9a-f-]+$' also matches 'a:1'; narrowed to region + GUID.
      kind: 'regex',
      pattern: '^[a-z]{2}-(gov-)?[a-z]+-\\d:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
      shape: 'an identity pool id or IdentityId (REGION:GUID)',
      source: 'https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_IdentityPoolShortDescription.html',
      status: 'confirmed',
    },
  ],
  sdkModules: [
    { module: '@aws-sdk/client-cognito-identity-provider', source: 'https://www.npmjs.com/package/@aws-sdk/client-cognito-identity-provider', status: 'confirmed' },
    { module: '@aws-sdk/client-cognito-identity', source: 'https://www.npmjs.com/package/@aws-sdk/client-cognito-identity', status: 'confirmed' },
    { module: 'aws-jwt-verify', source: 'https://www.npmjs.com/package/aws-jwt-verify', status: 'confirmed' },
    { module: 'aws-amplify', source: 'https://www.npmjs.com/package/aws-amplify', status: 'confirmed' },
    { module: '@aws-amplify/auth', source: 'https://www.npmjs.com/package/@aws-amplify/auth', status: 'confirmed' },
    { module: 'amazon-cognito-identity-js', source: 'https://www.npmjs.com/package/amazon-cognito-identity-js', status: 'confirmed' },
  ],
};
