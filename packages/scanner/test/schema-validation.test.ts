import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASELINE_FILE_NAME, reportJsonSchema, scan } from '@authboundary/scanner';
import { configJsonSchema } from '@authboundary/rules';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createProject, runCli } from './project.js';

const packageDirectory = join(import.meta.dirname, '..');

it('schema.json is the configuration schema of @authboundary/rules', () => {
  expect(JSON.parse(readFileSync(join(packageDirectory, 'schema.json'), 'utf8'))).toEqual(configJsonSchema());
});

describe('documents validate against their published schemas', () => {
  // CommonJS module whose default export TypeScript sees as the module itself.
  const Ajv = Ajv2020 as unknown as typeof Ajv2020.default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const schema = (name: string) => JSON.parse(readFileSync(join(packageDirectory, name), 'utf8')) as object;

  it('a JSON report with owners, fingerprints and a comparison', async () => {
    const directory = createProject({ 'src/booking/a.ts': 'export const cognitoSub = 1;\n' });
    await runCli(directory, 'baseline', 'create');
    const report = JSON.parse((await runCli(directory, 'check', '--format', 'json')).stdout);
    const validate = ajv.compile(schema('report.schema.json'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...report, findings: [{ ...report.findings[0], owners: 'nobody' }] })).toBe(false);
  });

  it('a baseline file', async () => {
    const directory = createProject({ 'src/booking/a.ts': 'export const cognitoSub = 1;\n' });
    await runCli(directory, 'baseline', 'create');
    const validate = ajv.compile(schema('baseline.schema.json'));
    expect(
      validate(JSON.parse(readFileSync(join(directory, BASELINE_FILE_NAME), 'utf8'))),
      JSON.stringify(validate.errors),
    ).toBe(true);
  });

  it('the report schema is the one the package exports', async () => {
    expect(JSON.parse(readFileSync(join(packageDirectory, 'report.schema.json'), 'utf8'))).toEqual(reportJsonSchema());
    expect((await scan({ cwd: createProject({}) })).report.summary.byOwner).toEqual({});
  });
});
