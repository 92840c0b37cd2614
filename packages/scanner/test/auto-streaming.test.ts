import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@authboundary/rules';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileExtractor } from '../src/extract/extract-file.js';
import { extractFiles } from '../src/extract/extract-files.js';
import type { FileResult } from '../src/extract/file-result.js';
import { temporaryProject } from './temporary-project.js';

// An idle machine with four cores, whatever runs the tests: the default may use several threads.
vi.mock('node:os', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:os')>()),
  availableParallelism: () => 4,
  loadavg: () => [0, 0, 0],
}));

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('the default number of threads on files too small for a second one', () => {
  it('parses each file as soon as it is read, in this thread, keeping no text', async () => {
    const root = temporaryProject({
      'src/booking/a.ts': 'export const a = 1;\n',
      'src/booking/c.ts': 'export const c = 3;\n',
      'src/booking/d.ts': 'export const d = 4;\n',
    });
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const config = resolveConfig(
      { providers: ['cognito'], layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } } },
      root,
      'authboundary.config.json',
      null,
    );
    // b.ts does not exist (its size cannot be known either); c.ts is deleted while a.ts is parsed.
    const files = ['a', 'b', 'c', 'd'].map((name) => ({
      path: `src/booking/${name}.ts`,
      absolutePath: join(root, 'src', 'booking', `${name}.ts`),
    }));
    const parsed: string[] = [];
    const extractor = {
      extractText: (ref: { path: string }): FileResult => {
        parsed.push(ref.path);
        if (ref.path === 'src/booking/a.ts') rmSync(join(root, 'src', 'booking', 'c.ts'));
        return { kind: 'scanned', findings: [] };
      },
    } as unknown as FileExtractor;
    const results = await extractFiles(files, {
      config,
      createExtractor: () => extractor,
      cache: null,
      concurrency: 'auto',
    });
    // Had every file been read before the first parse (the pool's way), c.ts would have been scanned.
    expect(results).toEqual([
      { kind: 'scanned', findings: [] },
      { kind: 'unscanned', unscanned: { file: 'src/booking/b.ts', reason: 'cannot read: ENOENT' } },
      { kind: 'unscanned', unscanned: { file: 'src/booking/c.ts', reason: 'cannot read: ENOENT' } },
      { kind: 'scanned', findings: [] },
    ]);
    expect(parsed).toEqual(['src/booking/a.ts', 'src/booking/d.ts']);
  });
});
