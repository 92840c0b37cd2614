import { readFileSync } from 'node:fs';
import { formatMessage, resolveRuleOptions, runRule, type FileContext, type ResolvedConfig, type Rule, type Severity, type TypeScript } from '@authboundary/rules';
import { Project, ts } from 'ts-morph';
import type * as typescript from 'typescript';
import { fingerprintsOfFile } from '../fingerprint/index.js';
import type { Finding, UnscannedFile } from '../report/report.js';
import type { SourceFileRef } from '../files/discover-files.js';

export interface EnabledRule {
  readonly rule: Rule<any>;
  readonly severity: Exclude<Severity, 'off'>;
  readonly options: unknown;
}

/** What leaves the extractor for one file: plain records, never syntax nodes. */
export type FileResult = { readonly kind: 'scanned'; readonly findings: Finding[] } | { readonly kind: 'unscanned'; readonly unscanned: UnscannedFile };

export function enabledRules(rules: readonly Rule<any>[], config: ResolvedConfig): EnabledRule[] {
  return rules.flatMap((rule) => {
    const { severity } = config.ruleSetting(rule);
    return severity === 'off' ? [] : [{ rule, severity, options: resolveRuleOptions(rule, config) }];
  });
}

function scriptKindOf(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * ts-morph bundles its own copy of TypeScript (the same 6.0 release the workspace pins, so syntax
 * kinds agree; a test checks the versions). Its declarations are a separate copy, so the types are
 * bridged here, at the host boundary.
 */
const hostTs = ts as unknown as TypeScript;

/** Parse diagnostics live on the source file (internal but stable since TypeScript 2). */
function firstSyntaxError(sourceFile: ts.SourceFile): string | undefined {
  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (first === undefined) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return `syntax error at ${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}

/** Parses files with ts-morph and runs the per-file rules, one file's syntax tree at a time. */
export class FileExtractor {
  private readonly project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve },
  });

  constructor(
    private readonly config: ResolvedConfig,
    private readonly rules: readonly EnabledRule[],
  ) {}

  extract(ref: SourceFileRef): FileResult {
    const file = this.config.classify(ref.path);
    if (file === null) return { kind: 'scanned', findings: [] };
    let text: string;
    try {
      text = readFileSync(ref.absolutePath, 'utf8');
    } catch (error) {
      return { kind: 'unscanned', unscanned: { file: ref.path, reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` } };
    }
    if (text.includes('\u0000')) return { kind: 'unscanned', unscanned: { file: ref.path, reason: 'not a text file (contains NUL bytes)' } };
    // ESLint strips the byte order mark before parsing; so do we, so offsets agree.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

    const applicable = this.rules.filter(({ rule }) => rule.appliesTo(file));
    const sourceFile = this.project.createSourceFile(`/${ref.path}`, text, { overwrite: true, scriptKind: scriptKindOf(ref.path) });
    try {
      return this.project.forgetNodesCreatedInBlock(() => {
        const compilerNode = sourceFile.compilerNode;
        const syntaxError = firstSyntaxError(compilerNode);
        if (syntaxError !== undefined) return { kind: 'unscanned', unscanned: { file: ref.path, reason: syntaxError } } as const;
        return { kind: 'scanned', findings: applicable.flatMap((enabled) => this.findingsOf(enabled, compilerNode, file)) } as const;
      });
    } finally {
      this.project.removeSourceFile(sourceFile);
    }
  }

  private findingsOf({ rule, severity, options }: EnabledRule, sourceFile: ts.SourceFile, file: FileContext): Finding[] {
    const detections = runRule(rule, hostTs, sourceFile as unknown as typescript.SourceFile, this.config, file, options);
    // Fingerprints need the syntax tree (scope, tokens), so they are made here, per file.
    const fingerprints = fingerprintsOfFile(sourceFile, rule.id, file.path, detections);
    return detections.map((detection, index) => {
      const { fingerprint, scope, snippet } = fingerprints[index]!;
      const start = sourceFile.getLineAndCharacterOfPosition(detection.start);
      const end = sourceFile.getLineAndCharacterOfPosition(detection.end);
      return {
        rule: rule.id,
        messageId: detection.messageId,
        severity,
        file: file.path,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        message: formatMessage(rule.meta.messages[detection.messageId]!, detection.data),
        layer: file.layer,
        module: file.module,
        fingerprint,
        scope,
        snippet,
        // Assigned after extraction from CODEOWNERS (ownership is not the extractor's concern).
        owners: [],
      };
    });
  }
}
