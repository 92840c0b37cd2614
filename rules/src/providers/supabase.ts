import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const jwtFields = 'https://supabase.com/docs/guides/auth/jwt-fields';

export const supabase: ProviderProfile = {
  id: 'supabase',
  name: 'Supabase Auth',
  nameWords: [['supabase']],
  identifierClaims: [{ claim: 'sub', source: 'https://supabase.com/docs/guides/auth/jwt-fields', status: 'confirmed' }],
  // Supabase user ids are plain UUIDs.
  identifierValues: [],
  sdkModules: [
    ...npmModules('@supabase/supabase-js', '@supabase/auth-js', '@supabase/ssr'),
    // Not in the catalogue; the registry lists it under Supabase's SSR helpers (superseded by @supabase/ssr).
    {
      module: '@supabase/auth-helpers-nextjs',
      source: 'https://www.npmjs.com/package/@supabase/auth-helpers-nextjs',
      status: 'partial',
    },
  ],
  remoteVerificationCalls: [
    {
      callee: '.auth.getUser',
      source:
        'supabase/auth-js src/GoTrueClient.ts L1627 (GET {url}/user; "always sends a request to the Auth server for each JWT")',
      status: 'confirmed',
    },
  ],
  authzClaims: [
    { claim: 'app_metadata', userEditable: false, source: jwtFields, status: 'confirmed' },
    {
      claim: 'user_metadata',
      userEditable: true,
      source:
        'supabase.github.io/server JWTClaims ("User-editable metadata"); supabase/auth-js src/lib/types.ts L408-414',
      status: 'confirmed',
    },
  ],
  authzWrites: [
    {
      callee: '.auth.admin.updateUserById',
      argument: { mentions: 'app_metadata' },
      source: 'supabase/auth-js src/GoTrueAdminApi.ts L253',
      status: 'confirmed',
    },
    {
      callee: '.auth.admin.createUser',
      argument: { mentions: 'app_metadata' },
      source: 'supabase/auth-js src/GoTrueAdminApi.ts',
      status: 'partial',
    },
  ],
  identitySources: [
    {
      callee: '.auth.getUser',
      yields: ['data.user.id'],
      source: 'https://supabase.com/docs/reference/javascript/auth-getuser',
      status: 'confirmed',
    },
    {
      callee: '.auth.getSession',
      yields: ['data.session.user.id'],
      source: 'https://supabase.com/docs/reference/javascript/auth-getsession',
      status: 'confirmed',
    },
    {
      callee: '.auth.getClaims',
      yields: ['data.claims.sub'],
      source: 'https://supabase.com/docs/reference/javascript/auth-getclaims',
      status: 'confirmed',
    },
    {
      callee: '.auth.onAuthStateChange',
      yields: ['=>1.user.id'],
      source: 'https://supabase.com/docs/reference/javascript/auth-onauthstatechange (callback(event, session))',
      status: 'confirmed',
    },
    {
      callee: '.auth.signInWithPassword',
      yields: ['data.user.id'],
      source: 'https://supabase.com/docs/reference/javascript/auth-signinwithpassword',
      status: 'confirmed',
    },
    {
      callee: '.auth.signUp',
      yields: ['data.user.id'],
      source: 'https://supabase.com/docs/reference/javascript/auth-signup',
      status: 'confirmed',
    },
  ],
};
