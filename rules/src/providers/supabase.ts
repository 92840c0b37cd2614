import type { ProviderProfile } from './provider-profile.js';

export const supabase: ProviderProfile = {
  id: 'supabase',
  name: 'Supabase Auth',
  nameWords: [['supabase']],
  identifierClaims: [{ claim: 'sub', source: 'https://supabase.com/docs/guides/auth/jwt-fields', status: 'confirmed' }],
  // Supabase user ids are plain UUIDs.
  identifierValues: [],
};
