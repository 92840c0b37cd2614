import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { resolveConfig } from './load-config.js';

const layers = { auth: 'src/auth/**' };
const problemsOf = (customProviders: unknown) => {
  try {
    resolveConfig({ layers, customProviders }, '/virtual', 'test config');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.path);
    throw error;
  }
  return [];
};

describe('customProviders', () => {
  it('describes an in-house IdP with the same facts as the built-in profiles', () => {
    const config = resolveConfig(
      {
        layers,
        providers: ['acme-id'],
        customProviders: [
          {
            id: 'acme-id',
            name: 'Acme ID',
            sdkModules: ['@acme/id-sdk'],
            remoteVerificationCalls: [
              { callee: '.sessions.lookup' },
              { callee: 'verifyOnline', argument: { index: 1, is: 'true' } },
            ],
            authzClaims: [{ claim: 'acme:roles' }, { claim: 'profile', userEditable: true }],
            authzWrites: [{ callee: 'new GrantRoleCommand', argument: { mentions: 'acme:' } }],
            identitySources: [
              { callee: 'currentAcmeUser', yields: ['id', 'profile.subject'] },
              { callee: '.session.onChange', yields: ['=>0.userId'] },
            ],
            source: 'https://id.acme.example/docs',
          },
        ],
      },
      '/virtual',
      'test config',
    );
    const [profile] = config.providers;
    expect(profile?.sdkModules).toEqual([
      { module: '@acme/id-sdk', source: 'https://id.acme.example/docs', status: 'confirmed' },
    ]);
    expect(profile?.remoteVerificationCalls.map((call) => call.callee)).toEqual(['.sessions.lookup', 'verifyOnline']);
    expect(profile?.authzClaims).toEqual([
      {
        claim: 'acme:roles',
        match: 'exact',
        userEditable: false,
        source: 'https://id.acme.example/docs',
        status: 'confirmed',
      },
      {
        claim: 'profile',
        match: 'exact',
        userEditable: true,
        source: 'https://id.acme.example/docs',
        status: 'confirmed',
      },
    ]);
    expect(profile?.authzWrites[0]).toMatchObject({ callee: 'new GrantRoleCommand', argument: { mentions: 'acme:' } });
    expect(profile?.identitySources).toEqual([
      {
        callee: 'currentAcmeUser',
        yields: ['id', 'profile.subject'],
        source: 'https://id.acme.example/docs',
        status: 'confirmed',
      },
      {
        callee: '.session.onChange',
        yields: ['=>0.userId'],
        source: 'https://id.acme.example/docs',
        status: 'confirmed',
      },
    ]);
  });

  it.each([
    [
      'a callee that is not a call shape',
      [{ id: 'acme-id', name: 'Acme', remoteVerificationCalls: [{ callee: 'sessions..lookup()' }] }],
      'customProviders[0].remoteVerificationCalls[0].callee',
    ],
    [
      'an identity source path that is not a path',
      [{ id: 'acme-id', name: 'Acme', identitySources: [{ callee: 'me', yields: ['user..id'] }] }],
      'customProviders[0].identitySources[0].yields[0]',
    ],
    [
      'an identity source without paths',
      [{ id: 'acme-id', name: 'Acme', identitySources: [{ callee: 'me', yields: [] }] }],
      'customProviders[0].identitySources[0].yields',
    ],
    [
      'an unknown scope',
      [{ id: 'acme-id', name: 'Acme', authzWrites: [{ callee: '.grant', scope: 'always' }] }],
      'customProviders[0].authzWrites[0].scope',
    ],
    [
      'an unknown key in a claim (strict objects)',
      [{ id: 'acme-id', name: 'Acme', authzClaims: [{ claim: 'roles', editable: true }] }],
      'customProviders[0].authzClaims[0].editable',
    ],
    ['an empty module name', [{ id: 'acme-id', name: 'Acme', sdkModules: [''] }], 'customProviders[0].sdkModules[0]'],
  ])('rejects %s, naming the path', (_name, customProviders, path) => {
    expect(problemsOf(customProviders)).toContain(path);
  });
});
