import type { ProviderProfile } from './provider-profile.js';

export const clerk: ProviderProfile = {
  id: 'clerk',
  name: 'Clerk',
  nameWords: [['clerk']],
  identifierClaims: [
    { claim: 'sub', source: 'clerk/javascript packages/backend/src/tokens/verify.ts L95-108; packages/shared/src/types/jwtv2.ts', status: 'confirmed' },
  ],
  identifierValues: [
    {
      // Clerk ids are `user_` + 27 base62 characters; the length keeps `user_id` and `user_name` out.
      kind: 'regex',
      pattern: '^user_[A-Za-z0-9]{20,}$',
      shape: 'a user id (user_…)',
      source: 'clerk/javascript packages/backend/src/tokens/verify.ts L106',
      status: 'confirmed',
    },
  ],
  sdkModules: [
    { module: '@clerk/backend', source: 'https://www.npmjs.com/package/@clerk/backend', status: 'confirmed' },
    { module: '@clerk/nextjs', source: 'https://www.npmjs.com/package/@clerk/nextjs', status: 'confirmed' },
    { module: '@clerk/express', source: 'https://www.npmjs.com/package/@clerk/express', status: 'confirmed' },
    { module: '@clerk/fastify', source: 'https://www.npmjs.com/package/@clerk/fastify', status: 'confirmed' },
    { module: '@clerk/astro', source: 'https://www.npmjs.com/package/@clerk/astro', status: 'confirmed' },
    { module: '@clerk/react', source: 'https://www.npmjs.com/package/@clerk/react', status: 'confirmed' },
    { module: '@clerk/clerk-js', source: 'https://www.npmjs.com/package/@clerk/clerk-js', status: 'confirmed' },
    { module: '@clerk/shared', source: 'https://www.npmjs.com/package/@clerk/shared', status: 'confirmed' },
  ],
};
