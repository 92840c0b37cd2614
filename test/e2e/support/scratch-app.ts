import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as packScript from '../../../scripts/pack.mjs';

export const workspaceRoot = resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);

const { packAll, problemsOf } = packScript as {
  packAll: (out: string) => string[];
  problemsOf: (tarball: string) => { name: string; files: string[]; problems: string[] };
};
export { packAll, problemsOf };

/** The version of a package the workspace has installed (the scratch app gets the same one). */
export function workspaceVersionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

/** The section of the README a user follows, from its heading to the next `## `. */
export function readmeSection(heading: string): string {
  const readme = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`README.md has no section "## ${heading}"`);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The fenced code blocks of a text, in order, with their language. */
export function codeBlocks(text: string): { language: string; code: string }[] {
  return [...text.matchAll(/^ *```(\w*)\n([\s\S]*?)^ *```$/gm)].map((match) => ({
    language: match[1]!,
    code: match[2]!
      .split('\n')
      .map((line) => line.replace(/^ {3}/, ''))
      .join('\n'),
  }));
}

export interface ScratchApp {
  /** The application's directory, outside the workspace. */
  readonly dir: string;
  /** The tarballs `scripts/pack.mjs` made, by package name. */
  readonly tarballs: ReadonlyMap<string, string>;
  /** Deletes the application and its tarballs. */
  remove(): void;
  /** Runs a command in the application; never throws, returns status and output. */
  run(
    command: string,
    args: readonly string[],
    env?: Record<string, string>,
  ): { status: number | null; stdout: string; stderr: string };
}

/**
 * Packs the workspace and installs it with npm, as the README's install command says, into a new
 * application in the system's temporary directory holding a copy of the example platform (with the
 * README's `$schema`) and the README's flat config.
 */

/**
 * The environment of a stranger's shell: the machine's (PATH, HOME, proxies, certificates) without
 * what the workspace's package manager sets for its own scripts (`npm_config_*`, `npm_package_*`,
 * `PNPM_*`), which would make npm in the scratch app warn about settings nobody gave it.
 */
function strangerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/i.test(key)));
}

export function createScratchApp(): ScratchApp {
  const base = mkdtempSync(join(tmpdir(), 'authboundary-scratch-'));
  const packs = join(base, 'packs');
  const tarballs = new Map(packAll(packs).map((tarball) => [problemsOf(tarball).name, tarball]));
  const dir = join(base, 'app');
  cpSync(join(workspaceRoot, 'fixtures', 'mobility-platform'), dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(dir, 'authboundary.config.json'), 'utf8')) as Record<string, unknown>;
  config['$schema'] = './node_modules/@authboundary/scanner/schema.json';
  writeFileSync(join(dir, 'authboundary.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'scratch-platform', private: true, type: 'module' }, null, 2)}\n`,
  );

  const section = readmeSection('Use it on your platform');
  const install = codeBlocks(section).find((block) => block.language === 'sh' && block.code.includes('npm install'));
  if (install === undefined) throw new Error('the README\'s "Use it on your platform" has no npm install command');
  const words = /npm install ([^\n]+)/.exec(install.code)![1]!.trim().split(/\s+/);
  const pinned: Record<string, string> = {
    eslint: workspaceVersionOf('eslint'),
    'typescript-eslint': workspaceVersionOf('@typescript-eslint/parser'),
    typescript: workspaceVersionOf('typescript'),
  };
  // The packages are installed from their tarballs (the rules too: the others depend on it), the
  // rest from the registry at the versions the workspace tests with.
  const specs = words.map((word) =>
    word.startsWith('-')
      ? word
      : (tarballs.get(word) ?? (pinned[word] !== undefined ? `${word}@${pinned[word]}` : word)),
  );
  const rules = tarballs.get('@authboundary/rules')!;
  execFileSync('npm', ['install', ...specs, rules, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
    env: strangerEnv(),
  });

  const flatConfig = codeBlocks(section).find(
    (block) => block.language === 'js' && block.code.includes('@authboundary/eslint-plugin'),
  );
  if (flatConfig === undefined) throw new Error('the README\'s "Use it on your platform" has no flat config');
  writeFileSync(join(dir, 'eslint.config.js'), flatConfig.code);

  return {
    dir,
    tarballs,
    remove: () => rmSync(base, { recursive: true, force: true }),
    run(command, args, env = {}) {
      const result = spawnSync(command, [...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...strangerEnv(), ...env },
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.error) throw result.error;
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
  };
}
