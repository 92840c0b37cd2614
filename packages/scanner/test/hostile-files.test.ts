import { defineRule, resolveConfig, type ResolvedConfig } from '@authboundary/rules';
import { scan } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FileExtractor } from '../src/extract/extract-file.js';
import { createProject } from './project.js';

/** Files that overflow the call stack of the compiler's parser (as they do ESLint's). */
const tooDeep = {
  'src/booking/0-parens.ts': `export const x = ${'('.repeat(20_000)}1${')'.repeat(20_000)};\n`,
  'src/booking/0-brackets.ts': `export const x = ${'['.repeat(50_000)}${']'.repeat(50_000)};\n`,
};
/** Parses fine but is a tree 4,000 levels deep: a recursive walk of it overflows. */
const longChain = `const a = 1;\nexport const x = ${Array.from({ length: 4_000 }, () => 'a').join(' + ')};\n`;
const violation = 'export const poolId = "eu-west-1_AbCdEfGhI";\n';

describe('a file that makes the scanner throw', () => {
  // Workers start only with more than 150 files to parse; the hostile files sort first, so the
  // pool hands them to a worker (concurrency 2) or to this thread (concurrency 1).
  const filler = Object.fromEntries(
    Array.from({ length: 180 }, (_, index) => [
      `src/booking/filler-${String(index).padStart(3, '0')}.ts`,
      `export const value${index} = ${index};\n`,
    ]),
  );
  it.each([1, 2])(
    'is listed as unscanned with its reason and the rest is reported (concurrency %i)',
    async (concurrency) => {
      const directory = createProject({
        ...tooDeep,
        'src/booking/0-chain.ts': longChain,
        'src/booking/1-after.ts': violation,
        ...filler,
      });
      const { report } = await scan({ cwd: directory, cache: false, concurrency });
      expect(report.unscanned.map((entry) => entry.file).sort()).toEqual(Object.keys(tooDeep).sort());
      for (const entry of report.unscanned)
        expect(entry.reason).toMatch(
          /^cannot be scanned: the parser threw RangeError: Maximum call stack size exceeded \(the code is nested too deeply\)$/,
        );
      expect(report.summary.filesScanned).toBe(1 + 1 + 1 + 180);
      // The file parsed right after an overflow gives exactly what it gives alone.
      const alone = await scan({
        cwd: createProject({ 'src/booking/1-after.ts': violation }),
        cache: false,
        concurrency: 1,
      });
      expect(
        report.findings
          .filter((finding) => finding.file === 'src/booking/1-after.ts')
          .map(({ fingerprint, line, column, endColumn }) => ({ fingerprint, line, column, endColumn })),
      ).toEqual(
        alone.report.findings
          .filter((finding) => finding.file === 'src/booking/1-after.ts')
          .map(({ fingerprint, line, column, endColumn }) => ({ fingerprint, line, column, endColumn })),
      );
      expect(report.findings.some((finding) => finding.file === 'src/booking/1-after.ts')).toBe(true);
    },
  );

  it('is listed with the stage that threw when a rule throws, and the next file is scanned', () => {
    const config: ResolvedConfig = resolveConfig(
      { providers: ['cognito'], layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } } },
      '/project',
      'authboundary.config.json',
      null,
    );
    const throwing = defineRule({
      id: 'throws-on-marker',
      meta: {
        type: 'problem',
        description: 'Throws on files holding a marker.',
        preset: 'strict',
        messages: { found: 'found' },
        options: z.object({}),
      },
      appliesTo: () => true,
      detect: ({ sourceFile }) => {
        if (sourceFile.text.includes('MARKER')) throw new TypeError('cannot read properties of undefined');
        return [{ messageId: 'found', data: {}, start: 0, end: 6 }];
      },
    });
    const extractor = new FileExtractor(config, [{ rule: throwing, severity: 'error', options: {} }]);
    const ref = (path: string) => ({ path, absolutePath: `/project/${path}` });
    expect(extractor.extractText(ref('src/booking/a.ts'), 'export const MARKER = 1;\n')).toEqual({
      kind: 'unscanned',
      unscanned: {
        file: 'src/booking/a.ts',
        reason: 'cannot be scanned: the rules threw TypeError: cannot read properties of undefined',
      },
    });
    const next = extractor.extractText(ref('src/booking/b.ts'), 'export const b = 1;\n');
    expect(next.kind === 'scanned' && next.findings.map((finding) => finding.rule)).toEqual(['throws-on-marker']);
  });
});

describe('JSDoc comments', () => {
  it('are not parsed (no rule reads them): a documented statement carries no JSDoc nodes', () => {
    const config: ResolvedConfig = resolveConfig(
      { providers: ['cognito'], layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } } },
      '/project',
      'authboundary.config.json',
      null,
    );
    const documented = defineRule({
      id: 'reports-documented',
      meta: {
        type: 'problem',
        description: 'Reports statements that carry parsed JSDoc nodes.',
        preset: 'strict',
        messages: { found: 'found' },
        options: z.object({}),
      },
      appliesTo: () => true,
      detect: ({ sourceFile }) =>
        sourceFile.statements.flatMap((statement) =>
          (statement as { jsDoc?: unknown[] }).jsDoc === undefined
            ? []
            : [{ messageId: 'found', data: {}, start: statement.getStart(sourceFile), end: statement.end }],
        ),
    });
    const extractor = new FileExtractor(config, [{ rule: documented, severity: 'error', options: {} }]);
    const text =
      '/**\n * The pool.\n * @see {@link https://example.com} and @param {string} x\n */\nexport const a = 1;\n';
    expect(
      extractor.extractText({ path: 'src/booking/a.ts', absolutePath: '/project/src/booking/a.ts' }, text),
    ).toEqual({
      kind: 'scanned',
      findings: [],
    });
  });
});
