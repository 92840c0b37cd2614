import type { ProviderProfile } from './provider-profile.js';

export const supabase: ProviderProfile = {
  id: 'supabase',
  name: 'Supabase Auth',
  nameWords: [['supabase']],
  identifierClaims: [{ claim: 'sub', source: 'https://supabase.com/docs/guides/auth/jwt-fields', status: 'confirmed' }],
  // Supabase user ids are plain UUIDs.
  identifierValues: [],
  sdkModules: [
    { module: '@supabase/supabase-js', source: 'https://www.npmjs.com/package/@supabase/supabase-js', status: 'confirmed' },
    { module: '@supabase/auth-js', source: 'https://www.npmjs.com/package/@supabase/auth-js', status: 'confirmed' },
    { module: '@supabase/ssr', source: 'https://www.npmjs.com/package/@supabase/ssr', status: 'confirmed' },
    { module: '@supabase/server', source: 'https://www.npmjs.com/package/@supabase/server', status: 'confirmed' },
  ],
};
