import { join } from 'node:path';
import { parseCodeowners, scan } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { createProject, runCli } from './project.js';

describe('CODEOWNERS patterns match as on the code host', () => {
  // [pattern, path, matches]; examples from the host's documentation of the syntax.
  const cases: [string, string, boolean][] = [
    ['*', 'src/deep/file.ts', true],
    ['*.js', 'src/app.js', true],
    ['*.js', 'src/app.ts', false],
    ['/build/logs/', 'build/logs/a/b.log', true],
    ['/build/logs/', 'src/build/logs/a.log', false],
    ['docs/*', 'docs/getting-started.md', true],
    ['docs/*', 'docs/build-app/troubleshooting.md', false],
    ['apps/', 'apps/web/index.ts', true],
    ['apps/', 'packages/apps/x.ts', true],
    ['/docs/', 'docs/a/b.md', true],
    ['/docs/', 'src/docs/a.md', false],
    ['**/logs', 'deeply/nested/logs/x.log', true],
    ['/scripts/deploy.sh', 'scripts/deploy.sh', true],
    ['/scripts/deploy.sh', 'other/scripts/deploy.sh', false],
    ['src/booking', 'src/booking/booking.service.ts', true],
    ['src/booking', 'lib/src/booking/x.ts', false],
    ['.github/', '.github/workflows/ci.yml', true],
    ['my\\ file.ts', 'src/my file.ts', true],
  ];
  it.each(cases)('%s matches %s: %s', (pattern, path, matches) => {
    expect(parseCodeowners(`${pattern} @team`).ownersOf(path)).toEqual(matches ? ['@team'] : []);
  });
});

describe('CODEOWNERS files', () => {
  const file = [
    '# comment line',
    '*                 @org/everyone',
    '/src/            @org/dev   # trailing comment',
    '/src/payment/    @org/payments pay@example.com',
    '/src/payment/legacy/',
    '!/src/secret/    @org/nobody',
    '/src/[ab]/       @org/nobody',
    '/src/x/          not-an-owner',
  ].join('\n');
  const codeowners = parseCodeowners(file);

  it.each([
    ['README.md', ['@org/everyone']],
    ['src/booking/a.ts', ['@org/dev']],
    ['src/payment/charge.ts', ['@org/payments', 'pay@example.com']],
    ['src/payment/legacy/old.ts', []],
  ])('the last matching pattern wins: %s', (path, owners) => {
    expect(codeowners.ownersOf(path)).toEqual(owners);
  });

  it('reports lines the host rejects, with their line numbers, and skips them', () => {
    expect(codeowners.problems.map((problem) => problem.line)).toEqual([6, 7, 8]);
    expect(codeowners.problems[2]!.message).toContain('"not-an-owner"');
    expect(codeowners.ownersOf('src/secret/a.ts')).toEqual(['@org/dev']);
  });
});

describe('owners of findings', () => {
  it('come from the CODEOWNERS named by the configuration, and the summary counts by owner', async () => {
    const { report } = await scan({
      cwd: join(import.meta.dirname, '..', '..', '..', 'fixtures', 'mobility-platform'),
      cache: false,
    });
    const ownersByFile = Object.fromEntries(report.findings.map((finding) => [finding.file, finding.owners]));
    expect(ownersByFile['src/booking/booking.service.ts']).toEqual(['@mobility/booking']);
    expect(ownersByFile['src/payment/payment.repository.ts']).toEqual([
      '@mobility/payments',
      '@mobility/finance-review',
    ]);
    expect(ownersByFile['src/backoffice/admin-audit.ts']).toEqual([]);
    // Each finding counts once for each of its owners; unowned ones under `(unowned)`.
    const expected: Record<string, number> = {};
    for (const finding of report.findings)
      for (const owner of finding.owners.length > 0 ? finding.owners : ['(unowned)'])
        expected[owner] = (expected[owner] ?? 0) + 1;
    expect(report.summary.byOwner).toEqual(expected);
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining(['(unowned)', '@mobility/booking', '@mobility/payments', '@mobility/finance-review']),
    );
  });

  it('are empty without an owners setting, and every finding counts as unowned', async () => {
    const directory = createProject({ 'src/booking/a.ts': 'export const cognitoSub = 1;\n' });
    const { report } = await scan({ cwd: directory });
    expect(report.findings.map((finding) => finding.owners)).toEqual([[]]);
    expect(report.summary.byOwner).toEqual({ '(unowned)': 1 });
  });

  it('a CODEOWNERS at the root names paths from the root, also when it sits in .github/', async () => {
    const config = {
      providers: ['cognito'],
      layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } },
      owners: 'CODEOWNERS',
    };
    const directory = createProject(
      { 'src/booking/a.ts': 'export const cognitoSub = 1;\n', CODEOWNERS: '/src/booking/ @org/booking\n' },
      config,
    );
    expect((await scan({ cwd: directory })).report.findings[0]!.owners).toEqual(['@org/booking']);
  });

  it('a missing CODEOWNERS file is a configuration error naming the owners key (exit 2)', async () => {
    const config = {
      providers: ['cognito'],
      layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } },
      owners: '.github/CODEOWNERS',
    };
    const directory = createProject({ 'src/booking/a.ts': 'export const cognitoSub = 1;\n' }, config);
    const result = await runCli(directory, 'scan');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/owners: expected a CODEOWNERS file, but .*CODEOWNERS does not exist/);
  });

  it('lines the host rejects are warnings on stderr, not errors', async () => {
    const config = {
      providers: ['cognito'],
      layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } },
      owners: '.github/CODEOWNERS',
    };
    const directory = createProject(
      {
        'src/booking/a.ts': 'export const cognitoSub = 1;\n',
        '.github/CODEOWNERS': '!/src/ @org/x\n/src/ @org/booking\n',
      },
      config,
    );
    const result = await runCli(directory, 'scan', '--format', 'json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/warning: .*CODEOWNERS:1: negated pattern/);
    expect(JSON.parse(result.stdout).findings[0].owners).toEqual(['@org/booking']);
  });
});
