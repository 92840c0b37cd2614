import ts from '../compiler.cjs';

const CLOSERS = new Set([
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.GreaterThanToken,
]);
const wordCharacter = /[\w$]/;

/**
 * The tokens of a piece of source text in one canonical spelling, so that reformatting does not
 * change it: whitespace, line breaks and comments dropped, string literals in double quotes,
 * semicolons and trailing commas dropped, a space only where two words would otherwise merge.
 */
export function normalizedTextOf(
  text: string,
  languageVariant: ts.LanguageVariant = ts.LanguageVariant.Standard,
): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, languageVariant, text);
  const tokens: { kind: ts.SyntaxKind; text: string }[] = [];
  // Brace depth of each open `${` in template literals: their `}` resumes the template.
  const templateDepths: number[] = [];
  let braceDepth = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken) braceDepth += 1;
    if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (templateDepths.at(-1) === braceDepth) {
        templateDepths.pop();
        kind = scanner.reScanTemplateToken(false);
      } else {
        braceDepth -= 1;
      }
    }
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) templateDepths.push(braceDepth);
    if (kind === ts.SyntaxKind.SemicolonToken) continue;
    if (CLOSERS.has(kind) && tokens.at(-1)?.kind === ts.SyntaxKind.CommaToken) tokens.pop();
    tokens.push({
      kind,
      text: kind === ts.SyntaxKind.StringLiteral ? JSON.stringify(scanner.getTokenValue()) : scanner.getTokenText(),
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
