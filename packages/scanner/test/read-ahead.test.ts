import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@authboundary/rules';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileExtractor } from '../src/extract/extract-file.js';
import { extractFiles, READ_AHEAD } from '../src/extract/extract-files.js';
import type { FileResult, SourceText } from '../src/extract/file-result.js';
import type { SourceFileRef } from '../src/files/discover-files.js';
import { temporaryProject } from './temporary-project.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const config = (root: string) =>
  resolveConfig(
    { providers: ['cognito'], layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } } },
    root,
    'authboundary.config.json',
    null,
  );

/** An extractor that records, for each file, how many reads had been started when it was parsed. */
function recordingExtractor(readsStarted: () => number) {
  const parsed: { path: string; readsStarted: number; text: string }[] = [];
  const extractor = {
    extractText: (ref: SourceFileRef, text: string): FileResult => {
      parsed.push({ path: ref.path, readsStarted: readsStarted(), text });
      return { kind: 'scanned', findings: [] };
    },
  } as unknown as FileExtractor;
  return { extractor, parsed };
}

describe('one parsing thread reads files ahead', () => {
  it(`has the next ${READ_AHEAD} files being read while a file is parsed, and parses every file in order`, async () => {
    const files = Array.from({ length: 20 }, (_, index) => {
      const path = `src/booking/f${String(index).padStart(2, '0')}.ts`;
      return { path, absolutePath: `/project/${path}` };
    });
    let started = 0;
    const readText = (ref: SourceFileRef): Promise<SourceText> => {
      started++;
      return Promise.resolve({ text: `// ${ref.path}\n` });
    };
    const { extractor, parsed } = recordingExtractor(() => started);
    const results = await extractFiles(files, {
      config: config('/project'),
      createExtractor: () => extractor,
      cache: null,
      concurrency: 1,
      readText,
    });
    expect(results).toHaveLength(20);
    expect(parsed.map(({ path, text }) => [path, text])).toEqual(files.map(({ path }) => [path, `// ${path}\n`]));
    // The file being parsed, and READ_AHEAD more started before it was (fewer at the end).
    expect(parsed.map(({ readsStarted }) => readsStarted)).toEqual(
      files.map((_, index) => Math.min(files.length, index + 1 + READ_AHEAD)),
    );
  });

  it('reports a file that cannot be read as unscanned, with why, and scans the others', async () => {
    const root = temporaryProject({
      'src/booking/a.ts': 'export const a = 1;\n',
      'src/booking/c.ts': '\uFEFFexport const c = 3;\n',
      'src/booking/d.ts': 'export const d = "\u0000";\n',
    });
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const files = ['a', 'b', 'c', 'd'].map((name) => ({
      path: `src/booking/${name}.ts`,
      absolutePath: join(root, 'src', 'booking', `${name}.ts`),
    }));
    const { extractor, parsed } = recordingExtractor(() => 0);
    const results = await extractFiles(files, {
      config: config(root),
      createExtractor: () => extractor,
      cache: null,
      concurrency: 1,
    });
    expect(results).toEqual([
      { kind: 'scanned', findings: [] },
      { kind: 'unscanned', unscanned: { file: 'src/booking/b.ts', reason: 'cannot read: ENOENT' } },
      { kind: 'scanned', findings: [] },
      { kind: 'unscanned', unscanned: { file: 'src/booking/d.ts', reason: 'not a text file (contains NUL bytes)' } },
    ]);
    // The byte-order mark is stripped, as when files were read one at a time.
    expect(parsed.map(({ path, text }) => [path, text])).toEqual([
      ['src/booking/a.ts', 'export const a = 1;\n'],
      ['src/booking/c.ts', 'export const c = 3;\n'],
    ]);
  });
});
