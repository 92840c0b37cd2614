import { auth0 } from './auth0.js';
import { authjs } from './authjs.js';
import { clerk } from './clerk.js';
import { cognito } from './cognito.js';
import { descope } from './descope.js';
import { entra } from './entra.js';
import { firebase } from './firebase.js';
import { fusionauth } from './fusionauth.js';
import { keycloak } from './keycloak.js';
import { kinde } from './kinde.js';
import { okta } from './okta.js';
import { ory } from './ory.js';
import type { ProviderProfile } from './provider-profile.js';
import { stytch } from './stytch.js';
import { supabase } from './supabase.js';
import { supertokens } from './supertokens.js';
import { workos } from './workos.js';

export type {
  AuthzClaim,
  FactStatus,
  IdentifierClaim,
  IdentifierValue,
  IdentitySource,
  ProviderCall,
  ProviderProfile,
  SdkModule,
  Sourced,
} from './provider-profile.js';

/** Every provider profile that ships with the rules, keyed by id. */
export const providerProfiles: Readonly<Record<string, ProviderProfile>> = Object.fromEntries(
  [
    cognito,
    auth0,
    okta,
    entra,
    firebase,
    clerk,
    keycloak,
    supabase,
    workos,
    stytch,
    ory,
    authjs,
    fusionauth,
    descope,
    supertokens,
    kinde,
  ].map((profile) => [profile.id, profile]),
);

export const providerIds: readonly string[] = Object.keys(providerProfiles);
