// The peers the benchmark compares with, on the same files: dependency-cruiser (a whole-process
// run, as users run it) and ESLint with eslint-plugin-boundaries (the same harness as the plugin,
// bench/eslint-once.mjs). They are installed by the benchmark itself with npm into a temporary
// directory (never into this workspace), at the versions below; both are configured from the
// project's authboundary.config.json layers: every layer is an element, and only the auth layer may
// import the auth layer — the boundary both tools are asked to check.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** dependency-cruiser 17+ needs Node 22; 16 is the newest line that runs on Node 20, and parses TypeScript with a TypeScript below 6 of its own. */
export const PEER_PACKAGES = [
  'dependency-cruiser@16.10.4',
  'typescript@5.9.3',
  'eslint-plugin-boundaries@7.2.0',
  'eslint-import-resolver-typescript@4.4.5',
];

/** Installs the peers into `directory` with npm; throws with npm's output when it fails. */
export function installPeers(directory) {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'package.json'), '{ "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    execFileSync(
      npm,
      ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', directory, ...PEER_PACKAGES],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (error) {
    throw new Error(
      `npm could not install the peers (${PEER_PACKAGES.join(', ')}; bench/run.mjs --no-peers leaves them out): ${(error.stderr || error.message).trim()}`,
    );
  }
}

/** The layers of a project's authboundary.config.json as named lists of globs. */
export function layersOf(root) {
  const { layers = {} } = JSON.parse(readFileSync(join(root, 'authboundary.config.json'), 'utf8'));
  const named = [];
  for (const [name, value] of Object.entries(layers)) {
    if (Array.isArray(value) || typeof value === 'string') named.push({ name, globs: [value].flat() });
    else
      for (const [module, globs] of Object.entries(value))
        named.push({ name: `${name}/${module}`, globs: [globs].flat() });
  }
  if (!named.some((layer) => layer.name === 'auth'))
    throw new Error(`${join(root, 'authboundary.config.json')}: the peers need an auth layer (layers.auth)`);
  return named;
}

/** A glob of the configuration as a regular expression source over a path relative to the root. */
function globToRegExp(glob) {
  let out = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*' && glob[index + 1] === '*') {
      out += '.*';
      index += glob[index + 2] === '/' ? 2 : 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return `^${out}$`;
}

/** Writes a dependency-cruiser configuration for `root` into `directory`; returns its path. */
export function writeDependencyCruiserConfig(root, directory) {
  const auth = layersOf(root)
    .find((layer) => layer.name === 'auth')
    .globs.map(globToRegExp);
  const config = {
    forbidden: [{ name: 'only-auth-imports-auth', severity: 'error', from: { pathNot: auth }, to: { path: auth } }],
    options: { doNotFollow: { path: 'node_modules' }, exclude: { path: 'node_modules' }, tsPreCompilationDeps: true },
  };
  const path = join(directory, 'dependency-cruiser.config.cjs');
  writeFileSync(path, `module.exports = ${JSON.stringify(config, null, 2)};\n`);
  return path;
}

/** One whole-process dependency-cruiser run over `root`; returns wall ms and the modules it cruised. */
export function runDependencyCruiser(peers, root, configPath, outputPath) {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      join(peers, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
      '--config',
      configPath,
      '--output-type',
      'json',
      '--output-to',
      outputPath,
      '.',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = performance.now() - started;
  if (run.error !== undefined || run.signal !== null)
    throw new Error(`dependency-cruiser did not finish: ${run.error?.message ?? run.signal}`);
  const { summary } = JSON.parse(readFileSync(outputPath, 'utf8'));
  if (summary === undefined)
    throw new Error(`dependency-cruiser wrote no summary (exit ${run.status}): ${run.stderr.trim()}`);
  return { ms, modules: summary.totalCruised, violations: summary.violations.length };
}

/** The ESLint flat-config entries of eslint-plugin-boundaries (from `peers`) for `root`. */
export async function boundariesConfig(peers, root) {
  const { createRequire } = await import('node:module');
  const require = createRequire(join(peers, 'package.json'));
  const boundaries = require('eslint-plugin-boundaries');
  const layers = layersOf(root);
  return [
    {
      plugins: { boundaries },
      settings: {
        'boundaries/elements': layers.flatMap((layer) =>
          layer.globs.map((pattern) => ({ type: layer.name, pattern, partialMatch: false })),
        ),
        'import/resolver': { [require.resolve('eslint-import-resolver-typescript')]: { alwaysTryTypes: true } },
      },
      rules: {
        'boundaries/dependencies': [
          2,
          {
            default: 'allow',
            policies: [{ from: { element: { type: '!auth' } }, disallow: { to: { element: { type: 'auth' } } } }],
          },
        ],
      },
    },
  ];
}
