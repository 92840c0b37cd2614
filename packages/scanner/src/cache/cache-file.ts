import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../write-file-atomic.js';

/** What every cache file starts with: its own layout version and the key its entries are valid for. */
export interface CacheFileHeader {
  readonly format: number;
  readonly key: string;
}

/**
 * The cache file at `path` when it has this layout `format` and `key` and its `entries` field is an
 * object; undefined when it is missing, unreadable, damaged or made for another key (a cache is
 * never an error: the next save replaces it).
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names its own file's layout; only the header and `entries` are checked here
export function readCacheFile<T extends CacheFileHeader & { readonly entries: object }>(
  path: string,
  format: number,
  key: string,
): T | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { readonly [K in keyof T]?: unknown } | null;
    if (data === null || typeof data !== 'object') return undefined;
    if (data.format !== format || data.key !== key) return undefined;
    if (data.entries === null || typeof data.entries !== 'object' || Array.isArray(data.entries)) return undefined;
    return data as T;
  } catch {
    return undefined;
  }
}

/** Writes a cache file atomically (a reader sees the old file or the new one, never half of one). */
export function writeCacheFile(path: string, data: CacheFileHeader): void {
  writeFileAtomic(path, JSON.stringify(data));
}
