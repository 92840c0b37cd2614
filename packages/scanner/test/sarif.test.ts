import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRuleCatalogue, ruleCatalogue } from '@authboundary/rules';
import { check, reporters, scan } from '@authboundary/scanner';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { createProject, runCli, writeProjectFiles } from './project.js';

const fixture = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'mobility-platform');

/**
 * The official SARIF 2.1.0 schema (OASIS Standard with Errata 01, draft-04), vendored unmodified
 * beside this test with its source, hash and license (sarif-schema/README.md); never downloaded.
 * Its one language-tag pattern is not valid as a Unicode regular expression, hence `unicodeRegExp: false`.
 */
function sarifValidator() {
  const schemaPath = join(import.meta.dirname, 'sarif-schema', 'sarif-schema-2.1.0.json');
  // CommonJS modules whose default export TypeScript sees as the module itself.
  const Ajv = AjvDraft04 as unknown as typeof AjvDraft04.default;
  const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

const validate = sarifValidator();

it('the validator rejects a log that breaks the schema (it can fail)', () => {
  expect(
    validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ message: 'not an object' }] }] }),
  ).toBe(false);
});

describe('sarif output of the mobility platform', async () => {
  const { report } = await scan({ cwd: fixture });
  const log = JSON.parse(reporters.sarif(report, { color: false })) as Sarif.Log;
  const run = log.runs[0]!;

  it('is valid against the official SARIF 2.1.0 JSON schema', () => {
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('describes every rule with help text and a help URI', () => {
    expect(run.tool.driver.rules!.map((rule) => rule.id)).toEqual(
      [...ruleCatalogue, ...projectRuleCatalogue].map((rule) => rule.id),
    );
    for (const rule of run.tool.driver.rules!) {
      expect(rule.help!.text).toContain(rule.shortDescription!.text);
      expect(rule.helpUri).toBe(
        `https://github.com/authboundary/authboundary/blob/main/rules/src/${rule.id}/README.md`,
      );
    }
  });

  it('gives every result, project-wide rules included, its rule descriptor, rule index and help', () => {
    const rules = run.tool.driver.rules!;
    const projectRuleIds = new Set(projectRuleCatalogue.map((rule) => rule.id));
    expect(run.results!.filter((result) => projectRuleIds.has(result.ruleId!)).length).toBeGreaterThan(0);
    for (const result of run.results!) {
      expect(result.ruleIndex, result.ruleId).toBeTypeOf('number');
      const descriptor = rules[result.ruleIndex!]!;
      expect(descriptor.id).toBe(result.ruleId);
      expect(descriptor.help!.text.length).toBeGreaterThan(0);
      expect(descriptor.help!.markdown).toContain(descriptor.helpUri);
      expect(descriptor.helpUri).toBe(
        `https://github.com/authboundary/authboundary/blob/main/rules/src/${result.ruleId}/README.md`,
      );
    }
  });

  it('has one result per finding, with its fingerprint as partial fingerprint', () => {
    expect(run.results!.map((result) => result.partialFingerprints!['authboundaryFingerprint/v2'])).toEqual(
      report.findings.map((finding) => finding.fingerprint),
    );
    expect(run.results!.every((result) => result.baselineState === undefined)).toBe(true);
  });

  it('names files by URIs relative to the configuration directory', () => {
    const [first] = report.findings;
    const location = run.results![0]!.locations![0]!.physicalLocation!;
    expect(location.artifactLocation).toEqual({ uri: first!.file, uriBaseId: '%SRCROOT%' });
    expect(location.region).toEqual({
      startLine: first!.line,
      startColumn: first!.column,
      endLine: first!.endLine,
      endColumn: first!.endColumn,
    });
    expect(run.originalUriBaseIds!['%SRCROOT%']!.uri).toBe(`file://${fixture}/`);
  });

  it('carries owners, layer and module as result properties', () => {
    const payment = run.results!.find(
      (result) => result.locations![0]!.physicalLocation!.artifactLocation!.uri === 'src/payment/payment.repository.ts',
    );
    expect(payment!.properties).toMatchObject({
      owners: ['@mobility/payments', '@mobility/finance-review'],
      layer: 'domain',
      module: 'payment',
    });
  });
});

it('compared with a baseline, results say whether they are new or unchanged, and the log stays valid', async () => {
  const directory = createProject({ 'src/booking/a.ts': 'export const cognitoSub = 1;\n' });
  await runCli(directory, 'baseline', 'create');
  writeProjectFiles(directory, { 'src/booking/b file.ts': 'export const cognitoUsername = 2;\n' });
  const { report } = await check({ cwd: directory });
  const log = JSON.parse(reporters.sarif(report, { color: false })) as Sarif.Log;
  expect(validate(log)).toBe(true);
  expect(
    log.runs[0]!.results!.map((result) => [
      result.locations![0]!.physicalLocation!.artifactLocation!.uri,
      result.baselineState,
    ]),
  ).toEqual([
    ['src/booking/a.ts', 'unchanged'],
    ['src/booking/b%20file.ts', 'new'],
  ]);
});
