import { readFileSync } from 'node:fs';
import {
  resolveRuleOptions,
  type ProjectRule,
  type ResolvedConfig,
  type Rule,
  type Severity,
  type SiteDetail,
  type SiteKind,
} from '@authboundary/rules';
import type { Finding, UnscannedFile } from '../report/report.js';
import type { SourceFileRef } from '../files/discover-files.js';

// The records a file's extraction produces, and the steps around it that need no compiler: the
// extractor itself (`extract-file.ts`, which loads the compiler) is imported only once a file has
// to be parsed.

/** A rule the configuration turns on, with its severity and options. */
export interface Enabled<R> {
  readonly rule: R;
  readonly severity: Exclude<Severity, 'off'>;
  readonly options: unknown;
}
export type EnabledRule = Enabled<Rule<unknown>>;
export type EnabledProjectRule = Enabled<ProjectRule<unknown>>;

/** Project-rule facts of one file, by rule id (plain JSON). */
export type FileFactsByRule = Readonly<Record<string, unknown>>;

/** A site of the identity surface (see `surveyFile`) with 1-based positions: plain JSON. */
export interface FileSite {
  readonly kind: SiteKind;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly scope: string;
  readonly detail: SiteDetail;
}

/**
 * What leaves the extractor for one file: plain records, never syntax nodes. `facts` holds what
 * the project-wide rules collected (absent when none applies) and `specifiers` the module
 * specifiers the file imports and re-exports (with `facts` only: what the scan resolves for them).
 */
export type FileResult =
  | {
      readonly kind: 'scanned';
      readonly findings: Finding[];
      readonly facts?: FileFactsByRule;
      /** With `facts`, or with a BFF handler among `sites` (the domains it composes are resolved from them). */
      readonly specifiers?: readonly string[];
      /** The file's identity-surface sites, when it has any. */
      readonly sites?: readonly FileSite[];
    }
  | { readonly kind: 'unscanned'; readonly unscanned: UnscannedFile };

/** The text of a source file, or why it cannot be scanned (BOM stripped, as ESLint does, so offsets agree). */
export function readSourceText(ref: SourceFileRef): { text: string } | { unscanned: UnscannedFile } {
  let text: string;
  try {
    text = readFileSync(ref.absolutePath, 'utf8');
  } catch (error) {
    return {
      unscanned: {
        file: ref.path,
        reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      },
    };
  }
  if (text.includes('\u0000')) return { unscanned: { file: ref.path, reason: 'not a text file (contains NUL bytes)' } };
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** The rules (per-file or project-wide) the configuration turns on, with their options resolved. */
export function enabledRules<R extends Rule<unknown> | ProjectRule<unknown>>(
  rules: readonly R[],
  config: ResolvedConfig,
): Enabled<R>[] {
  return rules.flatMap((rule) => {
    const { severity } = config.ruleSetting(rule);
    return severity === 'off' ? [] : [{ rule, severity, options: resolveRuleOptions(rule, config) }];
  });
}
