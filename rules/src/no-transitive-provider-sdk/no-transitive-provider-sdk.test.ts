import { describe, expect, it } from 'vitest';
import { analyzeProject, span, testConfig } from '../testing/index.js';
import { noTransitiveProviderSdk as rule } from './index.js';

const sdkHelper =
  "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';\nexport const client = new CognitoIdentityProviderClient({});";
const perFileOff = testConfig({ rules: { 'no-provider-sdk-outside-auth': 'off' } });
const supabase = testConfig({ providers: ['supabase'] });
const supabaseHelper =
  "import { createClient } from '@supabase/supabase-js';\nexport const supabase = createClient(url, key);";
const at = (files: Record<string, string>, config = perFileOff, options?: Record<string, unknown>) =>
  analyzeProject(rule, files, { config, ...(options ? { options } : {}) }).map(
    (finding) => `${finding.file}@${span(finding)} ${finding.data['chain']}`,
  );

describe('no-transitive-provider-sdk', () => {
  describe('a chain whose end the per-file rule already reports is one leak (issue 17)', () => {
    it.each([
      [
        'a domain module importing a helper that imports the SDK',
        { 'src/shared/cognito.ts': sdkHelper, 'src/booking/a.ts': "import { client } from '../shared/cognito.js';" },
      ],
      [
        'a BFF module importing a barrel that re-exports the helper',
        {
          'src/shared/cognito.ts': sdkHelper,
          'src/shared/index.ts': "export * from './cognito.js';",
          'src/bff/h.ts': "import { client } from '../shared/index.js';",
        },
      ],
      [
        'a domain module importing another domain module that imports the SDK',
        { 'src/payment/p.ts': sdkHelper, 'src/booking/b.ts': "import { client } from '../payment/p.js';" },
      ],
      [
        'a Supabase helper that uses the `auth` API itself',
        {
          'src/shared/supabase.ts': `${supabaseHelper}\nexport const currentUser = () => supabase.auth.getUser();`,
          'src/bff/h.ts':
            "import { currentUser } from '../shared/supabase.js';\nconst { data } = await currentUser();\nconst { data: user } = await supabase.auth.getUser();",
        },
        supabase,
      ],
    ])('does not report %s', (_name, files, config = testConfig()) => {
      expect(at(files, config)).toEqual([]);
    });

    it.each([
      [
        'a domain module importing a helper that imports the SDK',
        {
          'src/shared/cognito.ts': sdkHelper,
          'src/booking/a.ts': "const x = 1;\nimport { client } from '../shared/cognito.js';",
        },
        ['src/booking/a.ts@2:1-2:47 `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`'],
      ],
      [
        'a BFF module importing a barrel that re-exports the helper',
        {
          'src/shared/cognito.ts': sdkHelper,
          'src/shared/index.ts': "export * from './cognito.js';",
          'src/bff/h.ts': "import { client } from '../shared/index.js';",
        },
        [
          'src/bff/h.ts@1:1-1:45 `src/shared/index.ts` → `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`',
        ],
      ],
      [
        'a domain module importing another domain module that uses the helper (each importer is reported)',
        {
          'src/shared/cognito.ts': sdkHelper,
          'src/payment/p.ts': "import { client } from '../shared/cognito.js';\nexport const p = client;",
          'src/booking/b.ts': "import { p } from '../payment/p.js';",
        },
        [
          'src/booking/b.ts@1:1-1:37 `src/payment/p.ts` → `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`',
          'src/payment/p.ts@1:1-1:47 `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`',
        ],
      ],
      [
        'an SDK subpath import',
        {
          'src/shared/fb.ts': "import { getAuth } from 'firebase-admin/auth';\nexport const auth = getAuth;",
          'src/booking/a.ts': "import { auth } from '../shared/fb.js';",
        },
        ['src/booking/a.ts@1:1-1:40 `src/shared/fb.ts` → `firebase-admin/auth`'],
      ],
      [
        'a require of the helper',
        {
          'src/shared/cognito.ts': sdkHelper,
          'src/booking/a.ts': "export const load = () => {\n  const { client } = require('../shared/cognito');\n};",
        },
        ['src/booking/a.ts@2:22-2:50 `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`'],
      ],
      [
        'an import cycle on the way',
        {
          'src/shared/a.ts': "import './b.js';\nexport const a = 1;",
          'src/shared/b.ts': `import './a.js';\n${sdkHelper}`,
          'src/booking/x.ts': "import { a } from '../shared/a.js';",
        },
        [
          'src/booking/x.ts@1:1-1:36 `src/shared/a.ts` → `src/shared/b.ts` → `@aws-sdk/client-cognito-identity-provider`',
        ],
      ],
    ])('reports, when the per-file rule is off, %s', (_name, files, expected) => {
      expect(at(files)).toEqual(expected);
    });
  });

  describe('a database client reached through a helper (Supabase)', () => {
    it.each([
      [
        'a BFF handler that calls the `auth` API of a client a helper creates',
        {
          'src/shared/supabase.ts': supabaseHelper,
          'src/bff/account.ts':
            "import { supabase } from '../shared/supabase.js';\nconst { data } = await supabase.auth.getUser();",
        },
        ['src/bff/account.ts@1:1-1:50 `src/shared/supabase.ts` → `@supabase/supabase-js`'],
      ],
      [
        'a domain module using a helper that reaches the `auth` API',
        {
          'src/shared/supabase.ts': supabaseHelper,
          'src/shared/users.ts':
            "import { supabase } from './supabase.js';\nexport const emailOf = (id: string) => supabase.auth.admin.getUserById(id);",
          'src/booking/b.ts': "import { emailOf } from '../shared/users.js';",
        },
        ['src/booking/b.ts@1:1-1:46 `src/shared/users.ts` → `src/shared/supabase.ts` → `@supabase/supabase-js`'],
      ],
      [
        'a domain module that reaches the `auth` API, not its importer (one leak)',
        {
          'src/shared/supabase.ts': supabaseHelper,
          'src/payment/users.ts':
            "import { supabase } from '../shared/supabase.js';\nexport const me = () => supabase.auth.getUser();",
          'src/booking/b.ts': "import { me } from '../payment/users.js';",
        },
        ['src/payment/users.ts@1:1-1:50 `src/shared/supabase.ts` → `@supabase/supabase-js`'],
      ],
    ])('reports %s (no per-file finding says it)', (_name, files, expected) => {
      expect(at(files, supabase)).toEqual(expected);
    });

    it('reports only the import of the client a handler calls the `auth` API on, not its other imports that reach the client', () => {
      const files = {
        'src/shared/supabase.ts': supabaseHelper,
        'src/shared/stories.ts':
          "import { supabase } from './supabase.js';\nexport const stories = () => supabase.from('stories').select('*');",
        'src/bff/h.ts':
          "import { stories } from '../shared/stories.js';\nimport { supabase } from '../shared/supabase.js';\nawait supabase.auth.getUser();",
      };
      expect(at(files, supabase)).toEqual(['src/bff/h.ts@2:1-2:50 `src/shared/supabase.ts` → `@supabase/supabase-js`']);
    });

    it.each([
      [
        'a BFF handler that only queries tables',
        {
          'src/shared/supabase.ts': supabaseHelper,
          'src/bff/list.ts':
            "import { supabase } from '../shared/supabase.js';\nconst { data } = await supabase.from('bookings').select('*');",
        },
      ],
      [
        'a type-only import of the client type',
        {
          'src/shared/supabase.ts': supabaseHelper,
          'src/booking/repo.ts': "import type { supabase } from '../shared/supabase.js';\nexport const auth = 1;",
        },
      ],
    ])('does not report %s', (_name, files) => {
      expect(at(files, supabase)).toEqual([]);
    });
  });

  it.each([
    ['a direct SDK import (the per-file rule reports it)', { 'src/booking/a.ts': sdkHelper }],
    [
      'an import of the auth layer that wraps the SDK',
      { 'src/auth/cognito.ts': sdkHelper, 'src/booking/a.ts': "import { client } from '../auth/cognito.js';" },
    ],
    [
      'a chain through the auth layer',
      {
        'src/auth/cognito.ts': sdkHelper,
        'src/shared/users.ts': "export { client } from '../auth/cognito.js';",
        'src/booking/a.ts': "import { client } from '../shared/users.js';",
      },
    ],
    [
      'a helper without any SDK',
      {
        'src/shared/paging.ts': 'export const size = 10;',
        'src/booking/a.ts': "import { size } from '../shared/paging.js';",
      },
    ],
    [
      'a type-only import of the helper',
      { 'src/shared/cognito.ts': sdkHelper, 'src/booking/a.ts': "import type { client } from '../shared/cognito.js';" },
    ],
    [
      'an unassigned module importing the helper (not domain or BFF code)',
      { 'src/shared/cognito.ts': sdkHelper, 'src/shared/other.ts': "import { client } from './cognito.js';" },
    ],
    [
      'an SDK of a provider that is not configured',
      {
        'src/shared/clerk.ts':
          "import { createClerkClient } from '@clerk/backend';\nexport const c = createClerkClient;",
        'src/booking/a.ts': "import { c } from '../shared/clerk.js';",
      },
    ],
  ])('does not report %s', (_name, files) => {
    expect(
      analyzeProject(rule, files, {
        config: testConfig({ providers: ['cognito', 'firebase'], rules: { 'no-provider-sdk-outside-auth': 'off' } }),
      }),
    ).toEqual([]);
  });

  it('does not report a module the per-file rule allows (`allowedModules`)', () => {
    const config = testConfig({
      providers: ['clerk'],
      rules: { 'no-provider-sdk-outside-auth': ['error', { allowedModules: ['@clerk/nextjs'] }] },
    });
    expect(
      at(
        {
          'src/shared/sign-in.tsx': "import { SignIn } from '@clerk/nextjs';\nexport const Page = SignIn;",
          'src/bff/page.ts': "import { Page } from '../shared/sign-in.js';",
        },
        config,
      ),
    ).toEqual([]);
  });

  it('follows type-only imports with checkTypeImports', () => {
    const files = {
      'src/shared/cognito.ts': sdkHelper,
      'src/booking/a.ts': "import type { client } from '../shared/cognito.js';",
    };
    expect(at(files, perFileOff, { checkTypeImports: true })).toEqual([
      'src/booking/a.ts@1:1-1:52 `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`',
    ]);
  });

  it('names the SDK and its provider', () => {
    const [finding] = analyzeProject(
      rule,
      { 'src/shared/cognito.ts': sdkHelper, 'src/booking/a.ts': "import { client } from '../shared/cognito.js';" },
      { config: perFileOff },
    );
    expect(span(finding)).toBe('1:1-1:47');
    expect(finding).toMatchObject({
      messageId: 'transitiveSdk',
      data: { sdk: '@aws-sdk/client-cognito-identity-provider', provider: 'Cognito' },
    });
  });
});
