/**
 * What each per-file detector costs next to parsing, on the same files: the minimum of 7 runs of
 * ts.createSourceFile, of typescript-eslint's parse (what the ESLint host pays anyway), of each
 * rule over the already parsed files, of all rules each alone and in one shared walk (as both hosts
 * run them), of the identity-surface survey (`authboundary map`), and of the scanner's way: parsing without parent links and linking in the shared walk
 * (compare with ts.createSourceFile, which links). Run from the repository root after `tsc -b`:
 *   node bench/detector-cost.mjs [corpus-directory]
 */
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import ts from 'typescript';
import { ruleCatalogue, runRule, runRules, resolveRuleOptions, surveyFile, surveyOptionsOf } from '@authboundary/rules';
import { testConfig } from '@authboundary/rules/testing';
import { parseForESLint } from '@typescript-eslint/parser';
// Corpus: TypeScript sources below a directory (default: the sources dependencies ship in node_modules).
const corpus = process.argv[2] ?? 'node_modules/.pnpm';
const files = execSync(`find ${JSON.stringify(corpus)} -path '*/src/*' -name '*.ts' ! -name '*.d.ts'`, {
  encoding: 'utf8',
})
  .trim()
  .split('\n');
const texts = files.map((f) => readFileSync(f, 'utf8'));
const config = testConfig();
const file = { path: 'src/booking/x.ts', layer: 'domain', module: 'booking' };
const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const sourceFiles = texts.map((text) => ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true));
const measure = (rules) => {
  const opts = rules.map((r) => resolveRuleOptions(r, config));
  return () => {
    for (const sf of sourceFiles) rules.forEach((r, i) => runRule(r, ts, sf, config, file, opts[i]));
  };
};
const tsParse = () => {
  for (const text of texts) ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
};
const eslintParse = () => {
  for (const text of texts) parseForESLint(text, { range: true, loc: true, tokens: true, comment: true });
};
const allRules = ruleCatalogue.map((rule) => ({ rule, options: resolveRuleOptions(rule, config) }));
// ESLint's way: every rule in one shared walk of a tree the parser linked.
const sharedWalk = () => {
  for (const sf of sourceFiles) runRules(allRules, ts, sf, config, file, { setParents: false });
};
// The scanner's way, parse included: a tree parsed without parent links, linked by the shared walk.
const scannerWay = () => {
  for (const text of texts)
    runRules(allRules, ts, ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false), config, file, {
      setParents: true,
    });
};
// The identity-surface survey `authboundary map` and the weekly coverage read (every scan runs it).
const surveyOptions = surveyOptionsOf(config);
const survey = () => {
  for (const sf of sourceFiles) surveyFile(ts, sf, config, file, surveyOptions);
};
const subjects = {
  'ts.createSourceFile': tsParse,
  'typescript-eslint parse': eslintParse,
  ...Object.fromEntries(ruleCatalogue.map((r) => [r.id, measure([r])])),
  'all rules, each walking alone': measure(ruleCatalogue),
  'all rules, one shared walk': sharedWalk,
  'identity-surface survey': survey,
  'parse unlinked + shared walk linking it': scannerWay,
};
const best = {};
for (let i = 0; i < 7; i++)
  for (const [name, fn] of Object.entries(subjects)) best[name] = Math.min(best[name] ?? Infinity, time(fn));
console.log(`${files.length} files (min of 7 runs, ms)`);
for (const [name, ms] of Object.entries(best))
  console.log(
    `${name.padEnd(40)} ${ms.toFixed(1).padStart(8)}  ×ts ${(ms / best['ts.createSourceFile']).toFixed(3)}  ×eslint-parse ${(ms / best['typescript-eslint parse']).toFixed(3)}`,
  );
