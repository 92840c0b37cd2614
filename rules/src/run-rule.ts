import type * as ts from 'typescript';
import type { ResolvedConfig } from './config/resolved-config.js';
import type { Detection, ProjectRule, Rule, TypeScript } from './detector.js';
import type { FileContext } from './layers.js';

/**
 * A rule's effective options: the host's own options (ESLint rule options) over the
 * configuration's, over the rule's defaults. Validated by the rule's schema.
 */
export function resolveRuleOptions<Options>(rule: Rule<Options> | ProjectRule<Options, unknown>, config: ResolvedConfig, hostOptions?: Readonly<Record<string, unknown>>): Options {
  return rule.meta.options.parse({ ...config.ruleSetting(rule).options, ...hostOptions });
}

/** Runs one rule on one file; the same call in both hosts is what keeps their findings equal. */
export function runRule<Options>(rule: Rule<Options>, ts: TypeScript, sourceFile: ts.SourceFile, config: ResolvedConfig, file: FileContext, options: Options): Detection[] {
  if (!rule.appliesTo(file)) return [];
  return rule.detect({ ts, sourceFile, config, file, options });
}
