import {
  isSchemaFilePath,
  releaseLastTrees,
  lineAndColumnIn,
  lineRangeFunctionOf,
  moduleFactsOf,
  runRules,
  surveyListeners,
  surveyOptionsOf,
  type Detection,
  type SurveyOptions,
  type FileContext,
  type NodeListeners,
  type ResolvedConfig,
  type SurfaceSite,
  type TypeScript,
} from '@authboundary/rules';
import ts from '../compiler.cjs';
import type * as typescript from 'typescript';
import { fingerprintOf, fingerprintsOfFile, ScopeIndex, snippetOf } from '../fingerprint/index.js';
import { findingOf } from '../report/finding-of.js';
import { lineFeedStartsOf, primeLineStarts } from './line-starts.js';
import type { Finding } from '../report/report.js';
import type { SourceFileRef } from '../files/discover-files.js';
import {
  readSourceText,
  type EnabledProjectRule,
  type EnabledRule,
  type FileResult,
  type FileSite,
} from './file-result.js';

// What leaves this module for a file, and what needs no compiler, is in `file-result.ts` (a warm
// scan whose files are all cache hits loads that module and never this one).
export {
  enabledRules,
  readSourceText,
  type Enabled,
  type EnabledProjectRule,
  type EnabledRule,
  type FileFactsByRule,
  type FileResult,
  type FileSite,
} from './file-result.js';

