import { auth0 } from './auth0.js';
import { clerk } from './clerk.js';
import { cognito } from './cognito.js';
import { entra } from './entra.js';
import { firebase } from './firebase.js';
import { keycloak } from './keycloak.js';
import { okta } from './okta.js';
import type { ProviderProfile } from './provider-profile.js';
import { supabase } from './supabase.js';

export type { FactStatus, IdentifierClaim, IdentifierValue, ProviderProfile, SdkModule, Sourced } from './provider-profile.js';

/** Every provider profile that ships with the rules, keyed by id. */
export const providerProfiles: Readonly<Record<string, ProviderProfile>> = Object.fromEntries(
  [cognito, auth0, okta, entra, firebase, clerk, keycloak, supabase].map((profile) => [profile.id, profile]),
);

export const providerIds: readonly string[] = Object.keys(providerProfiles);
