import { reporters } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { findingOf, findingsIn, reportOf } from './report-fixtures.js';

const annotations = (output: string, kind: string) =>
  output.split('\n').filter((line) => line.startsWith(`::${kind} `));

describe('github format', () => {
  it('writes one workflow command per finding with file, position and title', () => {
    const output = reporters.github(reportOf([findingOf()]), { color: false });
    expect(output).toBe(
      '::error file=src/booking/booking.service.ts,line=3,endLine=3,col=5,endColumn=15,title=authboundary no-provider-id-outside-auth::The claim `sub` is read outside the auth layer.\n',
    );
  });

  it('escapes data and properties as workflow commands require', () => {
    const output = reporters.github(
      reportOf([findingOf({ file: 'src/a,b:c.ts', message: '100% wrong\nsecond line' })]),
      { color: false },
    );
    expect(output).toContain('file=src/a%2Cb%3Ac.ts,');
    expect(output).toContain('::100%25 wrong%0Asecond line');
  });

  it('names files from the repository root when the configuration sits below it', () => {
    const output = reporters.github(reportOf([findingOf()]), { color: false, repositoryPath: 'services/api' });
    expect(output).toContain('file=services/api/src/booking/booking.service.ts,');
  });

  it('annotates at most 10 errors and 10 warnings per step, logs the rest and counts them in one notice', () => {
    const findings = [...findingsIn('src/a.ts', 14), ...findingsIn('src/bb.ts', 12, { severity: 'warn' })];
    const output = reporters.github(reportOf(findings), { color: false });
    expect(annotations(output, 'error')).toHaveLength(10);
    expect(annotations(output, 'warning')).toHaveLength(10);
    expect(annotations(output, 'notice')).toEqual([expect.stringContaining('6 more findings not annotated')]);
    expect(output).toContain('src/a.ts:14:5: error');
    expect(output).toContain('src/bb.ts:12:5: warn');
  });

  it('writes no notice when everything fits', () => {
    expect(annotations(reporters.github(reportOf(findingsIn('src/a.ts', 10)), { color: false }), 'notice')).toEqual([]);
  });

  it('compared with a baseline, annotates only new findings and tells how to prune fixed ones', () => {
    const [known, fresh] = findingsIn('src/a.ts', 2);
    const fixed = {
      fingerprint: 'f'.repeat(32),
      rule: 'no-provider-id-outside-auth',
      file: 'src/gone.ts',
      scope: '<module>',
      snippet: 'cognitoSub',
    };
    const output = reporters.github(
      reportOf([known!, fresh!], {
        baseline: 'authboundary.baseline.json',
        new: [fresh!.fingerprint],
        unchanged: 1,
        fixed: [fixed],
      }),
      { color: false, pruneCommand: 'authboundary baseline prune --baseline ci/b.json' },
    );
    expect(annotations(output, 'error')).toEqual([expect.stringContaining('line=2,')]);
    expect(annotations(output, 'error')[0]).toContain('(new)');
    expect(annotations(output, 'notice')).toEqual([
      expect.stringContaining(
        '1 baseline entry fixed but still listed in authboundary.baseline.json; remove them with `authboundary baseline prune --baseline ci/b.json`',
      ),
    ]);
  });

  it('writes nothing for a clean scan', () => {
    expect(reporters.github(reportOf([]), { color: false })).toBe('');
  });
});
