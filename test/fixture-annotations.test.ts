import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRuleById, ruleById } from '@authboundary/rules';
import { scan } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { expectedFindingsIn, findingKey } from './fixture-annotations.js';

const fixturesDirectory = join(import.meta.dirname, '..', 'fixtures');
const scannedFixtures = readdirSync(fixturesDirectory).filter((name) =>
  existsSync(join(fixturesDirectory, name, 'authboundary.config.json')),
);

describe.each(scannedFixtures)('fixtures/%s', (fixture) => {
  const directory = join(fixturesDirectory, fixture);

  it('annotates only rules that exist, with message ids the rule has', () => {
    for (const expected of expectedFindingsIn(directory)) {
      const rule = ruleById(expected.rule) ?? projectRuleById(expected.rule);
      expect(rule, `${expected.file}:${expected.line} names unknown rule ${expected.rule}`).toBeDefined();
      if (expected.messageId)
        expect(Object.keys(rule!.meta.messages), `${expected.file}:${expected.line}`).toContain(expected.messageId);
    }
  });

  it('the scanner reports exactly the annotated findings, no more, no fewer', async () => {
    const { report } = await scan({ paths: [directory], cwd: directory, cache: false });
    expect(report.unscanned).toEqual([]);
    const expected = expectedFindingsIn(directory);
    const actual = report.findings.map((finding) =>
      findingKey(
        finding,
        expected.some(
          (entry) =>
            entry.file === finding.file &&
            entry.line === finding.line &&
            entry.rule === finding.rule &&
            entry.messageId !== undefined,
        ),
      ),
    );
    expect(actual.sort()).toEqual(expected.map((entry) => findingKey(entry)).sort());
  });
});

it('the mobility platform fixture has findings in every layer that should have them', async () => {
  const { report } = await scan({
    paths: ['fixtures/mobility-platform'],
    cwd: join(import.meta.dirname, '..'),
    cache: false,
  });
  expect(Object.keys(report.summary.byModule)).toEqual(
    expect.arrayContaining(['bff', 'booking', 'payment', 'wallet', 'users', 'drivers', 'backoffice']),
  );
  // Per-file rules never report in the auth layer; only the project-wide rules about what it hands out do.
  expect(
    report.findings
      .filter((finding) => finding.layer === 'auth')
      .map((finding) => finding.rule)
      .sort(),
  ).toEqual(['no-idp-through-wrapper', 'no-provider-id-export-from-auth', 'no-provider-id-export-from-auth']);
  expect(Object.keys(report.summary.byRule)).toEqual(
    expect.arrayContaining(['no-provider-id-export-from-auth', 'no-transitive-provider-sdk', 'no-provider-id-flow']),
  );
});
