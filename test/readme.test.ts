import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRuleCatalogue, ruleCatalogue } from '@authboundary/rules';
import { expect, it } from 'vitest';
import { withRulesTable } from '../scripts/rules-table.mjs';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

it('the README rules table lists exactly the rule catalogue (node scripts/rules-table.mjs regenerates it)', () => {
  expect(readme).toBe(
    (
      withRulesTable as (text: string, rules: typeof ruleCatalogue, projectRules: typeof projectRuleCatalogue) => string
    )(readme, ruleCatalogue, projectRuleCatalogue),
  );
});

it('the README quick start has the two commands, each as written in package.json', () => {
  const { scripts } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(readme).toContain('npx --yes pnpm@10.34.9 install && npx --yes pnpm@10.34.9 demo');
  expect(readme).toContain('npx --yes pnpm@10.34.9 test');
  expect(scripts['demo']).toBeDefined();
  expect(scripts['test']).toBeDefined();
});
