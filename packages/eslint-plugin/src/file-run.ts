import {
  resolveRuleOptions,
  runRule,
  runRules,
  type Detection,
  type FileContext,
  type ResolvedConfig,
  type Rule,
} from '@authboundary/rules';
import type { TSESLint } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { configForFile, relativePathOf } from './config-for-file.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * The plugin's rules on one linted file, run together. ESLint creates every rule of a file before
 * it traverses the file, so each rule's `create` joins the file's run, and the first rule to reach
 * `Program` runs them all in one shared walk of the TypeScript tree (as the scanner does); the
 * others read their detections. The configuration and the file's layer are also found once per
 * file rather than once per rule.
 */
export class FileRun {
  private readonly rules: { rule: Rule<unknown>; options: unknown }[] = [];
  private results: Map<Rule<unknown>, Detection[]> | undefined;

  private constructor(
    readonly config: ResolvedConfig,
    readonly file: FileContext,
  ) {}

  /** Registers a rule with its options for this file. */
  join(rule: Rule<unknown>, options: unknown): void {
    this.rules.push({ rule, options });
  }

  /** A rule's detections: from the shared run, or alone if it joined after the run (never in ESLint as it is). */
  detectionsOf(rule: Rule<unknown>, sourceFile: ts.SourceFile): Detection[] {
    if (this.results === undefined) {
      const detections = runRules(this.rules, ts, sourceFile, this.config, this.file, { setParents: false });
      this.results = new Map(this.rules.map(({ rule: joined }, index) => [joined, detections[index]!]));
    }
    const shared = this.results.get(rule);
    if (shared !== undefined) return shared;
    const options = this.rules.find((joined) => joined.rule === rule)?.options;
    return runRule(rule, ts, sourceFile, this.config, this.file, options);
  }

  private static readonly bySourceCode = new WeakMap<object, FileRun | null>();

  /** The run of the linted file, or null when the file is outside the configured layers. */
  static of(context: Context): FileRun | null {
    let run = FileRun.bySourceCode.get(context.sourceCode);
    if (run === undefined) {
      const config = configForFile(context.filename, context.cwd, context.settings);
      const file = config.classify(relativePathOf(config, context.filename));
      run = file === null ? null : new FileRun(config, file);
      FileRun.bySourceCode.set(context.sourceCode, run);
    }
    return run;
  }
}

const optionsByConfig = new WeakMap<ResolvedConfig, Map<string, unknown>>();

/** A rule's effective options, validated once per configuration and ESLint options rather than per file. */
export function optionsOf(
  rule: Rule<unknown>,
  config: ResolvedConfig,
  hostOptions: Readonly<Record<string, unknown>> | undefined,
): unknown {
  let byKey = optionsByConfig.get(config);
  if (byKey === undefined) {
    byKey = new Map();
    optionsByConfig.set(config, byKey);
  }
  const key = `${rule.id}\u0000${JSON.stringify(hostOptions ?? {})}`;
  if (!byKey.has(key)) byKey.set(key, resolveRuleOptions(rule, config, hostOptions));
  return byKey.get(key);
}
