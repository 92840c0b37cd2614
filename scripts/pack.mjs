#!/usr/bin/env node
// Packs every publishable package of the workspace into one directory and checks each tarball
// carries what it needs and nothing else:
//   node scripts/pack.mjs [--out DIR]        (default DIR: .authboundary-pack/, replaced)
// Prints one line per tarball (path, files, bytes) on stdout; exit 1 with every problem on stderr.
// Run after `tsc -b` (`pnpm release:pack` does both). `npm publish DIR/<tarball>` publishes one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The published packages, dependencies first (the order to publish them in). */
export const packageDirectories = ['rules', 'packages/eslint-plugin', 'packages/scanner', 'packages/telemetry'];

/** Files every tarball must carry besides what `exports`, `bin` and `files` name. */
const required = ['package.json', 'README.md', 'LICENSE'];
/** Build leftovers and development files that must never ship. */
const forbidden = [
  /\.tsbuildinfo$/,
  /\.test\.[cm]?[jt]sx?$/,
  /(^|\/)tsconfig\.json$/,
  /(^|\/)node_modules\//,
  /(^|\/)test\//,
];

/** Paths of the files in a tarball, relative to its `package/` directory. */
function listTarball(tarball) {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.startsWith('package/') && !line.endsWith('/'))
    .map((line) => line.slice('package/'.length));
}

function readFromTarball(tarball, path) {
  return execFileSync('tar', ['-xzOf', tarball, `package/${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A `files` entry as a test over tarball paths (directories match what is under them). */
function matcherOf(pattern) {
  const source = pattern
    .replace(/^\.\//, '')
    .replace(/\/$/, '')
    .split(/(\*\*\/|\*\*|\*)/)
    .map((part) =>
      part === '**/'
        ? '(?:.*/)?'
        : part === '**'
          ? '.*'
          : part === '*'
            ? '[^/]*'
            : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const regex = new RegExp(`^${source}(?:/.*)?$`);
  return (path) => regex.test(path);
}

/** Every path a package.json `exports` map (or string) points to. */
function exportTargets(exportsField) {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(exportTargets);
}

/** The problems of one tarball, each a sentence naming the path. */
export function problemsOf(tarball) {
  const files = listTarball(tarball);
  const present = new Set(files);
  const manifest = JSON.parse(readFromTarball(tarball, 'package.json'));
  const problems = [];
  for (const path of required) if (!present.has(path)) problems.push(`${path} is missing`);
  for (const path of files)
    if (forbidden.some((pattern) => pattern.test(path))) problems.push(`${path} must not be published`);
  for (const entry of manifest.files ?? []) {
    if (entry.startsWith('!')) continue;
    if (!files.some(matcherOf(entry))) problems.push(`"files" entry "${entry}" matches nothing in the tarball`);
  }
  const targets = [
    ...exportTargets(manifest.exports),
    ...Object.values(typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {})),
  ];
  for (const target of targets) {
    const path = posix.normalize(target);
    if (!present.has(path)) problems.push(`"${target}" (exports or bin) is not in the tarball`);
  }
  // A bin runs modules it names by relative path (the scanner's: the bundled CLI in `dist/bundle/`).
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const bin of bins.map((target) => posix.normalize(target)).filter((path) => present.has(path))) {
    for (const [, target] of readFromTarball(tarball, bin).matchAll(/['"](\.\.?\/[^'"]+\.[cm]?js)['"]/g)) {
      const path = posix.normalize(posix.join(posix.dirname(bin), target));
      if (!present.has(path)) problems.push(`${bin}: the module ${path} it runs is not in the tarball`);
    }
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is still "${range}"`);
    }
  }
  for (const path of files.filter((file) => file.endsWith('.map'))) {
    const map = JSON.parse(readFromTarball(tarball, path));
    for (const source of map.sources ?? []) {
      const sourcePath = posix.normalize(posix.join(posix.dirname(path), map.sourceRoot ?? '', source));
      if (!present.has(sourcePath)) problems.push(`${path}: its source ${sourcePath} is not in the tarball`);
    }
  }
  for (const path of files.filter((file) => /\.[cm]?js$/.test(file))) {
    const mapLine = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFromTarball(tarball, path));
    if (mapLine && !mapLine[1].startsWith('data:')) {
      const mapPath = posix.normalize(posix.join(posix.dirname(path), mapLine[1]));
      if (!present.has(mapPath)) problems.push(`${path}: its source map ${mapPath} is not in the tarball`);
    }
  }
  return { name: manifest.name, files, problems };
}

/** Packs every package into `out` (emptied first); returns the tarballs in publishing order. */
export function packAll(out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const tarballs = [];
  for (const directory of packageDirectories) {
    const before = new Set(readdirSync(out));
    execFileSync('npx', ['--yes', 'pnpm@10.34.9', 'pack', '--pack-destination', out], {
      cwd: join(root, directory),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const made = readdirSync(out).filter((name) => !before.has(name) && name.endsWith('.tgz'));
    if (made.length !== 1) throw new Error(`${directory}: expected one tarball from pnpm pack, found ${made.length}`);
    tarballs.push(join(out, made[0]));
  }
  return tarballs;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  if (outIndex !== -1 && process.argv[outIndex + 1] === undefined) {
    process.stderr.write('pack: --out needs a directory\n');
    process.exit(2);
  }
  const out = resolve(outIndex === -1 ? join(root, '.authboundary-pack') : process.argv[outIndex + 1]);
  let failed = false;
  for (const tarball of packAll(out)) {
    const { name, files, problems } = problemsOf(tarball);
    process.stdout.write(`${tarball}  ${name}: ${files.length} files, ${statSync(tarball).size} bytes\n`);
    for (const problem of problems) process.stderr.write(`pack: ${name}: ${problem}\n`);
    failed ||= problems.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}
