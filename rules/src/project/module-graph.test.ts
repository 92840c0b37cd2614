import { describe, expect, it } from 'vitest';
import type { FileFacts } from '../detector.js';
import type { ModuleFacts } from '../syntax/module-facts.js';
import { ModuleGraph, relativeImportCandidates, type ModuleResolver } from './module-graph.js';

const noImports: ModuleFacts = { imports: [], reexports: [] };
const filesAt = (...paths: string[]): FileFacts<ModuleFacts>[] =>
  paths.map((path) => ({ file: { path, layer: 'domain', module: 'booking' }, facts: noImports }));
const aliases: ModuleResolver = (_from, specifier) =>
  specifier.startsWith('@/') ? `src/${specifier.slice(2)}.ts` : null;

describe('ModuleGraph.resolve', () => {
  it.each([
    ['a specifier the host resolves (path alias)', '@/lib/auth', aliases, 'src/lib/auth.ts'],
    ['a relative specifier the host does not know: relative fallback', './auth', aliases, 'src/lib/auth.ts'],
    ['an alias without a host resolver (ESLint, tests)', '@/lib/auth', undefined, null],
    ['a host answer that is not a file of the graph', '@/lib/missing', aliases, null],
  ])('%s', (_name, specifier, resolver, expected) => {
    const graph = new ModuleGraph(filesAt('src/lib/auth.ts', 'src/lib/user.ts'), resolver);
    expect(graph.resolve('src/lib/user.ts', specifier)).toBe(expected);
  });

  it('asks the host once per file and specifier', () => {
    const asked: string[] = [];
    const graph = new ModuleGraph(filesAt('src/lib/auth.ts', 'src/lib/user.ts'), (from, specifier) => {
      asked.push(`${from} ${specifier}`);
      return aliases(from, specifier);
    });
    graph.resolve('src/lib/user.ts', '@/lib/auth');
    graph.resolve('src/lib/user.ts', '@/lib/auth');
    expect(asked).toEqual(['src/lib/user.ts @/lib/auth']);
  });
});

describe('relativeImportCandidates', () => {
  it('lists the paths resolveRelativeImport tries, in order, and none for packages or paths above the root', () => {
    expect(relativeImportCandidates('src/bff/home.ts', '../billing/client.js').slice(0, 3)).toEqual([
      'src/billing/client.js',
      'src/billing/client.ts',
      'src/billing/client.tsx',
    ]);
    expect(relativeImportCandidates('src/bff/home.ts', './lib')).toContain('src/bff/lib/index.ts');
    expect(relativeImportCandidates('src/bff/home.ts', 'stripe')).toEqual([]);
    expect(relativeImportCandidates('home.ts', '../outside')).toEqual([]);
  });
});
