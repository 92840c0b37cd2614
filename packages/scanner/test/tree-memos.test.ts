import { defineRule, LastTree, resolveConfig, type ResolvedConfig } from '@authboundary/rules';
import type * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FileExtractor } from '../src/extract/extract-file.js';

// A tree the rules memoized (`LastTree`) must not outlive its file: the next file's parse would
// run its minor collections with the whole previous tree alive (docs/performance.md, session 9).
describe('the rules’ memos of a file’s tree', () => {
  const config: ResolvedConfig = resolveConfig(
    { providers: ['cognito'], layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } } },
    '/project',
    'authboundary.config.json',
    null,
  );
  const memo = new LastTree<string>();
  const seen: ts.SourceFile[] = [];
  const memoizing = defineRule({
    id: 'memoizes-its-tree',
    meta: {
      type: 'problem',
      description: 'Memoizes a value for the tree; throws on files holding a marker.',
      preset: 'strict',
      messages: { found: 'found' },
      options: z.object({}),
    },
    appliesTo: () => true,
    detect: ({ sourceFile }) => {
      memo.set(sourceFile, sourceFile.fileName);
      seen.push(sourceFile);
      if (sourceFile.text.includes('MARKER')) throw new TypeError('marker');
      return [];
    },
  });
  const extractor = new FileExtractor(config, [{ rule: memoizing, severity: 'error', options: {} }]);
  const ref = (path: string) => ({ path, absolutePath: `/project/${path}` });

  it('are released when the file is done, and when a rule threw on it', () => {
    expect(extractor.extractText(ref('src/booking/a.ts'), 'export const a = 1;\n').kind).toBe('scanned');
    expect(seen).toHaveLength(1);
    expect(memo.get(seen[0]!)).toBeUndefined();
    expect(extractor.extractText(ref('src/booking/b.ts'), 'export const MARKER = 1;\n').kind).toBe('unscanned');
    expect(seen).toHaveLength(2);
    expect(memo.get(seen[1]!)).toBeUndefined();
  });
});
