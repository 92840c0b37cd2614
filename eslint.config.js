// The repository lints itself: typescript-eslint's strict and stylistic type-checked presets over
// every TypeScript source, test and benchmark, with type information from the project service.
import authboundary from '@authboundary/eslint-plugin';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/dist/**',
    '**/coverage/**',
    '.cache/**',
    '.authboundary-demo/**',
    '.authboundary-pack/**',
    'fixtures/**',
  ]),
  {
    name: 'authboundary/typescript',
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers (counts, line numbers, milliseconds) print as expected in messages and reports.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Data-keyed records (environment, headers, claims, settings) are read with brackets, as
      // TypeScript's noPropertyAccessFromIndexSignature would have it; declared properties still use dots.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      // `(x) => done(x)` callbacks that return nothing are the house style for handlers and exporters.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // With noUncheckedIndexedAccess every index, regex group and `pop()` is `T | undefined`; a `!` states the
      // invariant where it holds (index < length, a group that is not optional). no-unnecessary-type-assertion
      // still rejects every `!` that is not needed.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `const { key: _key, ...rest } = value` omits a key; `_`-prefixed parameters keep a callback's shape.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'authboundary/tests-and-benchmarks',
    files: ['**/*.test.ts', 'test/**', 'packages/*/test/**', 'bench/**'],
    rules: {
      // Stubs implement async interfaces (`check: async () => false`) and no-op callbacks on purpose.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // Tests read the JSON the CLI printed (`JSON.parse` is `any`) and use Vitest's asymmetric matchers
      // (`expect.any(String)` is `any`): the assertions on them are the type check.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Async request handlers of test servers: a rejection is an unhandled rejection, which fails the run.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    name: 'authboundary/javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    name: 'authboundary/commonjs',
    files: ['**/*.cjs'],
    // A CommonJS module loads with `require` (the scanner's compiler.cjs does so on purpose).
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // This project's own rules, on its own production sources. The repository has one auth layer in
    // the rules' sense: the telemetry package (it wraps the verifiers and records every decision),
    // plus the provider profiles, the one place that names each provider's identifier claims. The
    // rest is tooling that must neither import a provider SDK nor carry provider user ids. There is
    // no BFF and there are no business domains, so the layer rules have little to see; the checks
    // that bite are the identifier and SDK rules.
    name: 'authboundary/own-rules',
    ...authboundary.configs.strict,
    files: ['rules/src/**/*.ts', 'packages/*/src/**/*.ts'],
    // Test inputs are violating code in strings on purpose, like the fixtures.
    ignores: ['**/*.test.ts', 'rules/src/testing/**'],
    settings: {
      authboundary: {
        root: import.meta.dirname,
        layers: { auth: ['packages/telemetry/src/**', 'rules/src/providers/**'] },
      },
    },
  },
  {
    name: 'authboundary/own-rules/telemetry',
    files: ['packages/telemetry/src/**/*.ts'],
    rules: {
      // The rule's own "when not to use it": the wrappers are the instrumentation and must call the
      // raw verifier.
      'authboundary/require-instrumented-auth-decision': 'off',
    },
  },
);
