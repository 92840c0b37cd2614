import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { importedReferenceOf, isExportOf, type ImportedBinding } from '../syntax/imported-bindings.js';
import { findLocalDeclaration, propertyNameText, unwrapExpression } from '../syntax/unwrap.js';

/** Names of the ID token in a token endpoint response: the wire name, and the libraries' camel case. */
const ID_TOKEN_NAMES = new Set(['id_token', 'idToken']);
/** oauth4webapi's processing of the token endpoint response of the code flow (v3, and v2's OpenID variant). */
const OAUTH4WEBAPI_CODE_RESPONSES: readonly string[] = [
  'processAuthorizationCodeResponse',
  'processAuthorizationCodeOpenIDResponse',
  'processAuthorizationCodeOAuth2Response',
];
/** Reading a response body: `await response.json()`, axios' `response.data`. */
const BODY_READERS = new Set(['json', 'data', 'body']);
const MAX_TRACE_DEPTH = 4;

/**
 * Whether a call exchanges an authorization code at the token endpoint: oauth4webapi's
 * `processAuthorizationCodeResponse(…)`, openid-client's `client.callback(…)` (v5) or
 * `authorizationCodeGrant(…)` (v6), or any call (`fetch`, `axios.post`) whose arguments hold the
 * literal `'authorization_code'` (the `grant_type`), also through a local variable holding the body.
 */
function isCodeExchange(
  ts: TypeScript,
  bindings: ReadonlyMap<string, ImportedBinding>,
  call: ts.CallExpression,
): boolean {
  const reference = importedReferenceOf(ts, bindings, call.expression);
  if (
    isExportOf(reference, 'oauth4webapi', OAUTH4WEBAPI_CODE_RESPONSES) ||
    isExportOf(reference, 'openid-client', ['authorizationCodeGrant'])
  )
    return true;
  const callee = unwrapExpression(ts, call.expression);
  if (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'callback' &&
    [...bindings.values()].some((binding) => binding.module === 'openid-client')
  )
    return true;
  return call.arguments.some((argument) => mentionsAuthorizationCode(ts, argument, 0));
}

function mentionsAuthorizationCode(ts: TypeScript, node: ts.Node, depth: number): boolean {
  if (ts.isStringLiteralLike(node)) return node.text === 'authorization_code';
  if (ts.isIdentifier(node) && depth < 2) {
    const declaration = findLocalDeclaration(ts, node);
    return (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      mentionsAuthorizationCode(ts, declaration.initializer, depth + 1)
    );
  }
  // Property names are not values: `{ authorization_code: … }` is no grant type.
  if (ts.isPropertyAssignment(node)) return mentionsAuthorizationCode(ts, node.initializer, depth);
  if (ts.isShorthandPropertyAssignment(node)) return mentionsAuthorizationCode(ts, node.name, depth);
  return ts.forEachChild(node, (child) => mentionsAuthorizationCode(ts, child, depth) || undefined) ?? false;
}

/** Whether a value is (read from) the token endpoint's response of a code exchange. */
function isCodeExchangeResponse(
  ts: TypeScript,
  bindings: ReadonlyMap<string, ImportedBinding>,
  expression: ts.Expression,
  depth: number,
): boolean {
  const node = unwrapExpression(ts, expression);
  if (ts.isCallExpression(node)) {
    if (isCodeExchange(ts, bindings, node)) return true;
    // `(await response.json())`: the body of a response.
    const callee = unwrapExpression(ts, node.expression);
    return (
      ts.isPropertyAccessExpression(callee) &&
      BODY_READERS.has(callee.name.text) &&
      isCodeExchangeResponse(ts, bindings, callee.expression, depth)
    );
  }
  if (ts.isPropertyAccessExpression(node) && BODY_READERS.has(node.name.text))
    return isCodeExchangeResponse(ts, bindings, node.expression, depth);
  if (ts.isIdentifier(node) && depth < MAX_TRACE_DEPTH) {
    const declaration = findLocalDeclaration(ts, node);
    if (declaration === undefined) return false;
    if (ts.isVariableDeclaration(declaration))
      return (
        declaration.initializer !== undefined &&
        isCodeExchangeResponse(ts, bindings, declaration.initializer, depth + 1)
      );
    // `const { data } = await axios.post(…)`: the destructured body of the response.
    if (
      ts.isBindingElement(declaration) &&
      ts.isObjectBindingPattern(declaration.parent) &&
      ts.isVariableDeclaration(declaration.parent.parent)
    ) {
      const key = propertyNameText(ts, declaration.propertyName) ?? declaration.name.getText();
      const owner = declaration.parent.parent;
      return (
        BODY_READERS.has(key) &&
        owner.initializer !== undefined &&
        isCodeExchangeResponse(ts, bindings, owner.initializer, depth + 1)
      );
    }
  }
  return false;
}

/**
 * Whether a token is the ID token the client received straight from the token endpoint in the
 * authorization-code flow: `tokens.id_token`, `tokens.idToken()`, `{ id_token } = tokens`,
 * `const idToken = tokens.id_token` of a response of a code exchange (see `isCodeExchange`).
 * OpenID Connect Core 1.0, 3.1.3.7 (6): an ID token received by direct communication with the token
 * endpoint may be validated by the TLS server validation instead of its signature.
 */
export function isTokenEndpointIdToken(
  ts: TypeScript,
  bindings: ReadonlyMap<string, ImportedBinding>,
  token: ts.Expression | undefined,
  depth = 0,
): boolean {
  if (token === undefined) return false;
  const node = unwrapExpression(ts, token);
  let owner: ts.Expression | undefined;
  if (ts.isPropertyAccessExpression(node) && ID_TOKEN_NAMES.has(node.name.text)) owner = node.expression;
  else if (
    ts.isElementAccessExpression(node) &&
    ts.isStringLiteralLike(node.argumentExpression) &&
    ID_TOKEN_NAMES.has(node.argumentExpression.text)
  )
    owner = node.expression;
  else if (ts.isCallExpression(node) && node.arguments.length === 0) {
    // Arctic's and openid-client's accessor: `tokens.idToken()`.
    const callee = unwrapExpression(ts, node.expression);
    if (ts.isPropertyAccessExpression(callee) && ID_TOKEN_NAMES.has(callee.name.text)) owner = callee.expression;
  } else if (ts.isIdentifier(node) && depth < MAX_TRACE_DEPTH) {
    const declaration = findLocalDeclaration(ts, node);
    if (declaration === undefined) return false;
    if (ts.isVariableDeclaration(declaration))
      return isTokenEndpointIdToken(ts, bindings, declaration.initializer, depth + 1);
    if (
      ts.isBindingElement(declaration) &&
      ts.isObjectBindingPattern(declaration.parent) &&
      ts.isVariableDeclaration(declaration.parent.parent)
    ) {
      const key =
        propertyNameText(ts, declaration.propertyName) ??
        (ts.isIdentifier(declaration.name) ? declaration.name.text : undefined);
      const initializer = declaration.parent.parent.initializer;
      return (
        key !== undefined &&
        ID_TOKEN_NAMES.has(key) &&
        initializer !== undefined &&
        isCodeExchangeResponse(ts, bindings, initializer, depth + 1)
      );
    }
    return false;
  }
  return owner !== undefined && isCodeExchangeResponse(ts, bindings, owner, depth);
}
