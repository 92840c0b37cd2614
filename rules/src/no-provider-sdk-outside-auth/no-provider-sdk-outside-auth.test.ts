import { describe, expect, it } from 'vitest';
import { detect, span, testConfig } from '../testing/index.js';
import { gateWordsOf, noProviderSdkOutsideAuth as rule } from './index.js';

const findings = (code: string, options?: Parameters<typeof detect>[2]) =>
  detect(rule, code, options).map(
    (finding) => `${finding.messageId}:${finding.data['module']}:${finding.data['provider']}@${span(finding)}`,
  );

describe('no-provider-sdk-outside-auth', () => {
  it.each([
    [
      'an import',
      "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';",
      'sdkImport:@aws-sdk/client-cognito-identity-provider:Cognito@1:1-1:91',
    ],
    ['a default import', "import * as stytch from 'stytch';", 'sdkImport:stytch:Stytch@1:1-1:34'],
    [
      'a subpath of an SDK',
      "import { currentUser } from '@clerk/nextjs/server';",
      'sdkImport:@clerk/nextjs/server:Clerk@1:1-1:52',
    ],
    ['a side-effect import', "import 'firebase/auth';", 'sdkImport:firebase/auth:Firebase Auth@1:1-1:24'],
    [
      'a type-only import',
      "import type { User } from '@supabase/supabase-js';",
      'sdkImport:@supabase/supabase-js:Supabase Auth@1:1-1:51',
    ],
    [
      'an import whose bindings are all types',
      "import { type Session } from '@ory/client';",
      'sdkImport:@ory/client:Ory@1:1-1:44',
    ],
    [
      'a re-export',
      "export { auth } from 'express-oauth2-jwt-bearer';",
      'sdkImport:express-oauth2-jwt-bearer:Auth0@1:1-1:50',
    ],
    ['a star re-export', "export * from '@workos-inc/node';", 'sdkImport:@workos-inc/node:WorkOS@1:1-1:34'],
    ['a require()', "const { ManagementClient } = require('auth0');", 'sdkImport:auth0:Auth0@1:30-1:46'],
    [
      'an import = require()',
      "import okta = require('@okta/okta-sdk-nodejs');",
      'sdkImport:@okta/okta-sdk-nodejs:Okta@1:1-1:48',
    ],
    [
      'a require() with a space before its parenthesis, inside a function',
      "export function admin() {\n  return require ('auth0');\n}",
      'sdkImport:auth0:Auth0@2:10-2:27',
    ],
    [
      'an import = require() with a comment before its parenthesis',
      "import okta = require /* sdk */ ('@okta/okta-sdk-nodejs');",
      'sdkImport:@okta/okta-sdk-nodejs:Okta@1:1-1:59',
    ],
    [
      'a dynamic import()',
      "const admin = await import('firebase-admin/auth');",
      'sdkImport:firebase-admin/auth:Firebase Auth@1:21-1:50',
    ],
    [
      'an import type node',
      "type Client = typeof import('@fusionauth/typescript-client');",
      'sdkImport:@fusionauth/typescript-client:FusionAuth@1:15-1:61',
    ],
    [
      'an SDK of the newer providers',
      "import { DescopeClient } from '@descope/node-sdk';",
      'sdkImport:@descope/node-sdk:Descope@1:1-1:51',
    ],
  ])('reports %s outside the auth layer', (_name, code, expected) => {
    expect(findings(code)).toEqual([expected]);
  });

  it.each([
    [
      'a module whose name contains a provider name',
      "import { auth0Colors } from './theme/auth0-colors'; import { x } from 'auth0-lock-theme';",
    ],
    [
      'a package that starts like an SDK but is another package',
      "import { x } from '@clerk/nextjs-extra'; import { y } from 'stytch-ui-kit';",
    ],
    [
      'Firestore from the firebase package (only its auth entry point is the IdP SDK)',
      "import { getFirestore } from 'firebase/firestore';",
    ],
    ['generic JWT libraries', "import { jwtVerify } from 'jose'; import jwt from 'jsonwebtoken';"],
    ["the auth layer's own module", "import { AuthenticatedUser } from '../auth/authenticated-request.js';"],
    ['a string that is not a module specifier', "const name = '@aws-sdk/client-cognito-identity-provider';"],
  ])('does not report %s', (_name, code) => {
    expect(findings(code)).toEqual([]);
  });

  describe('clients that are also database clients (found on real code)', () => {
    it('does not report the Supabase client imported only to query tables', () => {
      expect(
        findings(
          "import { createClient } from '@supabase/supabase-js';\nconst db = createClient(url, key);\nexport const rallies = () => db.from('rallies').select('*');",
        ),
      ).toEqual([]);
    });

    it.each([
      [
        'its auth API',
        "import { createServerClient } from '@supabase/ssr';\nconst supabase = createServerClient(url, key, options);\nconst { data } = await supabase.auth.getUser();",
        'sdkImport:@supabase/ssr:Supabase Auth@1:1-1:52',
      ],
      [
        'its identity types',
        "import { createClient, type User } from '@supabase/supabase-js';\nexport const label = (user: User) => user.email;",
        'sdkImport:@supabase/supabase-js:Supabase Auth@1:1-1:65',
      ],
    ])('reports it in a file that uses %s', (_name, code, expected) => {
      expect(findings(code)).toEqual([expected]);
    });

    it.each([
      [
        'a type-only import of the client type in a storage module',
        "import type { SupabaseClient } from '@supabase/supabase-js';\nexport const upload = (client: SupabaseClient, file: Blob) => client.storage.from('receipts').upload('r.pdf', file);",
      ],
      [
        "a type-only import of the client type beside another library's `req.auth`",
        "import type { SupabaseClient } from '@supabase/supabase-js';\nexport const handler = (req: AuthedRequest, db: SupabaseClient) => db.from('trips').select('*').eq('owner', req.auth.userId);",
      ],
      [
        'the client beside a tRPC `ctx.auth`',
        "import { createClient } from '@supabase/supabase-js';\nconst db = createClient(url, key);\nexport const list = ({ ctx }: Context) => db.from('trips').select('*').eq('owner', ctx.auth.userId);",
      ],
    ])('does not report %s (issue 17)', (_name, code) => {
      expect(detect(rule, code)).toEqual([]);
    });

    it('reports a type-only import of the client type in a file that calls its auth API', () => {
      const [finding, ...rest] = detect(
        rule,
        "import type { SupabaseClient } from '@supabase/supabase-js';\nexport const me = (client: SupabaseClient) => client.auth.getUser();",
      );
      expect(rest).toEqual([]);
      expect(finding?.messageId).toBe('sdkImport');
      expect(span(finding)).toBe('1:1-1:61');
    });

    it('reports every SDK when dataClientModules is empty', () => {
      expect(
        findings("import { createClient } from '@supabase/supabase-js';", { options: { dataClientModules: [] } }),
      ).toEqual(['sdkImport:@supabase/supabase-js:Supabase Auth@1:1-1:54']);
    });
  });

  it('does not report SDK imports inside the auth layer', () => {
    expect(findings("import { CognitoJwtVerifier } from 'aws-jwt-verify';", { path: 'src/auth/verifier.ts' })).toEqual(
      [],
    );
  });

  it('considers only the configured providers', () => {
    const config = testConfig({ providers: ['cognito'] });
    expect(findings("import { clerkClient } from '@clerk/backend';", { config })).toEqual([]);
    expect(findings("import { CognitoJwtVerifier } from 'aws-jwt-verify';", { config })).toEqual([
      'sdkImport:aws-jwt-verify:Cognito@1:1-1:53',
    ]);
  });

  it('skips type-only imports when checkTypeImports is off', () => {
    const options = { checkTypeImports: false };
    expect(
      findings(
        "import type { User } from '@clerk/backend'; export type { Session } from '@ory/client'; type C = typeof import('auth0');",
        { options },
      ),
    ).toEqual([]);
    expect(findings("import { type User, clerkClient } from '@clerk/backend';", { options })).toEqual([
      'sdkImport:@clerk/backend:Clerk@1:1-1:57',
    ]);
  });

  it('lets allowedModules (and their subpaths) through', () => {
    expect(
      findings("import { SignIn } from '@clerk/nextjs'; import { auth } from '@clerk/nextjs/server';", {
        options: { allowedModules: ['@clerk/nextjs'] },
      }),
    ).toEqual([]);
  });

  it('knows SDK modules of custom providers', () => {
    const config = testConfig({
      providers: ['acme-id'],
      customProviders: [{ id: 'acme-id', name: 'Acme ID', sdkModules: ['@acme/id-sdk'] }],
    });
    expect(findings("import { verify } from '@acme/id-sdk/server';", { config })).toEqual([
      'sdkImport:@acme/id-sdk/server:Acme ID@1:1-1:46',
    ]);
  });

  it('reports the whole import statement, with the platform user id in the message', () => {
    const [finding] = detect(rule, "import {\n  clerkClient,\n} from '@clerk/backend';\n", {
      config: testConfig({ platformUserId: 'accountId' }),
    });
    expect(span(finding)).toBe('1:1-3:25');
    expect(finding?.data).toEqual({ module: '@clerk/backend', provider: 'Clerk', platformUserId: 'accountId' });
  });
});

describe('the gate’s words', () => {
  it.each([
    ['every built-in provider', undefined],
    ['Cognito and Auth0', ['cognito', 'auth0']],
    ['Azure (Entra) alone', ['entra']],
  ])('for %s: each SDK module holds one, fewer words than modules', (_, providers) => {
    const config = testConfig(providers === undefined ? {} : { providers });
    const modules = config.providers.flatMap((provider) => provider.sdkModules.map(({ module }) => module));
    const words = gateWordsOf(config.providers);
    expect(modules.filter((module) => !words.some((word) => module.includes(word)))).toEqual([]);
    expect(words.length).toBeLessThanOrEqual(new Set(modules).size);
  });

  it('keep a scope’s modules apart from its other packages (`@azure/msal-`, not `@azure/`)', () => {
    expect(gateWordsOf(testConfig({ providers: ['entra'] }).providers)).toContain('@azure/msal-');
    expect(gateWordsOf(testConfig({}).providers)).not.toContain('@azure/');
  });

  it('let through a file that imports an SDK module by a subpath of a scope word', () => {
    expect(
      findings("import { MsalProvider } from '@azure/msal-react';\n", { config: testConfig({ providers: ['entra'] }) }),
    ).toHaveLength(1);
  });
});
