import type * as ts from 'typescript';
import type { ResolvedConfig } from './config/resolved-config.js';
import type { Detection, DetectorContext, ProjectRule, Rule, RuleListeners, TypeScript } from './detector.js';
import type { FileContext } from './layers.js';
import { ensureParents, walkTree, type NodeListeners, type WalkOptions } from './walk.js';

/**
 * A rule's effective options: the host's own options (ESLint rule options) over the
 * configuration's, over the rule's defaults. Validated by the rule's schema.
 */
export function resolveRuleOptions<Options>(
  rule: Rule<Options> | ProjectRule<Options>,
  config: ResolvedConfig,
  hostOptions?: Readonly<Record<string, unknown>>,
): Options {
  return rule.meta.options.parse({ ...config.ruleSetting(rule).options, ...hostOptions });
}

/** Runs one rule on one file; the same call in both hosts is what keeps their findings equal. */
export function runRule<Options>(
  rule: Rule<Options>,
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  config: ResolvedConfig,
  file: FileContext,
  options: Options,
): Detection[] {
  const context = gatedContext(rule, ts, sourceFile, config, file, options);
  return context === undefined ? [] : rule.detect(context);
}

/** The context `detect` gets, or undefined when the rule skips the file (its layer, or its `gate`). */
function gatedContext<Options>(
  rule: Rule<Options>,
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  config: ResolvedConfig,
  file: FileContext,
  options: Options,
): DetectorContext<Options> | undefined {
  if (!rule.appliesTo(file)) return undefined;
  const context = { ts, sourceFile, config, file, options };
  return rule.gate?.(context) === false ? undefined : context;
}

/** A rule to run with its options. */
export interface RuleToRun<Options = unknown> {
  readonly rule: Rule<Options>;
  readonly options: Options;
}

/**
 * Runs several rules on one file with one shared walk: the listening rules' listeners are
 * dispatched in it, then the other rules run on the linked tree. Returns each rule's detections in
 * the order of `rules` (the same as `runRule` gives for each alone). With `setParents`, the tree may
 * come from the parser without parent links (`setParentNodes: false`): the walk links it, which
 * costs less than the parser's own linking pass. When nobody listens, it is linked only if a walking
 * rule passes its `gate`, so a file no rule can report on is neither walked nor linked (most files
 * of a platform's domains): callers that read `parent` afterwards call `ensureParents`.
 * `also`: listeners of the host's own that share the walk, after the rules' (the scanner's
 * identity-surface survey, `surveyListeners`), so the file is walked once for all of them.
 */
export function runRules(
  rules: readonly RuleToRun[],
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  config: ResolvedConfig,
  file: FileContext,
  { setParents }: WalkOptions,
  also: readonly NodeListeners[] = [],
): Detection[][] {
  const listening: { index: number; listeners: RuleListeners }[] = [];
  const results: Detection[][] = rules.map(() => []);
  rules.forEach(({ rule, options }, index) => {
    if (rule.create === undefined || !rule.appliesTo(file)) return;
    const listeners = rule.create({ ts, sourceFile, config, file, options });
    if (listeners !== null) listening.push({ index, listeners });
  });
  if (listening.length > 0 || also.length > 0)
    walkTree(ts, sourceFile, [...listening.map(({ listeners }) => listeners), ...also], { setParents });
  for (const { index, listeners } of listening) results[index] = listeners.finish();
  rules.forEach(({ rule, options }, index) => {
    if (rule.create !== undefined) return;
    const context = gatedContext(rule, ts, sourceFile, config, file, options);
    if (context === undefined) return;
    if (setParents) ensureParents(ts, sourceFile);
    results[index] = rule.detect(context);
  });
  return results;
}
