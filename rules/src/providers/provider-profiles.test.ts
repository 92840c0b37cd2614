import { describe, expect, it } from 'vitest';
import { providerProfiles } from './index.js';
import { oidcLibraries } from './oidc.js';

/** The sixteen providers of the IdP catalogue (shared/reference/idp-catalogue.json). */
const catalogueIds = [
  'cognito',
  'auth0',
  'okta',
  'entra',
  'firebase',
  'clerk',
  'keycloak',
  'supabase',
  'workos',
  'stytch',
  'ory',
  'authjs',
  'fusionauth',
  'descope',
  'supertokens',
  'kinde',
];
const profiles = [...Object.values(providerProfiles), oidcLibraries];

describe('provider profiles', () => {
  it('cover every provider of the catalogue', () => {
    expect(Object.keys(providerProfiles).sort()).toEqual([...catalogueIds].sort());
  });

  it.each(profiles.map((profile) => [profile.id, profile] as const))(
    '%s: every fact has a source and a shipped status (never unconfirmed)',
    (_id, profile) => {
      const facts = [
        ...profile.identifierClaims,
        ...profile.identifierValues,
        ...profile.sdkModules,
        ...profile.remoteVerificationCalls,
        ...profile.authzClaims,
        ...profile.authzWrites,
        ...profile.identitySources,
      ];
      for (const fact of facts) {
        expect(fact.source.trim(), JSON.stringify(fact)).not.toBe('');
        expect(['confirmed', 'partial']).toContain(fact.status);
      }
    },
  );

  it.each(profiles.map((profile) => [profile.id, profile] as const))(
    '%s: calls are written in the callee forms the matcher understands',
    (_id, profile) => {
      const form = /^(new [A-Za-z_$][\w$]*|(\.[A-Za-z_$][\w$]*)+|[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*)$/;
      for (const call of [...profile.remoteVerificationCalls, ...profile.authzWrites, ...profile.identitySources])
        expect(call.callee).toMatch(form);
    },
  );

  it.each(profiles.map((profile) => [profile.id, profile] as const))(
    '%s: identifier value patterns match a whole literal (anchored with ^ and $)',
    (_id, profile) => {
      // The text pre-scan looks for a value right after a literal's opening quote (identifier-matchers.ts).
      for (const value of profile.identifierValues)
        if (value.kind === 'regex') expect(value.pattern).toMatch(/^\^.*\$$/);
    },
  );

  it.each(Object.values(providerProfiles).map((profile) => [profile.id, profile] as const))(
    '%s: names identity sources, each with paths to the user id',
    (_id, profile) => {
      expect(profile.identitySources.length).toBeGreaterThan(0);
      for (const source of profile.identitySources) {
        expect(source.yields.length, source.callee).toBeGreaterThan(0);
        for (const path of source.yields)
          expect(path).toMatch(/^(|(=>\d+|[A-Za-z_$][\w$]*(\(\))?|\d+)(\.(=>\d+|[A-Za-z_$][\w$]*(\(\))?|\d+))*)$/);
      }
    },
  );

  it('lists SDK modules as npm package names, each once', () => {
    const modules = profiles.flatMap((profile) => profile.sdkModules.map(({ module }) => module));
    for (const module of modules) expect(module).toMatch(/^(@[a-z0-9-]+\/)?[a-z0-9.-]+(\/[a-z0-9.-]+)*$/);
    expect(new Set(modules).size).toBe(modules.length);
  });
});
