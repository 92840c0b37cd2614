import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeShardReports, scan } from '@authboundary/scanner';
import { describe, expect, it, vi } from 'vitest';
import compiler from '../src/compiler.cjs';
import { ProjectModuleResolver } from '../src/project/module-resolution.js';
import { createProject, writeProjectFiles } from './project.js';

const json = (value: object) => JSON.stringify(value, null, 2);
const resolverOf = (root: string, files: readonly string[]) => new ProjectModuleResolver(root, new Set(files));

/** A Next.js App Router app as create-next-app writes it: `@/*` → `./src/*`, bundler resolution. */
const nextApp = {
  'tsconfig.json': json({
    compilerOptions: {
      target: 'ES2017',
      lib: ['dom', 'esnext'],
      module: 'esnext',
      moduleResolution: 'bundler',
      jsx: 'preserve',
      paths: { '@/*': ['./src/*'] },
    },
    include: ['next-env.d.ts', '**/*.ts', '**/*.tsx'],
    exclude: ['node_modules'],
  }),
  'src/lib/auth.ts': 'export const current = 1;\n',
  'src/lib/db/index.ts': 'export const db = 1;\n',
  'src/app/(dashboard)/page.tsx':
    "import { current } from '@/lib/auth';\nimport { db } from '@/lib/db';\nexport default () => current + db;\n",
};

/** A pnpm monorepo: a shared tsconfig package that apps extend, a source-only database package. */
const monorepo = {
  'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n',
  'package.json': json({ name: 'acme', private: true }),
  'packages/tsconfig/package.json': json({ name: '@acme/tsconfig', version: '0.0.0' }),
  // `exports` subpaths resolve only with node16/bundler resolution: set here, in the extended file.
  'packages/tsconfig/base.json': json({
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', strict: true },
  }),
  'packages/db/package.json': json({
    name: '@acme/db',
    exports: { '.': './src/index.ts', './schema': './src/schema/index.ts' },
  }),
  'packages/db/tsconfig.json': json({ extends: '@acme/tsconfig/base.json', include: ['src'] }),
  'packages/db/src/index.ts': "export * from './schema';\n",
  'packages/db/src/schema/index.ts': 'export const users = 1;\n',
  'apps/web/package.json': json({ name: '@acme/web', dependencies: { '@acme/db': 'workspace:*' } }),
  'apps/web/tsconfig.json': json({
    extends: '@acme/tsconfig/base.json',
    compilerOptions: { paths: { '~/*': ['./src/*'] } },
    include: ['src'],
  }),
  'apps/web/src/server/auth.ts': 'export const auth = 1;\n',
  'apps/web/src/server/api/root.ts':
    "import { users } from '@acme/db/schema';\nimport { db } from '@acme/db';\nimport { auth } from '~/server/auth';\nexport const root = [users, db, auth];\n",
  // Another app maps `~/*` elsewhere: each file resolves with the tsconfig that owns it.
  'apps/admin/tsconfig.json': json({
    extends: '@acme/tsconfig/base.json',
    compilerOptions: { paths: { '~/*': ['./app/*'] } },
  }),
  'apps/admin/app/server/auth.ts': 'export const auth = 2;\n',
  'apps/admin/app/routes/index.ts': "import { auth } from '~/server/auth';\nexport const index = auth;\n",
};

