import type * as ts from 'typescript';
import type { z } from 'zod';
import type { ResolvedConfig } from './config/resolved-config.js';
import type { FileContext } from './layers.js';
import type { FileFacts, ModuleResolver, Preset, SourceRange, TypeScript } from './rule-basics.js';
import { hasParents, walkTree, type NodeListeners } from './walk.js';

export type { ConfigurableRule, FileFacts, ModuleResolver, Preset, SourceRange, TypeScript } from './rule-basics.js';

/** A text replacement in the file's source text (offsets into `sourceFile.text`). */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** An edit offered to the user, never applied automatically (it could change meaning). */
export interface Suggestion {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly edits: readonly TextEdit[];
}

/** What a detector returns: a range in the source text, a message id and the message's data. */
export interface Detection {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  /** Offset of the first character (as `node.getStart(sourceFile)`). */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
  readonly suggestions?: readonly Suggestion[];
}

export interface DetectorContext<Options> {
  readonly ts: TypeScript;
  readonly sourceFile: ts.SourceFile;
  readonly config: ResolvedConfig;
  readonly file: FileContext;
  readonly options: Options;
}

export interface RuleMeta<Options> {
  readonly type: 'problem' | 'suggestion';
  /** One sentence: what the rule rejects. */
  readonly description: string;
  /** The least strict preset that enables the rule (`recommended` rules are also in `strict`). */
  readonly preset: Preset;
  /** Every user-facing sentence, keyed by message id; `{{name}}` placeholders are filled from `data`. */
  readonly messages: Readonly<Record<string, string>>;
  /** The rule's options: every property has a description and a default. */
  readonly options: z.ZodType<Options>;
  readonly hasSuggestions?: boolean;
}

/**
 * What a listening rule hands the shared walk for one file: its listeners, and `finish`, called
 * after the walk, which returns the detections.
 */
export interface RuleListeners extends NodeListeners {
  finish(): Detection[];
}

/** A per-file rule, written once over the TypeScript syntax tree and run by both hosts. */
export interface Rule<Options = Record<string, never>> {
  readonly id: string;
  readonly meta: RuleMeta<Options>;
  /** Whether the rule looks at a file of this layer at all (checked before any parsing work). */
  appliesTo(file: FileContext): boolean;
  /**
   * A rule that listens to nodes of the one walk every rule shares (see `walkTree`): its listeners
   * for this file, or null when the file cannot hold anything it reports (a text scan found none of
   * its names), which spares it any work on the tree. Hosts that run several rules use this.
   */
  create?(context: DetectorContext<Options>): RuleListeners | null;
  /**
   * A walking rule's test of a file before `detect`, on its text and top-level statements only (no
   * parent links, no walk): false when `detect` can report nothing in it. Both hosts skip `detect`
   * then (`runRule`, `runRules`), and the scanner, which links a tree only in a walk, does not link
   * a file that no rule listens to and every gate refuses.
   */
  gate?(context: DetectorContext<Options>): boolean;
  /** All detections of the rule in one file (for a listening rule: a walk of its own listeners). */
  detect(context: DetectorContext<Options>): Detection[];
  /**
   * Detections in a schema file the scanner reads besides TypeScript and JavaScript (`.prisma`, see
   * `SCHEMA_FILE_EXTENSIONS`). Scanner only: ESLint does not lint such files.
   */
  detectSchema?(context: SchemaFileContext<Options>): SchemaDetection[];
}

/** What `detectSchema` receives: a schema file's path and text (no syntax tree). */
export interface SchemaFileContext<Options> {
  readonly path: string;
  readonly text: string;
  readonly config: ResolvedConfig;
  readonly file: FileContext;
  readonly options: Options;
}

/** A detection in a schema file, with what identifies it across edits (the file has no syntax tree to take it from). */
export interface SchemaDetection extends Detection {
  /** The enclosing declaration (`model User`). */
  readonly scope: string;
  /** The matched declaration's text in canonical spelling (a column's name). */
  readonly key: string;
}

/** A rule as written: it either walks the tree itself (`detect`) or listens to the shared walk (`create`). */
export type RuleDefinition<Options> = Omit<Rule<Options>, 'create' | 'detect'> &
  (
    | { readonly detect: Rule<Options>['detect']; readonly create?: never }
    | { readonly create: NonNullable<Rule<Options>['create']>; readonly detect?: never; readonly gate?: never }
  );

/**
 * Fixes a rule's option type; every rule is made through it. A listening rule gets a `detect` that
 * walks the tree with its listeners alone, so a single rule runs the same code as the shared walk.
 */
export function defineRule<Options>(rule: RuleDefinition<Options>): Rule<Options> {
  if (rule.create === undefined) return rule;
  return {
    ...rule,
    detect(context) {
      const listeners = rule.create(context);
      if (listeners === null) return [];
      walkTree(context.ts, context.sourceFile, [listeners], { setParents: false });
      return listeners.finish();
    },
  };
}

