import { reporters } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { findingOf, findingsIn, reportOf } from './report-fixtures.js';

describe('markdown format', () => {
  it('summarizes totals, top files, owners and rules of a scan', () => {
    const findings = [...findingsIn('src/a.ts', 3, { owners: ['@org/a'] }), ...findingsIn('src/bb.ts', 1, { owners: [] })];
    const output = reporters.markdown(reportOf(findings), { color: false });
    expect(output).toContain('| findings | 4 |');
    expect(output).toContain('### Top files');
    expect(output.indexOf('`src/a.ts` | 3')).toBeLessThan(output.indexOf('`src/bb.ts` | 1'));
    expect(output).toContain('| @org/a | 3 |');
    expect(output).toContain('| (unowned) | 1 |');
    expect(output).toContain('| `no-provider-id-outside-auth` | 4 |');
  });

  it('has no owner table when no finding has an owner (no CODEOWNERS configured)', () => {
    const output = reporters.markdown(reportOf(findingsIn('src/a.ts', 2, { owners: [] })), { color: false });
    expect(output).toContain('### By rule');
    expect(output).not.toContain('### By owner');
    expect(output).not.toContain('(unowned)');
  });

  it('compared with a baseline, lists new and fixed findings and the prune command', () => {
    const [known, fresh] = findingsIn('src/a.ts', 2, { owners: ['@org/a'] });
    const fixed = { fingerprint: 'f'.repeat(32), rule: 'no-provider-id-outside-auth', file: 'src/gone.ts', scope: 'Gone.run', snippet: 'cognitoSub' };
    const output = reporters.markdown(reportOf([known!, fresh!], { baseline: 'authboundary.baseline.json', new: [fresh!.fingerprint], unchanged: 1, fixed: [fixed] }), { color: false });
    expect(output).toContain('| new (not in the baseline) | 1 |');
    expect(output).toContain('| fixed (still listed in the baseline) | 1 |');
    expect(output).toContain('### New findings (1)');
    expect(output).toContain('`src/a.ts:2:5`');
    expect(output).not.toContain('`src/a.ts:1:5`');
    expect(output).toContain('### Fixed (1)');
    expect(output).toContain('remove them with `authboundary baseline prune`');
    expect(output).toContain('| @org/a | 2 | 1 |');
  });

  it('fences snippets that contain backticks with double backticks', () => {
    const fixed = { fingerprint: 'f'.repeat(32), rule: 'no-provider-id-outside-auth', file: 'src/gone.ts', scope: '<module>', snippet: '`auth0|${id}`' };
    const output = reporters.markdown(reportOf([], { baseline: 'authboundary.baseline.json', new: [], unchanged: 0, fixed: [fixed] }), { color: false });
    expect(output).toContain('| `` `auth0\\|${id}` `` |');
  });

  it('escapes table cells and caps long listings', () => {
    const findings = findingsIn('src/a.ts', 60, { message: 'a | b\nc' });
    const output = reporters.markdown(reportOf(findings), { color: false });
    expect(output).toContain('a \\| b c');
    expect(output).toContain('… and 10 more.');
  });

  it('a clean scan is a short table', () => {
    expect(reporters.markdown(reportOf([]), { color: false })).not.toContain('###');
    expect(reporters.markdown(reportOf([findingOf()]), { color: false })).toContain('### Findings');
  });
});
