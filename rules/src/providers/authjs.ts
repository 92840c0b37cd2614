import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

export const authjs: ProviderProfile = {
  id: 'authjs',
  name: 'Auth.js',
  nameWords: [['authjs'], ['next', 'auth'], ['nextauth']],
  identifierClaims: [
    {
      claim: 'providerAccountId',
      source: 'nextauthjs/next-auth packages/core/src/types.ts L117-126 (the upstream IdP user id)',
      status: 'confirmed',
    },
  ],
  identifierValues: [],
  sdkModules: npmModules(
    'next-auth',
    '@auth/core',
    '@auth/express',
    '@auth/sveltekit',
    '@auth/prisma-adapter',
    '@auth/drizzle-adapter',
  ),
  // Auth.js verifies its own session JWT locally; a database session is a query to your own database, not the IdP.
  remoteVerificationCalls: [],
  // Roles on the Auth.js token are whatever the app's callbacks put there: nothing provider-defined to match.
  authzClaims: [],
  authzWrites: [],
  // `session.user.id` is the provider's account id with the JWT strategy and no adapter (the default `sub`),
  // the adapter's own user id with a database adapter (`unless`), and only there when a callback sets it.
  identitySources: [
    {
      callee: 'NextAuth',
      unless: 'database-adapter',
      yields: ['auth().user.id'],
      source: 'https://authjs.dev/reference/nextjs#auth (const { auth } = NextAuth(config); session.user)',
      status: 'partial',
    },
    {
      callee: 'getServerSession',
      unless: 'database-adapter',
      yields: ['user.id'],
      source: 'https://next-auth.js.org/configuration/nextjs#getserversession',
      status: 'partial',
    },
    {
      callee: 'getSession',
      unless: 'database-adapter',
      yields: ['user.id'],
      source: 'https://next-auth.js.org/getting-started/client#getsession',
      status: 'partial',
    },
    {
      callee: 'useSession',
      unless: 'database-adapter',
      yields: ['data.user.id'],
      source: 'https://next-auth.js.org/getting-started/client#usesession',
      status: 'partial',
    },
    {
      callee: 'getToken',
      unless: 'database-adapter',
      yields: ['sub'],
      source: 'https://next-auth.js.org/tutorials/securing-pages-and-api-routes#using-gettoken (JWT sub)',
      status: 'confirmed',
    },
  ],
};
