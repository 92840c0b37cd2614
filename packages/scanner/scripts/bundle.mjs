#!/usr/bin/env node
// Bundles the built CLI (`dist/cli.js`) and the scan's worker thread (`dist/extract/extract-worker.js`)
// into `dist/bundle/` with rolldown, after `tsc -b`:   node packages/scanner/scripts/bundle.mjs
// The root `build`, `test`, `prepare`, `bench` and the package's `prepack` scripts run it. Code
// splitting is kept, so what a command imports lazily (each command's module, the compiler, the
// OpenTelemetry SDK) still loads only when needed: a few dozen chunks instead of about 250 modules,
// which is what a warm scan spent a third of its time loading (docs/performance.md). The chunks are
// not minified and carry no source maps (their sources, other packages' files, are not published):
// a stack trace names readable code.
//
// The layout is what lets the bundled code find its files: `dist/bundle/` is one directory below
// `dist/`, like every module that locates something relative to itself (`../compiler.cjs`, the
// worker `./extract-worker.js` next to the chunk that starts it, the code identity's `dist/`).
// `dist/bundle/inputs.json` names the build-info files of the compiled inputs; `bin/authboundary.js`
// runs the bundle only if none of them is newer than it (a `tsc -b` after this script falls back to
// the modules as built, never to a stale bundle).
import { existsSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(packageDirectory, 'dist');
const out = join(dist, 'bundle');
const entries = { cli: join(dist, 'cli.js'), 'extract-worker': join(dist, 'extract', 'extract-worker.js') };

for (const [name, path] of Object.entries(entries))
  if (!existsSync(path)) {
    process.stderr.write(`bundle: ${relative(process.cwd(), path)} (entry "${name}") is missing: run tsc -b first\n`);
    process.exit(1);
  }

/**
 * Loaded at run time, not bundled: Node's modules, the compiler (`typescript`, and `dist/compiler.cjs`
 * with `dist/compiler-code-cache.cjs`, which load it with the code cache), and the optional
 * OpenTelemetry / Prometheus peers. A module of `dist/` is imported from the bundle by its path
 * relative to `dist/bundle/`.
 */
const compilerModules = new Set([join(dist, 'compiler.cjs'), join(dist, 'compiler-code-cache.cjs')]);
const isPackageExternal = (id) =>
  id.startsWith('node:') || /^(typescript|prom-client|@opentelemetry\/[^/]+)(\/|$)/.test(id);
const externals = {
  name: 'authboundary-externals',
  resolveId(id, importer) {
    if (isPackageExternal(id)) return { id, external: true };
    if (importer === undefined || !id.startsWith('.')) return null;
    const absolute = resolve(dirname(importer), id);
    if (!compilerModules.has(absolute)) return null;
    return { id: relative(out, absolute).split(sep).join('/'), external: true };
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  input: entries,
  platform: 'node',
  plugins: [externals],
  logLevel: 'warn',
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
  },
});

/** The build-info file of a TypeScript project that `tsc -b` rewrites whenever it emits it. */
const buildInfoFiles = [join(dist, '.tsbuildinfo')];
const rulesDirectory = realpathSync(
  dirname(createRequire(join(packageDirectory, 'package.json')).resolve('@authboundary/rules/package.json')),
);
// Only a workspace's rules are rebuilt in place; an installed copy changes with `pnpm install`,
// whose `prepare` builds this bundle again.
if (!rulesDirectory.split(sep).includes('node_modules'))
  buildInfoFiles.push(join(rulesDirectory, 'dist', '.tsbuildinfo'));
for (const file of buildInfoFiles)
  if (!existsSync(file)) {
    process.stderr.write(`bundle: ${file} is missing: run tsc -b first\n`);
    process.exit(1);
  }
const inputs = buildInfoFiles.map((file) => relative(out, file).split(sep).join('/'));
writeFileSync(join(out, 'inputs.json'), `${JSON.stringify({ buildInfo: inputs }, null, 2)}\n`);
process.stdout.write(
  `bundle: ${relative(process.cwd(), out) || '.'} (${inputs.length} build-info inputs, ${statSync(join(out, 'cli.js')).size} bytes cli.js)\n`,
);
