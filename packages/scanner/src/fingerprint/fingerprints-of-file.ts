import { ownText } from '@authboundary/rules';
import ts from '../compiler.cjs';
import { fingerprintOf, snippetOf } from './fingerprint-of.js';
import { normalizedTextOf } from './normalized-text.js';
import { ScopeIndex } from './scope-of.js';

/** A rule's match: a range of the file's text. */
export interface MatchedRange {
  readonly start: number;
  readonly end: number;
  /** Orders matches of identical range, so occurrence indexes never depend on detector order. */
  readonly messageId: string;
}

export interface FingerprintedRange {
  readonly fingerprint: string;
  readonly scope: string;
  /** The normalized matched text, shortened for people (baseline entries, reports). */
  readonly snippet: string;
}

/**
 * What identifies a callee, arguments of the calls inside it elided (`getClient(…).verify`): the
 * arguments of a call may hold other findings (a pool id literal, an options object), whose fix
 * must not change this one's fingerprint.
 */
function calleeText(node: ts.Node, sourceFile: ts.SourceFile): string {
  if (ts.isCallExpression(node))
    return `${calleeText(node.expression, sourceFile)}${node.questionDotToken === undefined ? '' : '?.'}(…)`;
  if (ts.isNewExpression(node)) return `new ${calleeText(node.expression, sourceFile)}(…)`;
  if (ts.isPropertyAccessExpression(node))
    return `${calleeText(node.expression, sourceFile)}${node.questionDotToken === undefined ? '.' : '?.'}${node.name.text}`;
  if (ts.isElementAccessExpression(node))
    return `${calleeText(node.expression, sourceFile)}${node.questionDotToken === undefined ? '' : '?.'}[…]`;
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node)
  )
    return calleeText(node.expression, sourceFile);
  return normalizedTextOf(sourceFile.text.slice(node.getStart(sourceFile), node.getEnd()), sourceFile.languageVariant);
}

/**
 * The text a fingerprint is made of: the normalized matched text, except for a match that is a
 * whole call or construction, which is identified by what it calls (`jwtVerify(…)`, `new
 * AdminAddUserToGroupCommand(…)`), never by its arguments: they may be other findings' text.
 */
export function identifyingTextOf(
  sourceFile: ts.SourceFile,
  scopes: ScopeIndex,
  start: number,
  end: number,
  normalized: string,
): string {
  const node = scopes.innermostNodeAt(start, end);
  if (
    (ts.isCallExpression(node) || ts.isNewExpression(node)) &&
    node.getStart(sourceFile) === start &&
    node.getEnd() === end
  )
    return calleeText(node, sourceFile);
  return normalized;
}

/**
 * Fingerprints of one rule's matches in one file, in the order given. The occurrence index is
 * counted within the file (matches of the same scope and text, in source order), so a file's
 * fingerprints depend on that file alone and can be cached with its other results. `scopes` is the
 * file's index (one per file, shared by every rule's matches).
 */
export function fingerprintsOfFile(
  sourceFile: ts.SourceFile,
  rule: string,
  file: string,
  matches: readonly MatchedRange[],
  scopes = new ScopeIndex(sourceFile),
): FingerprintedRange[] {
  const described = matches.map((match) => {
    const scope = scopes.scopeOf(match.start, match.end);
    const shown = normalizedTextOf(sourceFile.text.slice(match.start, match.end), sourceFile.languageVariant);
    return { match, scope, shown, text: identifyingTextOf(sourceFile, scopes, match.start, match.end, shown) };
  });
  const inSourceOrder = [...described].sort(
    (a, b) =>
      a.match.start - b.match.start ||
      a.match.end - b.match.end ||
      (a.match.messageId < b.match.messageId ? -1 : a.match.messageId > b.match.messageId ? 1 : 0),
  );
  const seen = new Map<string, number>();
  const fingerprints = new Map<(typeof described)[number], FingerprintedRange>();
  for (const entry of inSourceOrder) {
    const key = `${entry.scope}\u0000${entry.text}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    fingerprints.set(entry, {
      fingerprint: fingerprintOf({ rule, file, scope: entry.scope, text: entry.text, occurrence }),
      // Findings outlive the file's walk: names and snippets cut from its text would keep the text.
      scope: ownText(entry.scope),
      snippet: ownText(snippetOf(entry.shown)),
    });
  }
  return described.map((entry) => fingerprints.get(entry)!);
}
