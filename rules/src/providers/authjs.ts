import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

export const authjs: ProviderProfile = {
  id: 'authjs',
  name: 'Auth.js',
  nameWords: [['authjs'], ['next', 'auth'], ['nextauth']],
  identifierClaims: [
    { claim: 'providerAccountId', source: 'nextauthjs/next-auth packages/core/src/types.ts L117-126 (the upstream IdP user id)', status: 'confirmed' },
  ],
  identifierValues: [],
  sdkModules: npmModules('next-auth', '@auth/core', '@auth/express', '@auth/sveltekit', '@auth/prisma-adapter', '@auth/drizzle-adapter'),
  // Auth.js verifies its own session JWT locally; a database session is a query to your own database, not the IdP.
  remoteVerificationCalls: [],
  // Roles on the Auth.js token are whatever the app's callbacks put there: nothing provider-defined to match.
  authzClaims: [],
  authzWrites: [],
};
