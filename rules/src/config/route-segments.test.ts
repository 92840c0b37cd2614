import { describe, expect, it } from 'vitest';
import { layerGlobProblems } from './layer-glob-coverage.js';
import { resolveConfig } from './load-config.js';

const configWith = (auth: string | string[], domains: Record<string, string> = {}) =>
  resolveConfig({ layers: { auth, domains } }, '/p', 't');

describe('layer globs accept Next.js route groups and dynamic segments as written on disk', () => {
  it.each([
    ['a route group', 'src/app/(auth)/**', 'src/app/(auth)/sign-in/page.tsx'],
    ['a dynamic segment', 'app/[id]/**', 'app/[id]/page.tsx'],
    ['a dynamic segment with a hyphen', 'app/[post-id]/**', 'app/[post-id]/page.tsx'],
    ['a catch-all segment', 'app/docs/[...slug]/**', 'app/docs/[...slug]/page.tsx'],
    ['an optional catch-all segment', 'app/shop/[[...slug]]/**', 'app/shop/[[...slug]]/page.tsx'],
    [
      'a group and a dynamic segment in one glob',
      'src/app/(dashboard)/[orgId]/**',
      'src/app/(dashboard)/[orgId]/settings/page.tsx',
    ],
  ])('%s: %s matches %s', (_name, glob, path) => {
    expect(configWith(glob).classify(path)?.layer).toBe('auth');
  });

  it.each([
    ['a group with alternatives stays a group', 'src/(auth|session)/**', 'src/session/a.ts', 'auth'],
    ['a character range stays a class', 'src/v[1-3]/**', 'src/v2/a.ts', 'auth'],
    ['a one-letter class inside a name stays a class', 'src/*.[jt]s', 'src/a.js', 'auth'],
    [
      'a route group does not match the directory without parentheses',
      'src/app/(auth)/**',
      'src/app/auth/page.tsx',
      'unassigned',
    ],
    ['a dynamic segment does not match a one-letter directory', 'app/[id]/**', 'app/i/page.tsx', 'unassigned'],
  ])('%s', (_name, glob, path, layer) => {
    expect(configWith(glob).classify(path)?.layer).toBe(layer);
  });

  it('the coverage check sees a route group glob match its files', () => {
    expect(layerGlobProblems(configWith('src/app/(auth)/**'), ['src/app/(auth)/layout.tsx'])).toEqual([]);
  });

  it('a glob that matches nothing because of glob syntax in a name says how to write it', () => {
    const [problem] = layerGlobProblems(configWith('src/app/(auth)-legacy/**'), ['src/app/(auth)-legacy/page.tsx']);
    expect(problem).toMatchObject({ path: 'layers.auth', severity: 'error' });
    expect(problem!.hint).toContain('write "src/app/[(]auth[)]-legacy/**"');
    expect(configWith('src/app/[(]auth[)]-legacy/**').classify('src/app/(auth)-legacy/page.tsx')?.layer).toBe('auth');
  });

  it('a glob that matches nothing with no glob syntax in it gets no hint', () => {
    expect(layerGlobProblems(configWith('src/auht/**'), ['src/auth/a.ts'])[0]!.hint).toBeUndefined();
  });
});
