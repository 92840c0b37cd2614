import type * as ts from 'typescript';
import { compiler } from './lazy-compiler.js';

/** The tokens before which a trailing comma is dropped (made with the compiler, on first use). */
let closers: ReadonlySet<ts.SyntaxKind> | undefined;
const wordCharacter = /[\w$]/;

/**
 * The tokens of a piece of source text in one canonical spelling, so that reformatting does not
 * change it: whitespace, line breaks and comments dropped, string literals in double quotes,
 * semicolons and trailing commas dropped, a space only where two words would otherwise merge.
 */
export function normalizedTextOf(text: string, languageVariant?: ts.LanguageVariant): string {
  const { createScanner, LanguageVariant, ScriptTarget, SyntaxKind } = compiler();
  closers ??= new Set([
    SyntaxKind.CloseParenToken,
    SyntaxKind.CloseBracketToken,
    SyntaxKind.CloseBraceToken,
    SyntaxKind.GreaterThanToken,
  ]);
  const scanner = createScanner(ScriptTarget.Latest, true, languageVariant ?? LanguageVariant.Standard, text);
  const tokens: { kind: ts.SyntaxKind; text: string }[] = [];
  // Brace depth of each open `${` in template literals: their `}` resumes the template.
  const templateDepths: number[] = [];
  let braceDepth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken) braceDepth += 1;
    if (kind === SyntaxKind.CloseBraceToken) {
      if (templateDepths.at(-1) === braceDepth) {
        templateDepths.pop();
        kind = scanner.reScanTemplateToken(false);
      } else {
        braceDepth -= 1;
      }
    }
    if (kind === SyntaxKind.TemplateHead || kind === SyntaxKind.TemplateMiddle) templateDepths.push(braceDepth);
    if (kind === SyntaxKind.SemicolonToken) continue;
    if (closers.has(kind) && tokens.at(-1)?.kind === SyntaxKind.CommaToken) tokens.pop();
    tokens.push({
      kind,
      text: kind === SyntaxKind.StringLiteral ? JSON.stringify(scanner.getTokenValue()) : scanner.getTokenText(),
    });
  }
  let normalized = '';
  for (const { text: token } of tokens) {
    if (normalized !== '' && wordCharacter.test(normalized.at(-1)!) && wordCharacter.test(token[0] ?? ''))
      normalized += ' ';
    normalized += token;
  }
  return normalized;
}
