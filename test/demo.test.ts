import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '@authboundary/scanner';
import { expect, it } from 'vitest';

const repositoryRoot = join(import.meta.dirname, '..');
const fixture = join(repositoryRoot, 'fixtures', 'mobility-platform');

function fixtureDigest(): string {
  const hash = createHash('sha256');
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(directory, entry.name);
      // node_modules is git-ignored: the scanner's cache lives there, not the fixture.
      if (entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk(fixture);
  return hash.digest('hex');
}

it('`pnpm demo` exits 0, backfills a shrinking weekly history, prints the trend and writes the HTML report, leaving the fixture unchanged', async () => {
  const before = fixtureDigest();
  const { report } = await scan({ paths: [fixture], cwd: fixture, cache: false });
  const start = report.summary.total;
  const output = execFileSync(process.execPath, [join(repositoryRoot, 'scripts', 'demo.mjs')], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(output).toContain(`✖ ${start} problems`);
  expect(output).toMatch(/6 weeks backfilled in .*authboundary\.history\.json/);
  // The demo's six weekly commits fix eight findings, the last of them one.
  expect(output).toMatch(new RegExp(`Violations: ${start - 8} in \\d{4}-W\\d{2} \\(-1 vs last week, -8 vs`));
  expect(output).toContain('Stop condition: -1.5/week over the last 4 weeks: zero projected in');
  const reportFile = /HTML report written to (.*)\n/.exec(output)![1]!;
  expect(reportFile).toBe(join(repositoryRoot, '.authboundary-demo', 'authboundary-demo-report.html'));
  expect(statSync(reportFile).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  expect(fixtureDigest()).toBe(before);
});
