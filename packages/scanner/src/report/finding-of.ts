import { formatMessage, type FileContext, type Severity, type SourceRange } from '@authboundary/rules';
import type { Finding } from './report.js';

/** What any rule, per-file or project-wide, says about one place: its rule, message and where. */
export interface FindingSource {
  readonly rule: { readonly id: string; readonly meta: { readonly messages: Readonly<Record<string, string>> } };
  readonly severity: Exclude<Severity, 'off'>;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  /** The file's path (relative to the configuration directory) and 1-based range. */
  readonly file: string;
  readonly range: SourceRange;
  /** How the configuration classifies the file; null for a file outside every layer. */
  readonly context: Pick<FileContext, 'layer' | 'module'> | null;
}

/** How the finding is recognized across edits (see `fingerprint/`). */
export interface FindingIdentity {
  readonly fingerprint: string;
  readonly scope: string;
  readonly snippet: string;
}

/** The message of a detection, from its rule's template and data. */
export function messageOf({ rule, messageId, data }: Pick<FindingSource, 'rule' | 'messageId' | 'data'>): string {
  const template = rule.meta.messages[messageId];
  if (template === undefined) {
    throw new Error(`rule ${rule.id} reported the message id "${messageId}", which it does not declare`);
  }
  return formatMessage(template, data);
}

/**
 * The one builder of a `Finding`, for the per-file rules (extract/) and the project-wide rules
 * (project/). `owners` is empty: it is assigned after extraction, from CODEOWNERS.
 */
export function findingOf(
  source: FindingSource,
  identity: FindingIdentity,
  message: string = messageOf(source),
): Finding {
  return {
    rule: source.rule.id,
    messageId: source.messageId,
    severity: source.severity,
    file: source.file,
    line: source.range.line,
    column: source.range.column,
    endLine: source.range.endLine,
    endColumn: source.range.endColumn,
    message,
    layer: source.context?.layer ?? 'unassigned',
    module: source.context?.module ?? null,
    fingerprint: identity.fingerprint,
    scope: identity.scope,
    snippet: identity.snippet,
    owners: [],
  };
}
