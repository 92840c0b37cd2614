import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const jwtModel = 'awslabs/aws-jwt-verify src/jwt-model.ts';
const schemaAttributeType =
  'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SchemaAttributeType.html';

export const cognito: ProviderProfile = {
  id: 'cognito',
  name: 'Cognito',
  nameWords: [['cognito']],
  identifierClaims: [
    {
      claim: 'sub',
      source: `${jwtModel} (CognitoJwtFields.sub); https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html`,
      status: 'confirmed',
    },
    { claim: 'cognito:username', source: `${jwtModel} L62`, status: 'confirmed' },
    { claim: 'username', source: `${jwtModel} L83 (access token)`, status: 'confirmed' },
    {
      claim: 'identities',
      source: `${jwtModel} L65-72 (federated identity links: userId, providerName)`,
      status: 'confirmed',
    },
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
      pattern:
        '^[a-z]{2}-(gov-)?[a-z]+-\\d:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
      shape: 'an identity pool id or IdentityId (REGION:GUID)',
      source: 'https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_IdentityPoolShortDescription.html',
      status: 'confirmed',
    },
  ],
  // `aws-amplify` itself also holds Storage, API and DataStore: only its `auth` subpath is the Cognito SDK.
  sdkModules: npmModules(
    '@aws-sdk/client-cognito-identity-provider',
    '@aws-sdk/client-cognito-identity',
    'aws-jwt-verify',
    'aws-amplify/auth',
    '@aws-amplify/auth',
    'amazon-cognito-identity-js',
  ),
  remoteVerificationCalls: [
    {
      callee: 'new GetUserCommand',
      source: "IdP catalogue: public code 'new GetUserCommand({ AccessToken' used per request",
      status: 'partial',
    },
    {
      callee: 'fetchUserAttributes',
      module: 'aws-amplify/auth/server',
      source:
        'https://aws-amplify.github.io/amplify-js/api/functions/aws_amplify.auth_server.fetchUserAttributes.html; aws-amplify/amplify-js packages/auth/src/providers/cognito/apis/internal/fetchUserAttributes.ts (calls Cognito GetUser)',
      status: 'confirmed',
    },
    {
      callee: 'CognitoJwtVerifier.create',
      scope: 'function',
      source:
        'awslabs/aws-jwt-verify src/jwk.ts (SimpleJwksCache per verifier instance), src/jwt-verifier.ts hydrate()',
      status: 'partial',
    },
    {
      callee: 'JwtVerifier.create',
      scope: 'function',
      source: 'awslabs/aws-jwt-verify src/jwt-verifier.ts L673, src/jwk.ts L331 (cache per instance)',
      status: 'partial',
    },
  ],
  authzClaims: [
    {
      claim: 'cognito:groups',
      userEditable: false,
      source: `${jwtModel}; awslabs/aws-jwt-verify src/cognito-verifier.ts L41-45`,
      status: 'confirmed',
    },
    { claim: 'cognito:roles', userEditable: false, source: `${jwtModel} L73`, status: 'confirmed' },
    { claim: 'cognito:preferred_role', userEditable: false, source: `${jwtModel} L74`, status: 'confirmed' },
    { claim: 'custom:', match: 'prefix', userEditable: false, source: schemaAttributeType, status: 'confirmed' },
  ],
  authzWrites: [
    {
      callee: 'new AdminUpdateUserAttributesCommand',
      argument: { mentions: 'custom:' },
      source: 'AdminUpdateUserAttributes API reference ("For custom attributes, you must prepend the custom: prefix")',
      status: 'confirmed',
    },
    {
      callee: 'new UpdateUserAttributesCommand',
      argument: { mentions: 'custom:' },
      source: `${schemaAttributeType} (DeveloperOnlyAttribute note)`,
      status: 'partial',
    },
    {
      callee: 'new AdminAddUserToGroupCommand',
      source:
        'AWS CLI reference cognito-idp admin-add-user-to-group ("Adds the specified user to the specified group", mirrored in dozen/aws-doc source/reference/cognito-idp/admin-add-user-to-group.rst); imported from @aws-sdk/client-cognito-identity-provider in public code',
      status: 'confirmed',
    },
    {
      callee: 'new CreateGroupCommand',
      argument: { mentions: 'RoleArn' },
      source: 'UpdateGroup API reference (RoleArn sets the cognito:roles and cognito:preferred_role claims)',
      status: 'confirmed',
    },
    {
      callee: 'new UpdateGroupCommand',
      argument: { mentions: 'RoleArn' },
      source: 'UpdateGroup API reference (RoleArn sets the cognito:roles and cognito:preferred_role claims)',
      status: 'confirmed',
    },
  ],
  identitySources: [
    {
      callee: 'getCurrentUser',
      yields: ['userId', 'username'],
      source:
        'https://docs.amplify.aws/react/build-a-backend/auth/connect-your-frontend/manage-user-session/ (getCurrentUser)',
      status: 'confirmed',
    },
    {
      callee: 'fetchAuthSession',
      yields: ['userSub', 'tokens.idToken.payload.sub', 'tokens.accessToken.payload.sub'],
      source:
        'https://docs.amplify.aws/react/build-a-backend/auth/connect-your-frontend/manage-user-session/ (fetchAuthSession)',
      status: 'confirmed',
    },
    {
      callee: 'fetchUserAttributes',
      yields: ['sub'],
      source: 'https://docs.amplify.aws/react/build-a-backend/auth/connect-your-frontend/manage-user-profile/',
      status: 'confirmed',
    },
    {
      callee: 'useAuthenticator',
      module: '@aws-amplify/ui-react',
      yields: ['user.userId', 'user.username'],
      source: 'https://ui.docs.amplify.aws/react/connected-components/authenticator/advanced (useAuthenticator().user)',
      status: 'partial',
    },
    {
      callee: '.verify',
      module: 'aws-jwt-verify',
      yields: ['sub', 'username'],
      source: 'awslabs/aws-jwt-verify README (CognitoJwtVerifier.verify returns the payload)',
      status: 'confirmed',
    },
  ],
};
