import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { noInsecureTokenVerification } from './no-insecure-token-verification/index.js';
import { noProviderSdkOutsideAuth } from './no-provider-sdk-outside-auth/index.js';
import { noUnverifiedTokenRead } from './no-unverified-token-read/index.js';
import type { Rule } from './detector.js';
import { resolveRuleOptions, runRule, runRules, type RuleToRun } from './run-rule.js';
import { countingCompiler } from './testing/counting-compiler.js';
import { testConfig } from './testing/index.js';
import { ensureParents, hasParents } from './walk.js';

const config = testConfig({ providers: ['cognito'] });
const path = 'src/booking/booking.service.ts';
const file = config.classify(path)!;

/** The walking rules that have a gate, with their configured options. */
const gated: RuleToRun[] = (
  [noProviderSdkOutsideAuth, noUnverifiedTokenRead, noInsecureTokenVerification] as const
).map((rule: Rule<unknown>) => ({ rule, options: resolveRuleOptions(rule, config) }));

const parse = (code: string, linked: boolean) =>
  ts.createSourceFile(`/${path}`, code, ts.ScriptTarget.Latest, linked, ts.ScriptKind.TS);

/** Runs the gated rules as the scanner does (an unlinked tree the walk links), counting `forEachChild` calls. */
function shared(code: string): { detections: unknown[][]; visits: number; linked: boolean } {
  const sourceFile = parse(code, false);
  const { counting, calls } = countingCompiler(ts);
  const detections = runRules(gated, counting, sourceFile, config, file, { setParents: true });
  return { detections, visits: calls(), linked: hasParents(sourceFile) };
}

/** Each gated rule alone on a tree the parser linked, as ESLint runs it. */
const alone = (code: string) =>
  gated.map(({ rule, options }) => runRule(rule, ts, parse(code, true), config, file, options));

const plainDomainCode = `import { Booking } from './booking.js';
export function total(booking: Booking): number {
  return booking.items.reduce((sum, item) => sum + item.price, 0);
}
`;

describe('runRules with gates', () => {
  // The scanner used to link every tree in a walk of its own even when no rule would look at it.
  it('neither walks nor links a file that no rule listens to and every gate refuses', () => {
    const run = shared(plainDomainCode);
    expect(run.detections).toEqual([[], [], []]);
    expect(run.visits).toBe(0);
    expect(run.linked).toBe(false);
  });

  it('links the tree before the first rule whose gate passes, and detects what each rule alone does', () => {
    const code = `import { fetchAuthSession } from 'aws-amplify/auth';\n${plainDomainCode}`;
    const run = shared(code);
    expect(run.linked).toBe(true);
    expect(run.detections).toEqual(alone(code));
    expect(run.detections[0]).toHaveLength(1);
  });

  // A specifier may spell the module with escapes: the gate cannot rule the file out on its text.
  it('lets an SDK import whose specifier is spelled with an escape through the gate', () => {
    const code = `import { fetchAuthSession } from 'aws-\\x61mplify/auth';\n${plainDomainCode}`;
    const run = shared(code);
    expect(run.detections[0]).toHaveLength(1);
    expect(run.detections).toEqual(alone(code));
  });

  it('runs a rule whose gate refuses the file neither alone nor in the shared walk', () => {
    const sourceFile = parse(plainDomainCode, true);
    for (const { rule, options } of gated) {
      let detected = false;
      const watched = { ...rule, detect: () => ((detected = true), []) };
      expect(runRule(watched, ts, sourceFile, config, file, options)).toEqual([]);
      expect(
        runRules([{ rule: watched, options }], ts, parse(plainDomainCode, false), config, file, {
          setParents: true,
        }),
      ).toEqual([[]]);
      expect(detected).toBe(false);
    }
  });
});

describe('ensureParents', () => {
  it('links an unlinked tree as the parser does, and leaves a linked one unwalked', () => {
    const unlinked = parse(plainDomainCode, false);
    expect(hasParents(unlinked)).toBe(false);
    ensureParents(ts, unlinked);
    expect(hasParents(unlinked)).toBe(true);
    const statement = unlinked.statements[1]!;
    expect(statement.parent).toBe(unlinked);
    const { counting, calls } = countingCompiler(ts);
    ensureParents(counting, unlinked);
    ensureParents(counting, parse(plainDomainCode, true));
    expect(calls()).toBe(0);
  });

  it('takes an empty file as linked once its end-of-file token is', () => {
    const empty = parse('', false);
    expect(hasParents(empty)).toBe(false);
    ensureParents(ts, empty);
    expect(hasParents(empty)).toBe(true);
  });
});
