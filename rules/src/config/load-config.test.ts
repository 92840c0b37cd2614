import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerIds } from '../providers/index.js';
import { ConfigError } from './config-error.js';
import { CONFIG_FILE_NAME, findConfigFile, loadConfigFile, resolveConfig } from './load-config.js';

const valid = { layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } } };

function problemsOf(input: unknown): string[] {
  try {
    resolveConfig(input, '/project', 'authboundary.config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  return [];
}

describe('configuration validation', () => {
  it.each([
    [
      'a domain glob of the wrong type',
      { layers: { auth: 'src/auth/**', domains: { booking: 42 } } },
      ['layers.domains.booking: expected a glob string or an array of globs, got 42'],
    ],
    [
      'a missing auth layer',
      { layers: { domains: {} } },
      ['layers.auth: expected a glob string or an array of globs, got nothing'],
    ],
    ['an empty glob list', { layers: { auth: [] } }, ['layers.auth: expected at least one glob, got an empty array']],
    [
      'an unknown top-level key with a near valid one',
      { ...valid, provders: ['cognito'] },
      [
        'provders: unknown key; did you mean "providers"? (expected one of: $schema, name, preset, providers, customProviders, layers, platformUserId, ignore, rules, owners)',
      ],
    ],
    [
      'an unknown nested key',
      { layers: { auth: 'src/auth/**', domain: {} } },
      ['layers.domain: unknown key; did you mean "domains"? (expected one of: auth, bff, domains)'],
    ],
    [
      'an unknown provider with a near valid one',
      { ...valid, providers: ['cognito', 'auth-0'] },
      [
        expect.stringMatching(
          /^providers\[1\]: expected one of cognito, auth0, .*, got "auth-0"; did you mean "auth0"\?$/,
        ),
      ],
    ],
    [
      'an unknown rule',
      { ...valid, rules: { 'no-provider-ids-outside-auth': 'error' } },
      [
        expect.stringMatching(
          /^rules\.no-provider-ids-outside-auth: unknown key; did you mean "no-provider-id-outside-auth"\?/,
        ),
      ],
    ],
    [
      'a bad severity',
      { ...valid, rules: { 'no-provider-id-outside-auth': 'fatal' } },
      ['rules.no-provider-id-outside-auth: expected "off", "warn", "error", or [severity, options], got "fatal"'],
    ],
    [
      'a bad rule option',
      { ...valid, rules: { 'no-provider-id-outside-auth': ['error', { checkNames: 'yes' }] } },
      [expect.stringMatching(/^rules\.no-provider-id-outside-auth(\[1\]\.checkNames)?: .*got/)],
    ],
    [
      'a platform user id that is not an identifier',
      { ...valid, platformUserId: 'platform user' },
      ['platformUserId: expected a JavaScript identifier, got "platform user"'],
    ],
    [
      'an invalid custom provider regex',
      { ...valid, customProviders: [{ id: 'acme', name: 'Acme', identifierValues: [{ regex: '(', shape: 'x' }] }] },
      [expect.stringMatching(/^customProviders\[0\]\.identifierValues\[0\]/)],
    ],
    [
      'a custom provider that reuses a built-in id',
      { ...valid, customProviders: [{ id: 'auth0', name: 'Mine' }] },
      [
        'customProviders[0].id: expected an id that is not a built-in provider (auth0 ships with authboundary), got "auth0"',
      ],
    ],
    [
      'an absolute auth glob',
      { layers: { auth: '/srv/app/src/auth/**' } },
      [
        'layers.auth: expected a glob relative to the configuration\'s directory, got the absolute glob "/srv/app/src/auth/**"; write it relative to the directory holding authboundary.config.json',
      ],
    ],
    [
      'a Windows absolute domain glob',
      { layers: { auth: 'src/auth/**', domains: { booking: ['src/booking/**', 'C:\\app\\src\\**'] } } },
      [
        expect.stringMatching(
          /^layers\.domains\.booking\[1\]: expected a glob relative to the configuration's directory, got the absolute glob/,
        ),
      ],
    ],
    [
      'a glob escaping the root',
      { layers: { auth: 'src/auth/**', bff: '../../**' } },
      [
        'layers.bff: expected a glob inside the configuration\'s directory, got "../../**", which is outside the configuration\'s directory; files there are never scanned (move the configuration up to cover them)',
      ],
    ],
    [
      'a glob escaping the root half-way',
      { layers: { auth: ['src/auth/**', 'src/../../shared/**'] } },
      [expect.stringMatching(/^layers\.auth\[1\]: .*outside the configuration's directory/)],
    ],
    [
      'a negated auth glob',
      { layers: { auth: ['src/**', '!src/**'] } },
      [
        'layers.auth[1]: expected a glob that selects files, got the negated glob "!src/**": a layer is the files its globs match, so a negation selects nothing; to leave files out of every layer, list them in "ignore"',
      ],
    ],
    [
      'a negated ignore glob',
      { ...valid, ignore: ['**/*.test.ts', '!src/keep.test.ts'] },
      [
        expect.stringMatching(
          /^ignore\[1\]: expected a glob of files to ignore, got the negated glob "!src\/keep\.test\.ts"/,
        ),
      ],
    ],
    [
      'a configuration that is not an object',
      ['x'],
      ['(root): expected a configuration object, got an array'.replace('(root): ', ': ')],
    ],
  ])('reports %s with the key path, what was expected and what was found', (_name, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  it('reports every problem at once, one per line', () => {
    const problems = problemsOf({ layers: { auth: 7, bff: false }, ignore: 'x' });
    expect(problems).toHaveLength(3);
    try {
      resolveConfig({ layers: { auth: 7, bff: false }, ignore: 'x' }, '/project', 'authboundary.config.json');
    } catch (error) {
      expect((error as Error).message.split('\n')).toEqual([
        'authboundary.config.json: invalid configuration',
        '  layers.auth: expected a glob string or an array of globs, got 7',
        '  layers.bff: expected a glob string or an array of globs, got false',
        '  ignore: expected an array of globs, got "x"',
      ]);
    }
  });

  it('accepts a minimal configuration and fills the defaults', () => {
    const config = resolveConfig(valid, '/project', 'test');
    expect(config.data).toMatchObject({
      preset: 'recommended',
      platformUserId: 'platformUserId',
      ignore: [],
      rules: {},
      customProviders: [],
    });
    expect(config.providers.map((provider) => provider.id)).toEqual(providerIds);
    expect(providerIds).toEqual(
      expect.arrayContaining(['cognito', 'auth0', 'okta', 'entra', 'firebase', 'clerk', 'keycloak', 'supabase']),
    );
  });

  it('hashes equal configurations equally, whatever their key order', () => {
    const a = resolveConfig(
      { providers: ['auth0'], layers: { auth: 'a/**', domains: { x: 'x/**', y: 'y/**' } } },
      '/p',
      't',
    );
    const b = resolveConfig(
      { layers: { domains: { y: 'y/**', x: 'x/**' }, auth: 'a/**' }, providers: ['auth0'] },
      '/p',
      't',
    );
    const c = resolveConfig(
      { providers: ['cognito'], layers: { auth: 'a/**', domains: { x: 'x/**', y: 'y/**' } } },
      '/p',
      't',
    );
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});

describe('layers', () => {
  const config = resolveConfig(
    {
      layers: {
        auth: ['src/auth/**', 'src/**/auth.ts'],
        bff: 'src/bff/**',
        domains: { booking: 'src/booking/**', all: 'src/**' },
      },
      ignore: ['**/*.test.ts'],
    },
    '/p',
    't',
  );

  it.each([
    ['src/auth/verify.ts', 'auth', 'auth'],
    ['src/booking/auth.ts', 'auth', 'auth'],
    ['src/bff/home.ts', 'bff', 'bff'],
    ['src/booking/booking.ts', 'domain', 'booking'],
    ['src/payment/payment.ts', 'domain', 'all'],
    ['scripts/seed.ts', 'unassigned', null],
  ])('classifies %s as %s (module %s): auth, then bff, then the first matching domain', (path, layer, module) => {
    expect(config.classify(path)).toEqual({ path, layer, module });
  });

  it.each([
    ['src/booking/booking.test.ts'],
    ['node_modules/x/index.ts'],
    ['src/.git/x.ts'],
    ['dist/index.js'],
    ['.yarn/releases/yarn-4.5.0.cjs'],
    ['.pnp.cjs'],
    ['apps/web/.svelte-kit/output/server/index.js'],
    ['.vercel/output/functions/api.js'],
  ])('ignores %s', (path) => {
    expect(config.classify(path)).toBeNull();
  });

  it.each([['app/.server/session.ts'], ['src/booking/.internal/x.ts']])(
    'looks at %s (dot-directories other than dependencies and build output)',
    (path) => {
      expect(config.classify(path)).not.toBeNull();
    },
  );
});

describe('configuration files', () => {
  const directory = mkdtempSync(join(tmpdir(), 'authboundary-config-'));

  it('finds the file by walking up from a nested directory', () => {
    mkdirSync(join(directory, 'walk', 'a', 'b'), { recursive: true });
    writeFileSync(join(directory, 'walk', CONFIG_FILE_NAME), JSON.stringify(valid));
    expect(findConfigFile(join(directory, 'walk', 'a', 'b'))).toBe(join(directory, 'walk', CONFIG_FILE_NAME));
  });

  it('reports invalid JSON with its line and column', () => {
    const path = join(directory, 'broken.json');
    writeFileSync(path, '{\n  "layers": {\n    "auth": "src/auth/**",\n  }\n}\n');
    expect(() => loadConfigFile(path)).toThrow(/not valid JSON at line 4, column 3/);
  });

  it('reports a missing file', () => {
    expect(() => loadConfigFile(join(directory, 'missing.json'))).toThrow(
      /missing\.json: invalid configuration\n {2}\(root\): file not found/,
    );
  });

  it('resolves globs against the directory of the file', () => {
    const path = join(directory, 'walk', CONFIG_FILE_NAME);
    expect(loadConfigFile(path).root).toBe(join(directory, 'walk'));
  });
});
