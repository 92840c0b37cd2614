import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCacheFile, writeCacheFile } from '../src/cache/cache-file.js';
import { codeIdentityOf } from '../src/cache/code-identity.js';
import { ResolutionCache } from '../src/cache/resolution-cache.js';
import { contentHashOf } from '../src/cache/result-cache.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'authboundary-cache-files-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readCacheFile', () => {
  it('returns what writeCacheFile wrote for the same format and key', () => {
    const path = join(work, 'round-trip.json');
    writeCacheFile(path, { format: 2, key: 'k', entries: { a: 1 } } as { format: number; key: string });
    expect(readCacheFile<{ format: number; key: string; entries: { a: number } }>(path, 2, 'k')?.entries).toEqual({
      a: 1,
    });
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{"format":1,'],
    ['null', 'null'],
    ['another layout', JSON.stringify({ format: 9, key: 'k', entries: {} })],
    ['another key', JSON.stringify({ format: 1, key: 'other', entries: {} })],
    ['entries not an object', JSON.stringify({ format: 1, key: 'k', entries: 'x' })],
    ['entries an array', JSON.stringify({ format: 1, key: 'k', entries: [] })],
    ['entries null', JSON.stringify({ format: 1, key: 'k', entries: null })],
  ])('treats a cache file that is %s as no cache', (name, text) => {
    const path = join(work, `${name.replace(/\W/g, '-')}.json`);
    if (text !== undefined) writeFileSync(path, text);
    expect(readCacheFile(path, 1, 'k')).toBeUndefined();
  });
});

describe('contentHashOf', () => {
  // Digests a Hash object made (what caches already written hold): the same text keeps its entry.
  it.each([
    ['an empty text', '', '2jmj7l5rSw0yVb_vlWAYkK_YBwk'],
    ['ASCII', 'const a = 1;\n', 'AyFOTZR2FORJMvmg07b3DTqm_RQ'],
    ['non-ASCII and a lone surrogate', 'na\u00efve \u2014 \u{1F510} \uD800 lone', 'vkmO3XHJyvPs4RwNcK-C8p3id78'],
  ])('is the SHA-1 of the UTF-8 bytes of %s, base64url', (_name, text, digest) => {
    expect(contentHashOf(text)).toBe(digest);
  });
});

describe('codeIdentityOf', () => {
  it('changes when a compiled file is rebuilt, added or removed, and not when other files change', () => {
    const dist = join(work, 'dist');
    mkdirSync(join(dist, 'nested'), { recursive: true });
    writeFileSync(join(dist, 'index.js'), 'export {};');
    writeFileSync(join(dist, 'nested', 'rule.js'), 'export const a = 1;');
    utimesSync(join(dist, 'nested', 'rule.js'), 1_000, 1_000);
    const before = codeIdentityOf('1.0.0', [dist]);
    expect(codeIdentityOf('1.0.0', [dist])).toBe(before);
    expect(codeIdentityOf('1.0.1', [dist])).not.toBe(before);

    writeFileSync(join(dist, 'nested', 'rule.js.map'), '{}');
    expect(codeIdentityOf('1.0.0', [dist])).toBe(before);

    // Same size, new modification time: a rebuild under the same version number.
    utimesSync(join(dist, 'nested', 'rule.js'), 2_000, 2_000);
    const rebuilt = codeIdentityOf('1.0.0', [dist]);
    expect(rebuilt).not.toBe(before);

    writeFileSync(join(dist, 'added.js'), '');
    expect(codeIdentityOf('1.0.0', [dist])).not.toBe(rebuilt);
    expect(codeIdentityOf('1.0.0', [join(work, 'no-such-dir')])).not.toBe(codeIdentityOf('1.0.0', []));
  });
});

describe('ResolutionCache', () => {
  it('answers from the file it read, only for own keys, and keeps those answers when another is set', () => {
    const directory = join(work, 'resolutions');
    mkdirSync(directory, { recursive: true });
    const entries = { 'src/a.ts': { './b': 'src/b.ts', missing: null }, 'src/damaged.ts': 7 };
    writeFileSync(
      join(directory, 'resolutions.json'),
      JSON.stringify({ format: 1, key: 'k', external: {}, warnings: [], entries }),
    );
    const cache = ResolutionCache.open(directory, 'k');
    expect(cache.get('src/a.ts', './b')).toBe('src/b.ts');
    expect(cache.get('src/a.ts', 'missing')).toBeNull();
    // Not answered: a specifier spelled like a property every object has, an unknown file, a damaged entry.
    expect(cache.get('src/a.ts', 'constructor')).toBeUndefined();
    expect(cache.get('src/a.ts', 'toString')).toBeUndefined();
    expect(cache.get('src/c.ts', './b')).toBeUndefined();
    expect(cache.get('src/damaged.ts', './b')).toBeUndefined();
    cache.set('src/a.ts', 'constructor', 'src/constructor.ts');
    cache.set('src/damaged.ts', './b', null);
    expect(cache.get('src/a.ts', './b')).toBe('src/b.ts');
    expect(cache.get('src/a.ts', 'constructor')).toBe('src/constructor.ts');
    cache.save();
    const reopened = ResolutionCache.open(directory, 'k');
    expect([
      reopened.get('src/a.ts', './b'),
      reopened.get('src/a.ts', 'missing'),
      reopened.get('src/a.ts', 'constructor'),
      reopened.get('src/damaged.ts', './b'),
    ]).toEqual(['src/b.ts', null, 'src/constructor.ts', null]);
  });
});
