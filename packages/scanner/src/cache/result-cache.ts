import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileResult } from '../extract/extract-file.js';
import { writeFileAtomic } from '../write-file-atomic.js';

/** Default cache directory, relative to the configuration root (beside other tools' caches). */
export const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/authboundary';
const CACHE_FILE = 'results.json';
/** Version of the cache file's own layout (independent of the tool version, which is part of the key). */
const CACHE_FORMAT = 1;

interface CacheFile {
  readonly format: number;
  /** Configuration hash and tool version: a different key invalidates every entry. */
  readonly key: string;
  readonly entries: Record<string, { readonly hash: string; readonly result: FileResult }>;
}

/** The content hash of a file's text (what a cache entry is valid for). */
export function contentHashOf(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/**
 * Per-file results (findings and project-rule facts) keyed by path and content hash, valid for
 * one configuration hash and tool version. One JSON file, read once and written once per scan,
 * atomically; a missing, unreadable or foreign cache file is an empty cache, never an error.
 */
export class ResultCache {
  private readonly entries: Map<string, { hash: string; result: FileResult }>;
  private changed = false;

  private constructor(
    readonly path: string,
    private readonly key: string,
    entries: Record<string, { hash: string; result: FileResult }>,
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  static open(directory: string, configHash: string, toolVersion: string): ResultCache {
    const path = join(directory, CACHE_FILE);
    const key = `${configHash}:${toolVersion}`;
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
      if (data.format === CACHE_FORMAT && data.key === key && data.entries !== null && typeof data.entries === 'object') return new ResultCache(path, key, data.entries);
    } catch {
      // No cache yet, or a damaged one: start empty (the next save replaces it).
    }
    return new ResultCache(path, key, {});
  }

  get(filePath: string, hash: string): FileResult | undefined {
    const entry = this.entries.get(filePath);
    return entry?.hash === hash ? entry.result : undefined;
  }

  set(filePath: string, hash: string, result: FileResult): void {
    this.entries.set(filePath, { hash, result });
    this.changed = true;
  }

  /** Drops entries of files that no longer exist (called after a scan that saw every file of the root). */
  retainOnly(filePaths: ReadonlySet<string>): void {
    for (const filePath of this.entries.keys()) {
      if (!filePaths.has(filePath)) {
        this.entries.delete(filePath);
        this.changed = true;
      }
    }
  }

  save(): void {
    if (!this.changed) return;
    const data: CacheFile = { format: CACHE_FORMAT, key: this.key, entries: Object.fromEntries(this.entries) };
    writeFileAtomic(this.path, JSON.stringify(data));
    this.changed = false;
  }
}
