import type { ts } from 'ts-morph';
import { fingerprintOf } from './fingerprint-of.js';
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

const SNIPPET_LENGTH = 80;

export function snippetOf(normalizedText: string): string {
  return normalizedText.length <= SNIPPET_LENGTH ? normalizedText : `${normalizedText.slice(0, SNIPPET_LENGTH - 1)}…`;
}

/**
 * Fingerprints of one rule's matches in one file, in the order given. The occurrence index is
 * counted within the file (matches of the same scope and text, in source order), so a file's
 * fingerprints depend on that file alone and can be cached with its other results. `scopes` is the
 * file's index (one per file, shared by every rule's matches).
 */
export function fingerprintsOfFile(sourceFile: ts.SourceFile, rule: string, file: string, matches: readonly MatchedRange[], scopes = new ScopeIndex(sourceFile)): FingerprintedRange[] {
  const described = matches.map((match) => {
    const scope = scopes.scopeOf(match.start, match.end);
    const text = normalizedTextOf(sourceFile.text.slice(match.start, match.end), sourceFile.languageVariant);
    return { match, scope, text };
  });
  const inSourceOrder = [...described].sort((a, b) => a.match.start - b.match.start || a.match.end - b.match.end || (a.match.messageId < b.match.messageId ? -1 : a.match.messageId > b.match.messageId ? 1 : 0));
  const seen = new Map<string, number>();
  const fingerprints = new Map<(typeof described)[number], FingerprintedRange>();
  for (const entry of inSourceOrder) {
    const key = `${entry.scope}\u0000${entry.text}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    fingerprints.set(entry, { fingerprint: fingerprintOf({ rule, file, scope: entry.scope, text: entry.text, occurrence }), scope: entry.scope, snippet: snippetOf(entry.text) });
  }
  return described.map((entry) => fingerprints.get(entry)!);
}