function scriptKindOf(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * The scanner's compiler is the `typescript` package (the 6.0 release the workspace pins, so syntax
 * kinds agree with the ESLint host's; a test checks the versions). The rules see the host's
 * namespace through their own `TypeScript` type, so the types are bridged here, at the host boundary.
 */
const hostTs: TypeScript = ts;

/** A project rule's part in the per-file pass: listeners for the shared walk, then its facts. */
interface ProjectCollector {
  readonly id: string;
  readonly listeners: readonly NodeListeners[];
  finish(): unknown;
}

/** Parse diagnostics live on the source file (internal but stable since TypeScript 2). */
function firstSyntaxError(sourceFile: ts.SourceFile): string | undefined {
  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] })
    .parseDiagnostics;
  const first = diagnostics?.[0];
  if (first === undefined) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return `syntax error at ${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nesting =
    error instanceof RangeError && /call stack/i.test(error.message) ? ' (the code is nested too deeply)' : '';
  return `${error.name}: ${error.message}${nesting}`;
}

/** How every file is parsed: the newest syntax, JSDoc comments left unparsed (see `extractText`). */
const PARSE_OPTIONS: typescript.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};

/**
 * Parses files with the TypeScript compiler and runs the per-file rules and the project rules'
 * `collect`, one file's syntax tree at a time. The rules work on the compiler's tree alone, so the
 * file is parsed with `ts.createSourceFile` (parent pointers set) rather than added to a ts-morph
 * `Project` (as it once was): the project's in-memory file system, wrapper bookkeeping and the
 * forgetting of nodes cost about a quarter of the parse time and served no rule. The tree is
 * dropped after the file.
 */
export class FileExtractor {
  private readonly surveyOptions: SurveyOptions;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly rules: readonly EnabledRule[],
    private readonly projectRules: readonly EnabledProjectRule[] = [],
  ) {
    this.surveyOptions = surveyOptionsOf(config);
  }

  extract(ref: SourceFileRef): FileResult {
    if (this.config.classify(ref.path) === null) return { kind: 'scanned', findings: [] };
    const read = readSourceText(ref);
    return 'unscanned' in read ? { kind: 'unscanned', unscanned: read.unscanned } : this.extractText(ref, read.text);
  }

  /**
   * `extract` for a text already read (with `readSourceText`): the unit the cache and the workers
   * call. The rules' memos of the file's tree are released after it (`releaseLastTrees`): a tree
   * kept until the next file would be copied by the minor collections that run while it is parsed.
   */
  extractText(ref: SourceFileRef, text: string): FileResult {
    try {
      return this.extractTextOnce(ref, text);
    } finally {
      releaseLastTrees();
    }
  }

  private extractTextOnce(ref: SourceFileRef, text: string): FileResult {
    const file = this.config.classify(ref.path);
    if (file === null) return { kind: 'scanned', findings: [] };
    const applicable = this.rules.filter(({ rule }) => rule.appliesTo(file));
    if (isSchemaFilePath(ref.path)) return this.extractSchema(applicable, text, file);
    // What the file is going through, for the reason given when it throws.
    let stage = 'the parser';
    try {
      // Parsed without parent links: the rules' shared walk links the tree as it goes (one pass
      // instead of the parser's own linking pass followed by the walk), and a file no rule listens
      // to and every walking rule's gate refuses is never linked (`runRules`). JSDoc comments are not
      // parsed: no rule, fingerprint or scope reads a JSDoc node (they stay comments, as ESLint's
      // parser leaves them), and parsing them is about a tenth of the parse on a documented
      // codebase (`bench/parse-only.mjs --no-jsdoc`).
      const sourceFile = ts.createSourceFile(`/${ref.path}`, text, PARSE_OPTIONS, false, scriptKindOf(ref.path));
      primeLineStarts(sourceFile);
      const syntaxError = firstSyntaxError(sourceFile);
      if (syntaxError !== undefined) return { kind: 'unscanned', unscanned: { file: ref.path, reason: syntaxError } };
      const tree = sourceFile;
      stage = 'the project rules';
      const collectors = this.collectorsOf(sourceFile, file);
      stage = 'the rules';
      // The identity-surface survey listens in the rules' shared walk too: the file is walked once.
      const survey = surveyListeners(hostTs, tree, this.config, file, this.surveyOptions);
      const listeners: NodeListeners[] = collectors?.flatMap((collector) => collector.listeners) ?? [];
      if (survey !== null) listeners.push(survey);
      const detections = runRules(applicable, hostTs, tree, this.config, file, { setParents: true }, listeners);
      stage = 'the fingerprints';
      const findings = this.findingsOfFile(applicable, detections, sourceFile, file);
      stage = 'the project rules';
      const facts =
        collectors === undefined
          ? undefined
          : Object.fromEntries(collectors.map((collector) => [collector.id, collector.finish()]));
      stage = 'the identity-surface survey';
      const sites = survey === null ? undefined : this.sitesOf(sourceFile, survey.finish());
      const specifiers =
        facts !== undefined || sites?.some((site) => site.kind === 'bff-handler') === true
          ? this.specifiersOf(sourceFile)
          : undefined;
      return {
        kind: 'scanned',
        findings,
        ...(facts === undefined ? {} : { facts }),
        ...(specifiers === undefined ? {} : { specifiers }),
        ...(sites === undefined ? {} : { sites }),
      };
    } catch (error) {
      // One file never costs the whole report (a generated file's 1,000 nested parentheses overflow
      // the parser's stack, as they do ESLint's): it is listed as unscanned with what threw.
      // The parser keeps its state in module variables, which the next `createSourceFile` sets
      // afresh: after overflows at 42 different depths in 7 kinds of nesting, 121 files parsed to the
      // same trees as before (`extract-file.test.ts` checks the next file of a scan).
      return {
        kind: 'unscanned',
        unscanned: { file: ref.path, reason: `cannot be scanned: ${stage} threw ${describeError(error)}` },
      };
    }
  }

  /**
   * A schema file (`.prisma`): the rules that read schema files (`detectSchema`) on its text. No
   * syntax tree, project facts or survey; a finding is fingerprinted by its declaration (scope) and
   * matched name, so it survives edits elsewhere in the file.
   */
  private extractSchema(applicable: readonly EnabledRule[], text: string, file: FileContext): FileResult {
    const lineStarts = lineFeedStartsOf(text);
    const position = (offset: number) => {
      const [line, column] = lineAndColumnIn(lineStarts, offset);
      return { line, column };
    };
    try {
      const findings = applicable.flatMap(({ rule, severity, options }) => {
        const occurrences = new Map<string, number>();
        const detections = rule.detectSchema?.({ path: file.path, text, config: this.config, file, options }) ?? [];
        return detections.map((detection): Finding => {
          const start = position(detection.start);
          const end = position(detection.end);
          const key = `${detection.scope}\u0000${detection.key}`;
          const occurrence = occurrences.get(key) ?? 0;
          occurrences.set(key, occurrence + 1);
          const range = { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
          return findingOf(
            {
              rule,
              severity,
              messageId: detection.messageId,
              data: detection.data,
              file: file.path,
              range,
              context: file,
            },
            {
              fingerprint: fingerprintOf({
                rule: rule.id,
                file: file.path,
                scope: detection.scope,
                text: detection.key,
                occurrence,
              }),
              scope: detection.scope,
              snippet: snippetOf(detection.key),
            },
          );
        });
      });
      return { kind: 'scanned', findings };
    } catch (error) {
      const reason = `cannot be scanned: the rules threw ${describeError(error)}`;
      return { kind: 'unscanned', unscanned: { file: file.path, reason } };
    }
  }

  /** The identity-surface sites the survey found in the rules' shared walk, with positions; undefined when there are none. */
  private sitesOf(sourceFile: ts.SourceFile, sites: readonly SurfaceSite[]): FileSite[] | undefined {
    if (sites.length === 0) return undefined;
    return sites.map(({ kind, start, end, scope, detail }) => {
      const from = sourceFile.getLineAndCharacterOfPosition(start);
      const to = sourceFile.getLineAndCharacterOfPosition(end);
      return {
        kind,
        line: from.line + 1,
        column: from.character + 1,
        endLine: to.line + 1,
        endColumn: to.character + 1,
        scope,
        detail,
      };
    });
  }

  /** The distinct specifiers the file imports or re-exports, sorted (the project rules' module facts of the same tree). */
  private specifiersOf(sourceFile: ts.SourceFile): string[] {
    const tree = sourceFile;
    const { imports, reexports } = moduleFactsOf(hostTs, tree);
    return [...new Set([...imports, ...reexports].map((fact) => fact.specifier))].sort();
  }

  /**
   * The applicable project rules' collectors for the tree parsed for the per-file rules: a listening
   * rule's listeners go into the rules' shared walk and its `finish` gives the facts after it; another
   * rule's `collect` runs then on the tree, which no walk linked when no rule listened to the file
   * (project rules link it themselves where they read `parent`: `ensureParents`). Undefined when no
   * project rule applies.
   */
  private collectorsOf(sourceFile: ts.SourceFile, file: FileContext): ProjectCollector[] | undefined {
    const applicable = this.projectRules.filter(({ rule }) => rule.appliesTo(file));
    if (applicable.length === 0) return undefined;
    const tree = sourceFile;
    // The project rules' facts carry ranges as every rule gives them (read from the primed line map).
    const rangeOf = lineRangeFunctionOf(sourceFile);
    return applicable.map(({ rule, options }): ProjectCollector => {
      const context = { ts: hostTs, sourceFile: tree, config: this.config, file, options, rangeOf };
      if (rule.listen === undefined) return { id: rule.id, listeners: [], finish: () => rule.collect(context) };
      const collector = rule.listen(context);
      return { id: rule.id, listeners: collector.listeners, finish: () => collector.finish() };
    });
  }

  /**
   * The findings of every applicable rule, in rule order. Most files have no detection at all: they
   * get no scope index and no per-rule fingerprinting (arrays and maps made for nothing, per file).
   */
  private findingsOfFile(
    applicable: readonly EnabledRule[],
    detections: readonly (readonly Detection[])[],
    sourceFile: ts.SourceFile,
    file: FileContext,
  ): Finding[] {
    let scopes: ScopeIndex | undefined;
    const findings: Finding[] = [];
    applicable.forEach((enabled, index) => {
      const ofRule = detections[index] ?? [];
      if (ofRule.length === 0) return;
      scopes ??= new ScopeIndex(sourceFile);
      findings.push(...this.findingsOf(enabled, ofRule, sourceFile, file, scopes));
    });
    return findings;
  }

  private findingsOf(
    { rule, severity }: EnabledRule,
    detections: readonly Detection[],
    sourceFile: ts.SourceFile,
    file: FileContext,
    scopes: ScopeIndex,
  ): Finding[] {
    // Fingerprints need the syntax tree (scope, tokens), so they are made here, per file.
    const fingerprints = fingerprintsOfFile(sourceFile, rule.id, file.path, detections, scopes);
    return detections.map((detection, index) => {
      const start = sourceFile.getLineAndCharacterOfPosition(detection.start);
      const end = sourceFile.getLineAndCharacterOfPosition(detection.end);
      const range = {
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
      };
      return findingOf(
        { rule, severity, messageId: detection.messageId, data: detection.data, file: file.path, range, context: file },
        fingerprints[index]!,
      );
    });
  }
}
