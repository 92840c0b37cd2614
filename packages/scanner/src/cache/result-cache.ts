import { hash as oneShotHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileResult } from '../extract/extract-file.js';
import { readCacheFile, writeCacheFile } from './cache-file.js';

/** Default cache directory, relative to the configuration root (beside other tools' caches). */
export const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/authboundary';
const CACHE_FILE = 'results.json';
/** Version of the cache file's own layout (independent of the tool version, which is part of the key). */
const CACHE_FORMAT = 4; // 4: fingerprints of version 2
/**
 * Metadata of a file changed less than this before it was read is not recorded: a second change
 * within the file system's time resolution could keep the same times (git's "racy" entries), so
 * such a file is read and hashed again on the next scan.
 */
const RACY_MARGIN_MS = 2000;

interface CacheEntry {
  readonly hash: string;
  readonly result: FileResult;
  /** The file's metadata when its text had `hash` (see `fileStatOf`), if known. */
  readonly stat?: string;
}

interface CacheFile {
  readonly format: number;
  /** Configuration hash and tool version: a different key invalidates every entry. */
  readonly key: string;
  readonly entries: Record<string, CacheEntry>;
}

/**
 * The content hash of a file's text (what a cache entry is valid for): SHA-1 of its UTF-8 bytes.
 * The one-shot `crypto.hash` gives the same digest as a `Hash` object without creating one per file.
 */
export function contentHashOf(text: string): string {
  return oneShotHash('sha1', text, 'base64url');
}

/**
 * A file's metadata as git's index keeps it: size, modification and change times, inode. Writing
 * the file changes its times; tools that restore a modification time (`cp -p`, `tar`, `touch -r`)
 * cannot restore the change time. Undefined when the file cannot be stat'ed (it is then read, and
 * the reading reports why it cannot be) and when it changed less than `RACY_MARGIN_MS` ago.
 */
export function fileStatOf(absolutePath: string, now = Date.now()): string | undefined {
  try {
    const stat = statSync(absolutePath);
    if (Math.max(stat.mtimeMs, stat.ctimeMs) >= now - RACY_MARGIN_MS) return undefined;
    return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Per-file results (findings and project-rule facts) keyed by path and content hash, valid for
 * one configuration hash and tool version. One JSON file, read once and written once per scan,
 * atomically; a missing, unreadable or foreign cache file is an empty cache, never an error.
 *
 * Each entry also keeps the file's metadata when its text had that hash (`fileStatOf`), so a warm
 * scan need not read and hash a file whose metadata is the same (`getUnchanged`), as git does for
 * its index.
 */
export class ResultCache {
  private readonly entries: Map<string, CacheEntry>;
  private changed = false;

  private constructor(
    readonly path: string,
    private readonly key: string,
    entries: Record<string, CacheEntry>,
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  /** `codeVersion` names the code that computes results (`codeIdentity`): another one empties the cache. */
  static open(directory: string, configHash: string, codeVersion: string): ResultCache {
    const path = join(directory, CACHE_FILE);
    const key = `${configHash}:${codeVersion}`;
    return new ResultCache(path, key, readCacheFile<CacheFile>(path, CACHE_FORMAT, key)?.entries ?? {});
  }

  get(filePath: string, hash: string): FileResult | undefined {
    const entry = this.entries.get(filePath);
    return entry?.hash === hash ? entry.result : undefined;
  }

  /**
   * The result of a file whose metadata (`fileStatOf`) is what it was when its entry was made: its
   * text has not changed since, so its content hash still holds. Undefined otherwise.
   */
  getUnchanged(filePath: string, stat: string): FileResult | undefined {
    const entry = this.entries.get(filePath);
    return entry?.stat === stat ? entry.result : undefined;
  }

  set(filePath: string, hash: string, result: FileResult, stat: string | undefined): void {
    this.entries.set(filePath, stat === undefined ? { hash, result } : { hash, result, stat });
    this.changed = true;
  }

  /** Records new metadata for an entry whose text was found unchanged (a touched or copied file). */
  restat(filePath: string, stat: string | undefined): void {
    const entry = this.entries.get(filePath);
    if (entry === undefined || entry.stat === stat) return;
    this.entries.set(filePath, stat === undefined ? { hash: entry.hash, result: entry.result } : { ...entry, stat });
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
    writeCacheFile(this.path, data);
    this.changed = false;
  }
}
