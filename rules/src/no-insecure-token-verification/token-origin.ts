import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { providerProfiles } from '../providers/index.js';
import { isExportOf, importedReferenceOf, type ImportedBinding } from '../syntax/imported-bindings.js';
import { findLocalDeclaration, unwrapExpression } from '../syntax/unwrap.js';
import { startsWithAt, wordsOf } from '../syntax/words.js';
import { parentOf } from '../syntax/parent.js';
import { calledName } from '../syntax/expression-context.js';

/**
 * Name words of identity providers that issue tokens outside the application: a secret named after
 * one (`SUPABASE_JWT_SECRET`) verifies the provider's identity tokens, which stay strict. Auth.js is
 * left out: it runs inside the application, and tokens signed with `AUTH_SECRET` are the
 * application's own.
 */
const EXTERNAL_PROVIDER_WORDS: readonly (readonly string[])[] = Object.values(providerProfiles)
  .filter((profile) => profile.id !== 'authjs')
  .flatMap((profile) => profile.nameWords);

const MAX_KEY_DEPTH = 3;

/** The text of a key expression with whitespace removed, so `secret` and `secret ` compare equal. */
export function keyTextOf(sourceFile: ts.SourceFile, key: ts.Expression): string {
  return key.getText(sourceFile).replace(/\s+/g, '');
}

/**
 * The expressions a key is made from, outermost first: through `new TextEncoder().encode(x)` (any
 * `.encode(x)`), `Buffer.from(x, …)`, `createSecretKey(x, …)`, `String(x)`, `x ?? y`, `x || y` and local
 * `const` initialisers.
 */
function keySources(ts: TypeScript, key: ts.Expression, depth = 0): ts.Expression[] {
  const node = unwrapExpression(ts, key);
  const sources = [node];
  if (depth >= MAX_KEY_DEPTH) return sources;
  if (ts.isCallExpression(node) && node.arguments[0] !== undefined) {
    const callee = unwrapExpression(ts, node.expression);
    const name = calledName(ts, callee);
    if (name === 'encode' || name === 'from' || name === 'createSecretKey' || name === 'String')
      sources.push(...keySources(ts, node.arguments[0], depth + 1));
  } else if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    sources.push(...keySources(ts, node.left, depth + 1));
  } else if (ts.isIdentifier(node)) {
    const declaration = findLocalDeclaration(ts, node);
    if (declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined)
      sources.push(...keySources(ts, declaration.initializer, depth + 1));
  }
  return sources;
}

/** The name a key source is known by: `JWT_SECRET` of `process.env.JWT_SECRET` or `process.env['JWT_SECRET']`, `secret`, `config.jwt.secret`. */
function nameOf(ts: TypeScript, node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))
    return node.argumentExpression.text;
  return undefined;
}

/**
 * Whether a verification key is the application's own shared secret: one of the expressions it is
 * made from is named a secret (`JWT_SECRET`, `sessionSecret`, `config.auth.secret`), and none names an
 * identity provider that issues tokens outside the application (`SUPABASE_JWT_SECRET` does).
 */
export function isApplicationSecret(ts: TypeScript, key: ts.Expression): boolean {
  const names: (readonly string[])[] = keySources(ts, key)
    .map((source) => nameOf(ts, source))
    .filter((name): name is string => name !== undefined)
    .map((name) => wordsOf(name));
  return !namesProvider(names) && names.some(isOwnKeyName);
}

/** Whether a symmetric (HMAC-only) key is the application's: it does not name an identity provider that issues tokens outside it. */
export function isOwnSymmetricKey(ts: TypeScript, key: ts.Expression): boolean {
  return !namesProvider(
    keySources(ts, key)
      .map((source) => nameOf(ts, source))
      .filter((name): name is string => name !== undefined)
      .map((name) => wordsOf(name)),
  );
}

const namesProvider = (names: readonly (readonly string[])[]) =>
  names.some((words) =>
    words.some((_word, index) => EXTERNAL_PROVIDER_WORDS.some((phrase) => startsWithAt(words, phrase, index))),
  );

/** Words that make a key of the application's own tokens (`ACCESS_TOKEN_KEY`, `SESSION_KEY`, `JWT_KEY`), not an issuer's. */
const OWN_KEY_WORDS = new Set(['access', 'refresh', 'session', 'jwt', 'token', 'auth', 'app', 'hmac', 'cookie']);
/** Words of an issuer's verification key: `JWT_PUBLIC_KEY`, `jwksKey`, `certKey`. */
const ISSUER_KEY_WORDS = new Set(['public', 'jwks', 'jwk', 'pem', 'cert', 'certificate', 'pub']);

/**
 * A name of the application's own key: a secret (`JWT_SECRET`), a private key (an issuer never hands
 * out its private key, so a token checked with one was signed by the application), or a key named for
 * the application's tokens (`ACCESS_TOKEN_KEY`) that is not named public.
 */
function isOwnKeyName(words: readonly string[]): boolean {
  if (words.some((word) => ISSUER_KEY_WORDS.has(word))) return false;
  if (words.includes('secret') || words.includes('private')) return true;
  return words.includes('key') && words.some((word) => OWN_KEY_WORDS.has(word));
}

/**
 * The key of a signing call, when `call` signs a token: jsonwebtoken `sign(payload, key, …)`, or the
 * final `.sign(key)` of a jose `new SignJWT(…)` chain (`new SignJWT(p).setProtectedHeader(h).sign(key)`).
 */
export function signingKeyOf(
  ts: TypeScript,
  bindings: ReadonlyMap<string, ImportedBinding>,
  call: ts.CallExpression,
): ts.Expression | undefined {
  if (isExportOf(importedReferenceOf(ts, bindings, call.expression), 'jsonwebtoken', ['sign']))
    return call.arguments[1];
  const callee = unwrapExpression(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'sign') return undefined;
  // Walk down the builder chain to its `new SignJWT(…)`.
  let receiver: ts.Expression = unwrapExpression(ts, callee.expression);
  while (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(unwrapExpression(ts, receiver.expression))) {
    receiver = unwrapExpression(
      ts,
      (unwrapExpression(ts, receiver.expression) as ts.PropertyAccessExpression).expression,
    );
  }
  if (!ts.isNewExpression(receiver)) return undefined;
  return isExportOf(importedReferenceOf(ts, bindings, receiver.expression), 'jose', ['SignJWT'])
    ? call.arguments[0]
    : undefined;
}

const WEBHOOK_WORDS = new Set(['webhook', 'webhooks']);

/**
 * Whether a verification sits in webhook code: the file's path, or the name of a function, method
 * or variable around the call, has the word `webhook`. A webhook JWT authenticates its sender by the
 * sender's signing key; formats bind it to the request by their own claims (a body hash, an event
 * id), and many have no `iss` or `aud` at all.
 */
export function isInWebhookCode(ts: TypeScript, path: string, call: ts.Node): boolean {
  if (wordsOf(path).some((word) => WEBHOOK_WORDS.has(word))) return true;
  for (
    let node: ts.Node | undefined = parentOf(call);
    node !== undefined && !ts.isSourceFile(node);
    node = parentOf(node)
  ) {
    const name =
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isVariableDeclaration(node) ||
      ts.isPropertyAssignment(node) ||
      ts.isFunctionExpression(node)
        ? node.name
        : undefined;
    if (name !== undefined && ts.isIdentifier(name) && wordsOf(name.text).some((word) => WEBHOOK_WORDS.has(word)))
      return true;
  }
  return false;
}
