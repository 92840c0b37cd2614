import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCacheFile, writeCacheFile } from './cache-file.js';
import { contentHashOf } from './result-cache.js';

const CACHE_FILE = 'resolutions.json';
const CACHE_FORMAT = 1;

/** Names of the files module resolution reads in a project: tsconfigs, jsconfigs, package manifests, the pnpm workspace. */
const RESOLUTION_INPUT = /(^|\/)(tsconfig[^/]*\.json|jsconfig[^/]*\.json|package\.json|pnpm-workspace\.yaml)$/;

interface ResolutionCacheFile {
  readonly format: number;
  readonly key: string;
  /** Inputs outside the project's files (see `ProjectModuleResolver.externalInputs`): path → content hash or null. */
  // Optional: reading checks only the header and `entries` (see readCacheFile).
  readonly external?: Record<string, string | null>;
  readonly warnings?: string[];
  /** Importing file → specifier → scanned file, or null. */
  readonly entries: Record<string, Record<string, string | null>>;
}

function hashOfFile(path: string): string | null {
  try {
    return existsSync(path) ? contentHashOf(readFileSync(path, 'utf8')) : null;
  } catch {
    return null;
  }
}

/**
 * What module resolution depends on, besides the files outside the project: the configuration
 * and tool version, the set of scanned files, and every tsconfig, jsconfig, package.json and
 * pnpm-workspace.yaml of the project (path and content). `projectFiles` are all files under the
 * root (`allProjectFiles`), so a tsconfig added anywhere changes the key.
 */
export function resolutionKeyOf(
  base: string,
  root: string,
  projectFiles: readonly string[],
  scanned: readonly string[],
): string {
  const hash = createHash('sha1').update(base).update('\u0000');
  for (const path of scanned) hash.update(path).update('\u0000');
  hash.update('\u0001');
  for (const path of projectFiles.filter((file) => RESOLUTION_INPUT.test(file)).sort())
    hash
      .update(path)
      .update('\u0000')
      .update(hashOfFile(join(root, path)) ?? '-')
      .update('\u0000');
  return hash.digest('base64url');
}

/**
 * Module resolutions of the last scan, valid while its key (`resolutionKeyOf`) and the files it
 * read outside the project are unchanged; otherwise empty. A warm scan then resolves only the
 * specifiers of changed files. Written atomically beside the result cache; damaged means empty.
 */
export class ResolutionCache {
  /**
   * Importing file → its answers. A file's answers stay the object read from the cache file until
   * one of them is set: a warm scan looks up a few specifiers of each file, so building a map of
   * every file's answers up front would cost more than the lookups.
   */
  private readonly entries: Map<string, Readonly<Record<string, string | null>> | Map<string, string | null>>;
  private changed = false;

  private constructor(
    readonly path: string,
    private readonly key: string,
    private external: Record<string, string | null>,
    private cachedWarnings: string[],
    entries: Record<string, Record<string, string | null>>,
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  static open(directory: string, key: string): ResolutionCache {
    const path = join(directory, CACHE_FILE);
    const data = readCacheFile<ResolutionCacheFile>(path, CACHE_FORMAT, key);
    const externalUnchanged =
      data !== undefined && Object.entries(data.external ?? {}).every(([file, hash]) => hashOfFile(file) === hash);
    return data !== undefined && externalUnchanged
      ? new ResolutionCache(path, key, data.external ?? {}, data.warnings ?? [], data.entries)
      : new ResolutionCache(path, key, {}, [], {});
  }

  /** The cached answer; undefined when there is none. */
  get(from: string, specifier: string): string | null | undefined {
    const targets = this.entries.get(from);
    if (targets instanceof Map) return targets.get(specifier);
    // A damaged entry (not an object) has no answers.
    if (typeof targets !== 'object' || (targets as unknown) === null) return undefined;
    // Own keys only: a specifier may be spelled like a property of every object (`constructor`).
    return Object.hasOwn(targets, specifier) ? targets[specifier] : undefined;
  }

  set(from: string, specifier: string, target: string | null): void {
    const read = this.entries.get(from);
    const targets =
      read instanceof Map
        ? read
        : new Map(typeof read === 'object' && (read as unknown) !== null ? Object.entries(read) : []);
    this.entries.set(from, targets);
    targets.set(specifier, target);
    this.changed = true;
  }

  /** Warnings of the resolver that made the cached answers (shown again on runs that reuse them). */
  get warnings(): readonly string[] {
    return this.cachedWarnings;
  }

  /** Records what a resolver of this run read outside the project, and its warnings. */
  noteResolver(external: ReadonlyMap<string, string | null>, warnings: readonly string[]): void {
    this.external = { ...this.external, ...Object.fromEntries(external) };
    this.cachedWarnings = [...new Set([...this.cachedWarnings, ...warnings])];
    this.changed = true;
  }

  /** Keeps only the entries of these importing files (the files of this run). */
  retainOnly(files: ReadonlySet<string>): void {
    for (const from of this.entries.keys()) {
      if (!files.has(from)) {
        this.entries.delete(from);
        this.changed = true;
      }
    }
  }

  save(): void {
    if (!this.changed) return;
    const data: ResolutionCacheFile = {
      format: CACHE_FORMAT,
      key: this.key,
      external: this.external,
      warnings: this.cachedWarnings,
      entries: Object.fromEntries(
        [...this.entries].map(([from, targets]) => [
          from,
          targets instanceof Map ? Object.fromEntries(targets) : targets,
        ]),
      ),
    };
    writeCacheFile(this.path, data);
    this.changed = false;
  }
}
