import * as ts from 'typescript';
import { resolveConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { ConfigInput } from '../config/schema.js';
import type { ProjectRule, Rule } from '../detector.js';
import { formatMessage } from '../detector.js';
import { ruleCatalogue } from '../catalogue.js';
import { resolveRuleOptions, runRule, runRules } from '../run-rule.js';
import { positionsToAssert } from './positions.js';

export { span } from './positions.js';

/** The layers every rule test uses unless it says otherwise. */
export const testLayers = {
  auth: 'src/auth/**',
  bff: 'src/bff/**',
  domains: { booking: 'src/booking/**', payment: 'src/payment/**' },
} as const;

/** A resolved configuration for tests, rooted at a virtual directory. */
export function testConfig(overrides: Partial<ConfigInput> = {}): ResolvedConfig {
  return resolveConfig({ layers: testLayers, ...overrides }, '/virtual/project', 'test config');
}

export interface DetectedFinding {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly message: string;
  /** 1-based, like ESLint's reported positions. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
  /** Suggestions offered with the finding: their message and the source text after their edits. */
  readonly suggestions: readonly DetectedSuggestion[];
}

export interface DetectedSuggestion {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly output: string;
}

/** Applies non-overlapping text edits to a source text (as ESLint applies a suggestion's fixes). */
function applyEdits(code: string, edits: readonly { start: number; end: number; text: string }[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end), code);
}

export interface DetectOptions {
  /** Path relative to the configuration root; decides the layer (default: a booking domain file). */
  readonly path?: string;
  readonly config?: ResolvedConfig;
  /** Rule options as an ESLint user would pass them. */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * `'assert'` (the default): the test fails unless it asserts every finding's position through
   * `span` (see ./positions.ts). `'skip'` only for tests that judge a text as a whole, as the
   * docs pages' examples are judged (reported or not), never for a rule's table of cases.
   */
  readonly positions?: 'assert' | 'skip';
}

/**
 * Runs one rule over a source text and returns its findings with positions and messages. The test
 * must assert the position of each finding with `span` (unless `positions: 'skip'`).
 */
export function detect(
  rule: Rule<unknown>,
  code: string,
  { path = 'src/booking/booking.service.ts', config = testConfig(), options, positions = 'assert' }: DetectOptions = {},
): DetectedFinding[] {
  const file = config.classify(path);
  if (file === null) return [];
  const scriptKind = path.endsWith('.tsx')
    ? ts.ScriptKind.TSX
    : path.endsWith('.js') || path.endsWith('.mjs') || path.endsWith('.cjs')
      ? ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true, scriptKind);
  const ruleOptions = resolveRuleOptions(rule, config, options);
  const detections = runRule(rule, ts, sourceFile, config, file, ruleOptions);
  // The scanner runs every rule in one shared walk over a tree the walk links itself: each test
  // also checks that this gives the same detections as the rule alone on a linked tree (ESLint's way).
  const unlinked = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, false, scriptKind);
  const others = ruleCatalogue
    .filter((other) => other.id !== rule.id)
    .map((other) => ({ rule: other, options: resolveRuleOptions(other, config) }));
  const shared = runRules([...others, { rule, options: ruleOptions }], ts, unlinked, config, file, {
    setParents: true,
  }).at(-1)!;
  if (JSON.stringify(shared) !== JSON.stringify(detections)) {
    throw new Error(
      `${rule.id}: the shared walk detects ${JSON.stringify(shared)}, the rule alone ${JSON.stringify(detections)}`,
    );
  }
  const findings = detections.map((detection) => {
    const start = sourceFile.getLineAndCharacterOfPosition(detection.start);
    const end = sourceFile.getLineAndCharacterOfPosition(detection.end);
    return {
      messageId: detection.messageId,
      data: detection.data,
      message: formatMessage(rule.meta.messages[detection.messageId]!, detection.data),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      text: code.slice(detection.start, detection.end),
      suggestions: (detection.suggestions ?? []).map((suggestion) => ({
        messageId: suggestion.messageId,
        data: suggestion.data ?? {},
        output: applyEdits(code, suggestion.edits),
      })),
    };
  });
  return positions === 'assert' ? positionsToAssert(findings) : findings;
}

