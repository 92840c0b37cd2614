import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@authboundary/rules';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileExtractor } from '../src/extract/extract-file.js';
import { extractFiles } from '../src/extract/extract-files.js';
import type { FileResult } from '../src/extract/file-result.js';
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

/** An extractor that records the files it parsed, with their texts. */
function recordingExtractor() {
  const parsed: { path: string; text: string }[] = [];
  const extractor = {
    extractText: (ref: SourceFileRef, text: string): FileResult => {
      parsed.push({ path: ref.path, text });
      return { kind: 'scanned', findings: [] };
    },
  } as unknown as FileExtractor;
  return { extractor, parsed };
}

describe('reading the files of a scan', () => {
  it.each([1, 2])(
    'reports a file that cannot be read as unscanned, with why, and scans the others (concurrency %i)',
    async (concurrency) => {
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
      const { extractor, parsed } = recordingExtractor();
      const results = await extractFiles(files, {
        config: config(root),
        createExtractor: () => extractor,
        cache: null,
        concurrency,
      });
      expect(results).toEqual([
        { kind: 'scanned', findings: [] },
        { kind: 'unscanned', unscanned: { file: 'src/booking/b.ts', reason: 'cannot read: ENOENT' } },
        { kind: 'scanned', findings: [] },
        { kind: 'unscanned', unscanned: { file: 'src/booking/d.ts', reason: 'not a text file (contains NUL bytes)' } },
      ]);
      // The byte-order mark is stripped.
      expect(parsed.map(({ path, text }) => [path, text])).toEqual([
        ['src/booking/a.ts', 'export const a = 1;\n'],
        ['src/booking/c.ts', 'export const c = 3;\n'],
      ]);
    },
  );
});