/** Fills `{{name}}` placeholders of a rule message (the same syntax ESLint uses). */
export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => (key in data ? data[key]! : whole));
}

/** The documentation URL of a rule: its page beside its detector in the repository. */
export function docsUrlOf(ruleId: string): string {
  return `https://github.com/authboundary/authboundary/blob/main/rules/src/${ruleId}/README.md`;
}

/** What a project rule's `collect` receives: a detector context plus a way to turn nodes into ranges. */
export interface CollectContext<Options> extends DetectorContext<Options> {
  /** The range of a node (from its first token, as `node.getStart(sourceFile)`, to its end). */
  readonly rangeOf: (node: ts.Node) => SourceRange;
}

/** What a project rule's `analyze` reports: a file, a range in it, a message id and the message's data. */
export interface ProjectDetection {
  readonly file: string;
  readonly range: SourceRange;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
}

export interface AnalyzeContext<Options> {
  readonly config: ResolvedConfig;
  readonly options: Options;
  /**
   * The host's module resolution (the scanner's follows each file's tsconfig and the workspace's
   * packages); pass it to `ModuleGraph`. Absent in hosts that resolve nothing beyond relative paths.
   */
  readonly resolveModule?: ModuleResolver;
}

/**
 * What a listening project rule hands the shared walk for one file: the listeners it needs there,
 * and `finish`, which returns the file's facts. The host calls `finish` after the walk and after
 * every per-file rule's `finish`, so it may read what those left for the tree (the identity index).
 */
export interface CollectListeners<Facts> {
  readonly listeners: readonly NodeListeners[];
  finish(): Facts;
}

/**
 * A project-wide rule (scanner only): `collect` runs in the per-file pass and returns plain JSON
 * facts (cached with the file's result, carried in shard reports), `analyze` runs once over the
 * facts of every scanned file. Facts must be JSON-serialisable and must not depend on other files.
 */
export interface ProjectRule<Options = Record<string, never>, Facts = unknown> {
  readonly id: string;
  readonly kind: 'project';
  readonly meta: RuleMeta<Options>;
  /** Whether `collect` looks at a file of this layer at all. */
  appliesTo(file: FileContext): boolean;
  /**
   * A rule whose facts need nodes beyond the top-level statements listens to the walk the per-file
   * rules share (see `runRules`) instead of walking the tree again: its listeners for this file.
   * Hosts that run the per-file rules in one walk use this; `collect` gives the same facts.
   */
  listen?(context: CollectContext<Options>): CollectListeners<Facts>;
  /**
   * The file's facts (for a listening rule: a walk of its own listeners). The scanner may hand over
   * a tree without parent links (a file no per-file rule walked): code that reads `parent` calls
   * `ensureParents` first. The same holds for the `finish` of `listen` when it registered no listener.
   */
  collect(context: CollectContext<Options>): Facts;
  /** Facts arrive sorted by path; detections may come in any order (hosts sort them). */
  analyze(files: readonly FileFacts<Facts>[], context: AnalyzeContext<Options>): ProjectDetection[];
}

/** A project rule as written: it either collects on its own (`collect`) or listens to the shared walk (`listen`). */
export type ProjectRuleDefinition<Options, Facts> = Omit<ProjectRule<Options, Facts>, 'collect' | 'listen'> &
  (
    | { readonly collect: ProjectRule<Options, Facts>['collect']; readonly listen?: never }
    | { readonly listen: NonNullable<ProjectRule<Options, Facts>['listen']>; readonly collect?: never }
  );

/**
 * Fixes a project rule's option and fact types; every project rule is made through it. A listening
 * rule gets a `collect` that walks the tree with its listeners alone, so it runs the same code as in
 * the shared walk.
 */
export function defineProjectRule<Options, Facts>(
  rule: ProjectRuleDefinition<Options, Facts>,
): ProjectRule<Options, Facts> {
  if (rule.listen === undefined) return rule;
  return {
    ...rule,
    collect(context) {
      const collector = rule.listen(context);
      // As in the scanner's shared walk: the tree is walked (and linked, if it is not yet) only for
      // listeners; a collector that registered none finishes on the tree as it came.
      if (collector.listeners.length > 0)
        walkTree(context.ts, context.sourceFile, collector.listeners, {
          setParents: !hasParents(context.sourceFile),
        });
      return collector.finish();
    },
  };
}

/**
 * What configuration, docs and presets need of any rule, per-file or project-wide. A rule's option
 * type only appears where it is read, and methods compare their parameters both ways, so every
 * `Rule<Options>` is a `Rule<unknown>`: hosts hand such a rule the options its own schema parsed.
 */
export type AnyRule = Rule<unknown> | ProjectRule<unknown>;