/** A project rule's finding: the file it is in, and what `detect` gives except the matched text. */
export interface ProjectFinding extends Omit<DetectedFinding, 'text' | 'suggestions'> {
  readonly file: string;
}

/**
 * Runs a project rule as the scanner does — `collect` on each file, `analyze` over all facts —
 * on an in-memory project (paths relative to the configuration root). Facts cross a JSON round
 * trip, as they do through the cache and shard reports. Findings sorted by file and position; the
 * test must assert the position of each with `span` (unless `positions: 'skip'`), as for `detect`.
 */
export function analyzeProject(
  rule: ProjectRule<unknown>,
  files: Readonly<Record<string, string>>,
  { config = testConfig(), options, positions = 'assert' }: Omit<DetectOptions, 'path'> = {},
): ProjectFinding[] {
  const resolved = resolveRuleOptions(rule, config, options);
  const facts = Object.keys(files)
    .sort()
    .flatMap((path) => {
      const file = config.classify(path);
      if (file === null || !rule.appliesTo(file)) return [];
      // Unlinked, as the scanner hands a tree to a project rule that no per-file rule walked: a rule
      // that reads `parent` without `ensureParents` fails its tests.
      const sourceFile = ts.createSourceFile(
        path,
        files[path]!,
        ts.ScriptTarget.Latest,
        false,
        path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
      );
      const rangeOf = (node: ts.Node) => {
        const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
        return {
          line: start.line + 1,
          column: start.character + 1,
          endLine: end.line + 1,
          endColumn: end.character + 1,
        };
      };
      return [
        {
          file,
          facts: JSON.parse(
            JSON.stringify(rule.collect({ ts, sourceFile, config, file, options: resolved, rangeOf })),
          ) as unknown,
        },
      ];
    });
  const findings = rule
    .analyze(facts, { config, options: resolved })
    .map((detection) => ({
      file: detection.file,
      messageId: detection.messageId,
      data: detection.data,
      message: formatMessage(rule.meta.messages[detection.messageId]!, detection.data),
      ...detection.range,
    }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return positions === 'assert' ? positionsToAssert(findings) : findings;
}

/** A schema-file finding (`detectSchema`): what `detect` gives, with the scope and key that fingerprint it. */
export interface SchemaFinding extends Omit<DetectedFinding, 'suggestions'> {
  readonly scope: string;
  readonly key: string;
}

/** Runs a rule's `detectSchema` over a schema file's text (`.prisma`), as the scanner does; positions 1-based. */
export function detectSchema(
  rule: Rule<unknown>,
  text: string,
  { path = 'src/booking/schema.prisma', config = testConfig(), options }: DetectOptions = {},
): SchemaFinding[] {
  const file = config.classify(path);
  if (file === null || !rule.appliesTo(file) || rule.detectSchema === undefined) return [];
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.Unknown);
  const ruleOptions: unknown = resolveRuleOptions(rule, config, options);
  const detections = rule.detectSchema({ path, text, config, file, options: ruleOptions });
  const findings = detections.map((detection): SchemaFinding => {
    // Only the line map of the text is used: a schema file is no TypeScript.
    const start = sourceFile.getLineAndCharacterOfPosition(detection.start);
    const end = sourceFile.getLineAndCharacterOfPosition(detection.end);
    return {
      messageId: detection.messageId,
      data: detection.data,
      message: formatMessage(rule.meta.messages[detection.messageId] ?? detection.messageId, detection.data),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      text: text.slice(detection.start, detection.end),
      scope: detection.scope,
      key: detection.key,
    };
  });
  return positionsToAssert(findings);
}