/** A Vite app: a solution tsconfig with `files: []` that references the app's own tsconfig. */
const referencedProjects = {
  'tsconfig.json': json({ files: [], references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.node.json' }] }),
  'tsconfig.app.json': json({
    compilerOptions: { composite: true, module: 'esnext', moduleResolution: 'bundler', paths: { '@/*': ['./src/*'] } },
    include: ['src'],
  }),
  'tsconfig.node.json': json({
    compilerOptions: {
      composite: true,
      module: 'esnext',
      moduleResolution: 'bundler',
      paths: { '@/*': ['./config/*'] },
    },
    include: ['vite.config.ts'],
  }),
  'src/lib/session.ts': 'export const session = 1;\n',
  'src/App.tsx': "import { session } from '@/lib/session';\nexport const App = () => session;\n",
  'vite.config.ts': "import { shared } from '@/shared';\nexport default shared;\n",
  'config/shared.ts': 'export const shared = {};\n',
};

describe('module resolution follows the project (ProjectModuleResolver)', () => {
  it.each([
    ['a `@/` path alias of a Next.js app', 'src/app/(dashboard)/page.tsx', '@/lib/auth', 'src/lib/auth.ts'],
    ['a `@/` alias to a directory index file', 'src/app/(dashboard)/page.tsx', '@/lib/db', 'src/lib/db/index.ts'],
  ])('%s', (_name, from, specifier, expected) => {
    const root = createProject(nextApp);
    expect(
      resolverOf(
        root,
        Object.keys(nextApp).filter((path) => path.startsWith('src/')),
      ).resolve(from, specifier),
    ).toBe(expected);
  });

  it.each([
    [
      'a workspace package through package.json `exports` (node_modules not installed)',
      'apps/web/src/server/api/root.ts',
      '@acme/db',
      'packages/db/src/index.ts',
    ],
    [
      'a subpath export of a workspace package (needs `moduleResolution` of the extended package tsconfig)',
      'apps/web/src/server/api/root.ts',
      '@acme/db/schema',
      'packages/db/src/schema/index.ts',
    ],
    [
      'a `~/` alias of the app whose tsconfig owns the file',
      'apps/web/src/server/api/root.ts',
      '~/server/auth',
      'apps/web/src/server/auth.ts',
    ],
    [
      'the same alias mapped elsewhere by another app of the monorepo',
      'apps/admin/app/routes/index.ts',
      '~/server/auth',
      'apps/admin/app/server/auth.ts',
    ],
    ['a relative import to an index file', 'packages/db/src/index.ts', './schema', 'packages/db/src/schema/index.ts'],
  ])('monorepo: %s', (_name, from, specifier, expected) => {
    const root = createProject(monorepo);
    const files = Object.keys(monorepo).filter((path) => path.endsWith('.ts'));
    expect(resolverOf(root, files).resolve(from, specifier)).toBe(expected);
  });

  it.each([
    ['a file of the app project resolves with tsconfig.app.json', 'src/App.tsx', '@/lib/session', 'src/lib/session.ts'],
    ['a file of the node project resolves with tsconfig.node.json', 'vite.config.ts', '@/shared', 'config/shared.ts'],
  ])('project references: %s', (_name, from, specifier, expected) => {
    const root = createProject(referencedProjects);
    const files = Object.keys(referencedProjects).filter((path) => /\.tsx?$/.test(path));
    expect(resolverOf(root, files).resolve(from, specifier)).toBe(expected);
  });

  it('a workspace package whose `types` point at its built declarations resolves to the source they are built from', () => {
    const files = {
      ...monorepo,
      'packages/tsconfig/compiled-package.json': json({
        extends: './base.json',
        compilerOptions: { declaration: true, emitDeclarationOnly: true, outDir: '${configDir}/dist' },
      }),
      'packages/auth/package.json': json({
        name: '@acme/auth',
        exports: { '.': { types: './dist/index.d.ts', default: './src/index.ts' } },
      }),
      'packages/auth/tsconfig.json': json({ extends: '@acme/tsconfig/compiled-package.json', include: ['src'] }),
      'packages/auth/src/index.ts': 'export const session = 1;\n',
      'packages/auth/dist/index.d.ts': 'export declare const session = 1;\n',
      'apps/web/src/server/session.ts': "import { session } from '@acme/auth';\nexport { session };\n",
    };
    const root = createProject(files);
    const scanned = Object.keys(files).filter((path) => path.endsWith('.ts') && !path.includes('/dist/'));
    expect(resolverOf(root, scanned).resolve('apps/web/src/server/session.ts', '@acme/auth')).toBe(
      'packages/auth/src/index.ts',
    );
  });

  it.each([
    ['an ES module takes the `import` condition', 'apps/api/src/server.ts', 'packages/events/src/esm.ts'],
    ['a CommonJS file takes the `require` condition', 'apps/api/src/legacy.cts', 'packages/events/src/cjs.ts'],
  ])('nodenext: %s of a workspace package', (_name, from, expected) => {
    const files = {
      ...monorepo,
      'packages/events/package.json': json({
        name: '@acme/events',
        exports: { '.': { import: './src/esm.ts', require: './src/cjs.ts' } },
      }),
      'packages/events/src/esm.ts': 'export const on = 1;\n',
      'packages/events/src/cjs.ts': 'export const on = 2;\n',
      'apps/api/package.json': json({ name: '@acme/api', type: 'module' }),
      'apps/api/tsconfig.json': json({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }),
      'apps/api/src/server.ts': "import { on } from '@acme/events';\n",
      'apps/api/src/legacy.cts': "import { on } = require('@acme/events');\n",
    };
    const root = createProject(files);
    expect(
      resolverOf(
        root,
        Object.keys(files).filter((path) => /\.c?ts$/.test(path)),
      ).resolve(from, '@acme/events'),
    ).toBe(expected);
  });

  it('an installed package of the same name wins over the workspace link, and resolves to no scanned file', () => {
    const root = createProject({
      ...monorepo,
      'node_modules/@acme/db/package.json': json({ name: '@acme/db', types: './index.d.ts' }),
      'node_modules/@acme/db/index.d.ts': 'export declare const users: number;\n',
    });
    const files = Object.keys(monorepo).filter((path) => path.endsWith('.ts'));
    expect(resolverOf(root, files).resolve('apps/web/src/server/api/root.ts', '@acme/db')).toBeNull();
  });

  it.each([
    ['a package outside the workspace', '@clerk/nextjs'],
    ['an alias target that is not scanned', '@/lib/missing'],
  ])('%s resolves to null', (_name, specifier) => {
    const root = createProject(nextApp);
    expect(
      resolverOf(
        root,
        Object.keys(nextApp).filter((path) => path.startsWith('src/')),
      ).resolve('src/app/(dashboard)/page.tsx', specifier),
    ).toBeNull();
  });

  it('a broken tsconfig is a warning naming the file, and its files still resolve relative imports', () => {
    const root = createProject({
      'tsconfig.json': '{ "compilerOptions": { "paths": ',
      'src/a.ts': "import './b';\n",
      'src/b.ts': '',
    });
    const resolver = resolverOf(root, ['src/a.ts', 'src/b.ts']);
    expect(resolver.resolve('src/a.ts', './b')).toBe('src/b.ts');
    expect(resolver.warnings.join('\n')).toContain('tsconfig.json');
  });
});

/** A Clerk app whose domain code reaches the SDK through a `@/` alias (what the scan must see). */
const aliasedPlatform = {
  'tsconfig.json': json({
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', paths: { '@/*': ['./src/*'] } },
  }),
  'src/shared/clerk.ts':
    "import { clerkClient } from '@clerk/nextjs/server';\nexport const users = () => clerkClient.users;\n",
  'src/booking/list.ts': "import { users } from '@/shared/clerk';\nexport const list = () => users();\n",
};
// The per-file SDK rule is off, so the chain through the alias is what only the project-wide rule can report (issue 17.5).
const aliasedConfig = {
  providers: ['clerk'],
  layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**', shared: 'src/shared/**' } },
  rules: { 'no-provider-sdk-outside-auth': 'off' },
};

describe('the work of resolving a monorepo', () => {
  /** The monorepo with `count` more modules, each in a directory of its own, importing the same modules. */
  const manyImporters = (count: number) => ({
    ...monorepo,
    'apps/web/src/server/store/index.ts': 'export const store = 1;\n',
    ...Object.fromEntries(
      Array.from({ length: count }, (_, index) => [
        `apps/web/src/server/routers/r${index}/index.ts`,
        "import { store } from '../../store';\nimport { users } from '@acme/db/schema';\nexport const r = [store, users];\n",
      ]),
    ),
  });

  /** Resolves every import of the routers, counting the compiler's file-system questions by path. */
  function resolveCounting(files: Readonly<Record<string, string>>): {
    results: (string | null)[];
    asked: Map<string, number>;
  } {
    const root = createProject(files);
    const paths = Object.keys(files).filter((path) => path.endsWith('.ts'));
    const resolver = resolverOf(root, paths);
    const asked = new Map<string, number>();
    const note = (path: string) => asked.set(path, (asked.get(path) ?? 0) + 1);
    const fileExists = vi.spyOn(compiler.sys, 'fileExists');
    const directoryExists = vi.spyOn(compiler.sys, 'directoryExists');
    try {
      const results = paths
        .filter((path) => path.includes('/routers/'))
        .flatMap((path) => [resolver.resolve(path, '../../store'), resolver.resolve(path, '@acme/db/schema')]);
      for (const [path] of [...fileExists.mock.calls, ...directoryExists.mock.calls]) note(path);
      return { results, asked };
    } finally {
      fileExists.mockRestore();
      directoryExists.mockRestore();
    }
  }

  // From each importer's directory the compiler asks about the same candidates (`server/store.ts`, `store.tsx`…)
  // and looks for the same config files up the tree: the scan answers each path from the disk once.
  it('asks the file system no more about shared paths however many directories import them', () => {
    const questionsOutsideImporters = (count: number) => {
      const { results, asked } = resolveCounting(manyImporters(count));
      expect(results).toHaveLength(2 * count);
      expect(new Set(results)).toEqual(
        new Set(['apps/web/src/server/store/index.ts', 'packages/db/src/schema/index.ts']),
      );
      return [...asked].filter(([path]) => !path.includes('/routers/')).reduce((sum, [, times]) => sum + times, 0);
    };
    expect(questionsOutsideImporters(12)).toBe(questionsOutsideImporters(3));
  });

  it("finds a file's tsconfig and module format once for all its imports", () => {
    const root = createProject(monorepo);
    const files = Object.keys(monorepo).filter((path) => path.endsWith('.ts'));
    const resolver = resolverOf(root, files);
    const owners = vi.spyOn(resolver as unknown as { ownerOf: (file: string) => unknown }, 'ownerOf');
    const from = 'apps/web/src/server/api/root.ts';
    expect(
      ['@acme/db/schema', '@acme/db', '~/server/auth'].map((specifier) => resolver.resolve(from, specifier)),
    ).toEqual(['packages/db/src/schema/index.ts', 'packages/db/src/index.ts', 'apps/web/src/server/auth.ts']);
    expect(resolver.resolve('packages/db/src/index.ts', './schema')).toBe('packages/db/src/schema/index.ts');
    expect(owners).toHaveBeenCalledTimes(2);
  });
});

describe('a relative import whose first candidate is scanned', () => {
  const app = (compilerOptions: object, manifest: object = {}) => ({
    'package.json': json({ name: 'app', ...manifest }),
    'tsconfig.json': json({ compilerOptions }),
    'src/a.ts': "import { b } from './b';\n",
    'src/b.ts': 'export const b = 1;\n',
    'src/c.tsx': 'export const c = 1;\n',
    'src/d/index.ts': 'export const d = 1;\n',
  });
  const resolving = (files: Readonly<Record<string, string>>, specifiers: readonly string[]) => {
    const root = createProject(files);
    const resolver = resolverOf(
      root,
      Object.keys(files).filter((path) => path.startsWith('src/')),
    );
    const fileExists = vi.spyOn(compiler.sys, 'fileExists');
    try {
      const results = specifiers.map((specifier) => resolver.resolve('src/a.ts', specifier));
      return { results, asked: fileExists.mock.calls.map(([path]) => path.slice(root.length + 1)) };
    } finally {
      fileExists.mockRestore();
    }
  };

  // `./b` and `./b.js` name `src/b.ts`, the first file the compiler looks for: the scan answers without it.
  it('is answered without the compiler, which would look there first', () => {
    const { results, asked } = resolving(app({ module: 'esnext', moduleResolution: 'bundler' }), ['./b', './b.js']);
    expect(results).toEqual(['src/b.ts', 'src/b.ts']);
    expect(asked.filter((path) => path.startsWith('src/b'))).toEqual([]);
  });

  it.each([
    ['a `.tsx` file (the compiler looks for `.ts` first)', {}, {}, './c', 'src/c.tsx'],
    ['an index file of a directory', {}, {}, './d', 'src/d/index.ts'],
    // In an ES module under nodenext, `./b` gets no extension: the compiler finds nothing, and so does the scan.
    ['`./b` in an ES module under nodenext', { module: 'nodenext' }, { type: 'module' }, './b', null],
    ['`./b.js` in an ES module under nodenext', { module: 'nodenext' }, { type: 'module' }, './b.js', 'src/b.ts'],
    ['`./b` in a CommonJS file under nodenext', { module: 'nodenext' }, {}, './b', 'src/b.ts'],
  ])('resolves as the compiler does otherwise: %s', (_name, options, manifest, specifier, expected) => {
    const compilerOptions = { module: 'esnext', moduleResolution: 'bundler', ...options };
    if ('module' in options) Object.assign(compilerOptions, { moduleResolution: 'nodenext' });
    expect(resolving(app(compilerOptions, manifest), [specifier]).results).toEqual([expected]);
  });
});

describe('the scan resolves imports with the project tsconfig', () => {
  it('a provider SDK reached through a `@/` alias is found by the project-wide rules', async () => {
    const root = createProject(aliasedPlatform, aliasedConfig);
    const { report } = await scan({ cwd: root, cache: false, concurrency: 1 });
    expect(
      report.findings
        .filter((finding) => finding.rule === 'no-transitive-provider-sdk')
        .map((finding) => [finding.file, finding.line]),
    ).toEqual([['src/booking/list.ts', 1]]);
  });

  it('a tsconfig change takes effect on the next scan, with the cache of the previous one (no stale edge)', async () => {
    const root = createProject(aliasedPlatform, aliasedConfig);
    const transitive = async () =>
      (await scan({ cwd: root, concurrency: 1 })).report.findings.filter(
        (finding) => finding.rule === 'no-transitive-provider-sdk',
      ).length;
    expect(await transitive()).toBe(1);
    writeFileSync(
      join(root, 'tsconfig.json'),
      json({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', paths: { '@/*': ['./lib/*'] } } }),
    );
    expect(await transitive()).toBe(0);
  });

  it.each([
    [
      'a tsconfig added in a subdirectory (it now owns the files below it)',
      (root: string) =>
        writeFileSync(
          join(root, 'src/booking/tsconfig.json'),
          json({ compilerOptions: { paths: { '@/*': ['./nowhere/*'] } } }),
        ),
    ],
    [
      'a change to a tsconfig it extends outside the scanned directory',
      (root: string) =>
        writeFileSync(join(root, '..', 'base.json'), json({ compilerOptions: { paths: { '@/*': ['./app/lib/*'] } } })),
    ],
  ])('the cached resolutions are not reused after %s', async (_name, change) => {
    const outer = createProject({
      'base.json': json({
        compilerOptions: { module: 'esnext', moduleResolution: 'bundler', paths: { '@/*': ['./app/src/*'] } },
      }),
    });
    const root = join(outer, 'app');
    writeProjectFiles(root, {
      ...aliasedPlatform,
      'src/auth/verify.ts': 'export const verify = 1;\n',
      'tsconfig.json': json({ extends: '../base.json' }),
      'authboundary.config.json': JSON.stringify(aliasedConfig),
    });
    const transitive = async () =>
      (await scan({ cwd: root, concurrency: 1 })).report.findings.filter(
        (finding) => finding.rule === 'no-transitive-provider-sdk',
      ).length;
    expect(await transitive()).toBe(1);
    expect(await transitive()).toBe(1);
    change(root);
    expect(await transitive()).toBe(0);
  });

  it('a warm scan reuses the resolutions of the last one', async () => {
    const root = createProject(aliasedPlatform, aliasedConfig);
    const first = (await scan({ cwd: root, concurrency: 1 })).report;
    const cached = JSON.parse(
      readFileSync(join(root, 'node_modules/.cache/authboundary/resolutions.json'), 'utf8'),
    ) as { entries: Record<string, Record<string, string | null>> };
    expect(cached.entries['src/booking/list.ts']).toEqual({ '@/shared/clerk': 'src/shared/clerk.ts' });
    expect((await scan({ cwd: root, concurrency: 1 })).report).toEqual(first);
  });

  it.each([2, 3])('merging %i shards resolves exactly as a single run', async (count) => {
    const root = createProject(
      {
        ...monorepo,
        ...{
          'apps/web/src/booking/book.ts': "import { users } from '~/server/clerk';\nexport const book = users;\n",
          'apps/web/src/server/clerk.ts': "export { clerkClient as users } from '@clerk/nextjs/server';\n",
        },
      },
      {
        providers: ['clerk'],
        layers: {
          auth: 'packages/db/**',
          domains: { booking: 'apps/web/src/booking/**', server: 'apps/web/src/server/**' },
        },
        rules: { 'no-provider-sdk-outside-auth': 'off' },
      },
    );
    const single = (await scan({ cwd: root, cache: false, concurrency: 1 })).report;
    expect(
      single.findings.some(
        (finding) => finding.rule === 'no-transitive-provider-sdk' && finding.file === 'apps/web/src/booking/book.ts',
      ),
    ).toBe(true);
    const parts = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        scan({ cwd: root, cache: false, concurrency: 1, shard: { index: index + 1, count } }).then(
          ({ report }) => report,
        ),
      ),
    );
    expect(
      mergeShardReports(
        parts.map((data, index) => ({
          name: `part-${index + 1}.json`,
          data: JSON.parse(JSON.stringify(data)) as unknown,
        })),
      ),
    ).toEqual(single);
  });
});
