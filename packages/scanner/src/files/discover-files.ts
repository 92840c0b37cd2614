import { statSync } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';
import type { ResolvedConfig } from '@authboundary/rules';
import { alwaysIgnored } from '@authboundary/rules';
import { glob } from 'tinyglobby';
import { UsageError } from '../usage-error.js';

/** Extensions of the files the scanner parses. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
const sourceGlob = `**/*.{${SOURCE_EXTENSIONS.map((extension) => extension.slice(1)).join(',')}}`;

export interface SourceFileRef {
  readonly absolutePath: string;
  /** Relative to the configuration root, forward slashes. */
  readonly path: string;
}

export function toRootRelative(config: ResolvedConfig, absolutePath: string): string {
  // Most paths are below the root: slicing is much cheaper than `relative` (which resolves both
  // paths) on every file of a large repository.
  const prefix = config.root.endsWith(sep) ? config.root : `${config.root}${sep}`;
  const below = absolutePath.startsWith(prefix) && !absolutePath.includes(`${sep}.${sep}`) && !absolutePath.includes(`${sep}..`) ? absolutePath.slice(prefix.length) : relative(config.root, absolutePath);
  return sep === '/' ? below : below.split(sep).join('/');
}

/**
 * The source files under `paths` (directories or files) that the configuration does not ignore,
 * sorted by path so every run sees them in the same order.
 */
export async function discoverFiles(config: ResolvedConfig, paths: readonly string[], cwd: string): Promise<SourceFileRef[]> {
  const found = new Map<string, SourceFileRef>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`path not found: ${path}`);
    }
    const rootRelative = toRootRelative(config, absolute);
    if (rootRelative.startsWith('../') || rootRelative === '..') {
      throw new UsageError(`${path} is outside the configuration root ${config.root} (pass --config to use another configuration)`);
    }
    const candidates = stats.isDirectory()
      ? await glob([sourceGlob], { cwd: absolute, absolute: true, ignore: [...alwaysIgnored], followSymbolicLinks: false, expandDirectories: false })
      : (SOURCE_EXTENSIONS as readonly string[]).includes(extname(absolute))
        ? [absolute]
        : (() => {
            throw new UsageError(`${path} is not a TypeScript or JavaScript file (${SOURCE_EXTENSIONS.join(', ')})`);
          })();
    for (const candidate of candidates) {
      const absolutePath = resolve(candidate);
      const relativePath = toRootRelative(config, absolutePath);
      if (config.classify(relativePath) !== null) found.set(relativePath, { absolutePath, path: relativePath });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every file under the root (ignores applied): what layer globs must each match at least once. */
export async function allProjectFiles(config: ResolvedConfig): Promise<string[]> {
  const files = await glob(['**/*'], { cwd: config.root, ignore: [...alwaysIgnored], followSymbolicLinks: false, dot: true });
  return files.map((file) => file.split(sep).join('/'));
}
