import { describe, expect, it } from 'vitest';
import { analyzeProject, testConfig } from '../testing/index.js';
import { noTransitiveProviderSdk as rule } from './index.js';

const sdkHelper = "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';\nexport const client = new CognitoIdentityProviderClient({});";
const found = (files: Record<string, string>, options?: Record<string, unknown>) =>
  analyzeProject(rule, files, options ? { options } : {}).map((finding) => `${finding.file}:${finding.line} ${finding.data['chain']}`);

describe('no-transitive-provider-sdk', () => {
  it.each([
    ['a domain module importing a helper that imports the SDK', { 'src/shared/cognito.ts': sdkHelper, 'src/booking/a.ts': "import { client } from '../shared/cognito.js';" }, ['src/booking/a.ts:1 `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`']],
    [
      'a BFF module importing a barrel that re-exports the helper',
      { 'src/shared/cognito.ts': sdkHelper, 'src/shared/index.ts': "export * from './cognito.js';", 'src/bff/h.ts': "import { client } from '../shared/index.js';" },
      ['src/bff/h.ts:1 `src/shared/index.ts` → `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`'],
    ],
    [
      'a domain module importing another domain module that uses the helper (each importer is reported)',
      { 'src/shared/cognito.ts': sdkHelper, 'src/payment/p.ts': "import { client } from '../shared/cognito.js';\nexport const p = client;", 'src/booking/b.ts': "import { p } from '../payment/p.js';" },
      ['src/booking/b.ts:1 `src/payment/p.ts` → `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`', 'src/payment/p.ts:1 `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`'],
    ],
    ['an SDK subpath import', { 'src/shared/fb.ts': "import { getAuth } from 'firebase-admin/auth';\nexport const auth = getAuth;", 'src/booking/a.ts': "import { auth } from '../shared/fb.js';" }, ['src/booking/a.ts:1 `src/shared/fb.ts` → `firebase-admin/auth`']],
    ['a require of the helper', { 'src/shared/cognito.ts': sdkHelper, 'src/booking/a.ts': "const { client } = require('../shared/cognito');" }, ['src/booking/a.ts:1 `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`']],
    ['an import cycle on the way', { 'src/shared/a.ts': "import './b.js';\nexport const a = 1;", 'src/shared/b.ts': `import './a.js';\n${sdkHelper}`, 'src/booking/x.ts': "import { a } from '../shared/a.js';" }, ['src/booking/x.ts:1 `src/shared/a.ts` → `src/shared/b.ts` → `@aws-sdk/client-cognito-identity-provider`']],
  ])('reports %s', (_name, files, expected) => {
    expect(found(files)).toEqual(expected);
  });

  it.each([
    ['a direct SDK import (the per-file rule reports it)', { 'src/booking/a.ts': sdkHelper }],
    ['an import of the auth layer that wraps the SDK', { 'src/auth/cognito.ts': sdkHelper, 'src/booking/a.ts': "import { client } from '../auth/cognito.js';" }],
    ['a chain through the auth layer', { 'src/auth/cognito.ts': sdkHelper, 'src/shared/users.ts': "export { client } from '../auth/cognito.js';", 'src/booking/a.ts': "import { client } from '../shared/users.js';" }],
    ['a helper without any SDK', { 'src/shared/paging.ts': 'export const size = 10;', 'src/booking/a.ts': "import { size } from '../shared/paging.js';" }],
    ['a type-only import of the helper', { 'src/shared/cognito.ts': sdkHelper, 'src/booking/a.ts': "import type { client } from '../shared/cognito.js';" }],
    ['an unassigned module importing the helper (not domain or BFF code)', { 'src/shared/cognito.ts': sdkHelper, 'src/shared/other.ts': "import { client } from './cognito.js';" }],
    ['an SDK of a provider that is not configured', { 'src/shared/clerk.ts': "import { createClerkClient } from '@clerk/backend';\nexport const c = createClerkClient;", 'src/booking/a.ts': "import { c } from '../shared/clerk.js';" }],
  ])('does not report %s', (_name, files) => {
    expect(analyzeProject(rule, files, { config: testConfig({ providers: ['cognito', 'firebase'] }) })).toEqual([]);
  });

  it('follows type-only imports with checkTypeImports', () => {
    const files = { 'src/shared/cognito.ts': sdkHelper, 'src/booking/a.ts': "import type { client } from '../shared/cognito.js';" };
    expect(found(files, { checkTypeImports: true })).toEqual(['src/booking/a.ts:1 `src/shared/cognito.ts` → `@aws-sdk/client-cognito-identity-provider`']);
  });

  it('names the SDK and its provider', () => {
    const [finding] = analyzeProject(rule, { 'src/shared/cognito.ts': sdkHelper, 'src/booking/a.ts': "import { client } from '../shared/cognito.js';" });
    expect(finding).toMatchObject({ messageId: 'transitiveSdk', data: { sdk: '@aws-sdk/client-cognito-identity-provider', provider: 'Cognito' }, line: 1, column: 1 });
  });
});

