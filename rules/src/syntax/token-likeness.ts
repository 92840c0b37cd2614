import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { findLocalDeclaration, propertyNameText, unwrapExpression } from './unwrap.js';
import { wordsOf } from './words.js';
import { calledName } from './expression-context.js';

/**
 * Words that mark a name as a token, its claims or a session payload. A name is token-like when
 * one of its words (see `wordsOf`) is in this list: `claims`, `jwtPayload`, `idToken`, `decoded`.
 */
export const TOKEN_WORDS: readonly string[] = [
  'claim',
  'claims',
  'payload',
  'token',
  'tokens',
  'jwt',
  'jws',
  'decoded',
  'verified',
  'authorizer',
  'principal',
  'session',
  'identity',
  'kauth',
];

/** Words of calls whose result is a token payload: `jwt.verify(…)`, `decodeJwt(…)`, `getClaims()`. */
export const TOKEN_CALL_WORDS: readonly string[] = ['verify', 'decode', ...TOKEN_WORDS];

/** The subject claims that `user`-named objects also carry (`req.user.sub`, `currentUser.uid`). */
export const SUBJECT_CLAIMS: readonly string[] = ['sub', 'oid', 'uid'];
const USER_WORDS: readonly string[] = ['user'];

export interface TokenLikeness {
  readonly tokenWords: ReadonlySet<string>;
  readonly callWords: ReadonlySet<string>;
}

export function tokenLikeness(extraWords: readonly string[]): TokenLikeness {
  // Rules ask once per file, with the same words: the sets are made once per list of words. Keyed by
  // the words, not by the options' array, which a host may make anew for every file (bounded).
  const key = extraWords.join('\u0000');
  let likeness = likenesses.get(key);
  if (likeness === undefined) {
    const extra = extraWords.flatMap((word) => wordsOf(word));
    likeness = { tokenWords: new Set([...TOKEN_WORDS, ...extra]), callWords: new Set([...TOKEN_CALL_WORDS, ...extra]) };
    if (likenesses.size >= MAX_LIKENESSES) likenesses.clear();
    likenesses.set(key, likeness);
  }
  return likeness;
}
const likenesses = new Map<string, TokenLikeness>();
const MAX_LIKENESSES = 32;

const MAX_TRACE_DEPTH = 3;

/**
 * Whether `expression` is evidently a token, claims or session payload, decided from names only:
 * 1. any identifier or property name in its access chain has a token word (`claims`, `req.auth.payload`,
 *    `event.requestContext.authorizer.claims`), or — for the subject claims `sub`, `oid`, `uid` only — the word `user`;
 * 2. it is the result of a call whose callee name has a token call word (`jwt.verify(t)`, `decodeJwt(t)`);
 * 3. it is a local variable or parameter whose type annotation has a token word (`p: JwtPayload`) or whose
 *    initializer is token-like by these rules (followed up to three declarations deep).
 */
export function isTokenLike(
  ts: TypeScript,
  likeness: TokenLikeness,
  expression: ts.Expression,
  claim: string,
  depth = 0,
): boolean {
  const node = unwrapExpression(ts, expression);
  const userCounts = SUBJECT_CLAIMS.includes(claim);
  const nameIsTokenLike = (name: string) =>
    wordsOf(name).some((word) => likeness.tokenWords.has(word) || (userCounts && USER_WORDS.includes(word)));

  if (ts.isIdentifier(node)) {
    if (nameIsTokenLike(node.text)) return true;
    if (depth >= MAX_TRACE_DEPTH) return false;
    const declaration = findLocalDeclaration(ts, node);
    if (declaration === undefined) return false;
    return isDeclarationTokenLike(ts, likeness, declaration, claim, depth + 1);
  }
  if (ts.isPropertyAccessExpression(node)) {
    return nameIsTokenLike(node.name.text) || isTokenLike(ts, likeness, node.expression, claim, depth);
  }
  if (ts.isElementAccessExpression(node)) {
    const key = ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
    return (key !== undefined && nameIsTokenLike(key)) || isTokenLike(ts, likeness, node.expression, claim, depth);
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(ts, node.expression);
    const name = calledName(ts, callee);
    return name !== undefined && wordsOf(name).some((word) => likeness.callWords.has(word));
  }
  return false;
}

function typeIsTokenLike(likeness: TokenLikeness, type: ts.TypeNode | undefined, sourceFile: ts.SourceFile): boolean {
  return type !== undefined && wordsOf(type.getText(sourceFile)).some((word) => likeness.tokenWords.has(word));
}

/** Whether a declaration's type annotation or initializer marks its value as token-like. */
export function isDeclarationTokenLike(
  ts: TypeScript,
  likeness: TokenLikeness,
  declaration: ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement,
  claim: string,
  depth: number,
): boolean {
  const sourceFile = declaration.getSourceFile();
  if (ts.isBindingElement(declaration)) {
    // `const { payload } = await jwtVerify(…)`: the bound property's name, or the pattern's source.
    const key =
      propertyNameText(ts, declaration.propertyName) ??
      (ts.isIdentifier(declaration.name) ? declaration.name.text : undefined);
    if (key !== undefined && wordsOf(key).some((word) => likeness.tokenWords.has(word))) return true;
    return isBindingSourceTokenLike(ts, likeness, declaration.parent, claim, depth);
  }
  if (typeIsTokenLike(likeness, declaration.type, sourceFile)) return true;
  return declaration.initializer !== undefined && isTokenLike(ts, likeness, declaration.initializer, claim, depth);
}

/**
 * Whether the value a binding pattern destructures is token-like: `const { sub } = claims`,
 * `({ sub }: JwtPayload) => …`, `const { payload: { sub } } = await jwtVerify(…)`.
 */
export function isBindingSourceTokenLike(
  ts: TypeScript,
  likeness: TokenLikeness,
  pattern: ts.BindingPattern,
  claim: string,
  depth = 0,
): boolean {
  const owner = pattern.parent;
  if (ts.isVariableDeclaration(owner) || ts.isParameter(owner))
    return isDeclarationTokenLike(ts, likeness, owner, claim, depth);
  if (ts.isBindingElement(owner)) return isDeclarationTokenLike(ts, likeness, owner, claim, depth);
  return false;
}
