import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const checkSession = 'ory/docs docs/identities/get-started/_common/code-examples/js/session/check-session.js';

export const ory: ProviderProfile = {
  id: 'ory',
  name: 'Ory',
  nameWords: [['ory'], ['kratos']],
  // Ory identity ids are plain UUIDs read as `session.identity.id`: no claim or shape of their own to match.
  identifierClaims: [],
  identifierValues: [],
  sdkModules: npmModules('@ory/client', '@ory/client-fetch', '@ory/kratos-client', '@ory/hydra-client'),
  remoteVerificationCalls: [
    {
      callee: '.toSession',
      source: `${checkSession} (GET /sessions/whoami on every call, Express middleware per request)`,
      status: 'confirmed',
    },
    {
      callee: '.introspectOAuth2Token',
      source: 'ory/docs example (OAuth2Api.introspectOAuth2Token, Hydra token introspection)',
      status: 'confirmed',
    },
  ],
  authzClaims: [
    {
      claim: 'traits',
      userEditable: true,
      source: `${checkSession} (identity.traits: user-editable traits)`,
      status: 'confirmed',
    },
    {
      claim: 'metadata_public',
      userEditable: false,
      source: 'public code (metadata_public.groups used for roles); IdP catalogue',
      status: 'partial',
    },
  ],
  authzWrites: [
    {
      callee: '.updateIdentity',
      argument: { mentions: 'metadata_public' },
      source: 'public code (identityApi.updateIdentity with metadata_public); IdP catalogue',
      status: 'partial',
    },
  ],
  identitySources: [
    {
      callee: '.toSession',
      yields: ['identity.id', 'data.identity.id'],
      source:
        'https://www.ory.sh/docs/reference/api#tag/frontend/operation/toSession (Session.identity); @ory/client returns an AxiosResponse (data)',
      status: 'confirmed',
    },
  ],
};
