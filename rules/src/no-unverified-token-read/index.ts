import picomatch from 'picomatch';
import type * as ts from 'typescript';
import { z } from 'zod';
import { defineRule, type Detection, type TypeScript } from '../detector.js';
import { calleeText, outermostValueOf } from '../syntax/expression-context.js';
import {
  importedBindings,
  importedReferenceOf,
  isExportOf,
  type ImportedBinding,
} from '../syntax/imported-bindings.js';
import { findLocalDeclaration, propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import { isTokenEndpointIdToken } from './token-endpoint.js';

export const DEFAULT_TEST_FILES: readonly string[] = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/test/**',
  '**/tests/**',
];

const options = z.strictObject({
  testFiles: z
    .array(z.string())
    .default([...DEFAULT_TEST_FILES])
    .describe(
      "Globs (relative to the configuration root) of test files, where decoding a token without verifying it is allowed. Files in the configuration's `ignore` are never looked at anyway.",
    ),
});

/**
 * What a decode call returns: the claims (payload), the protected header, or — jsonwebtoken's
 * `decode(t, { complete: true })` — an object with both (`.header`, `.payload`, `.signature`).
 */
type DecodedPart = 'payload' | 'header' | 'complete';

/**
 * Members of an unverified result that may be read: the header's `kid` and `alg` pick the key the
 * verification then uses; the payload's `iss` picks which issuer's verifier to run. Anything else
 * read from an unverified token is a decision made on data an attacker chose.
 */
const SELECTION_MEMBERS: Readonly<Record<DecodedPart, readonly string[]>> = {
  header: ['kid', 'alg'],
  payload: ['iss'],
  complete: [],
};

/**
 * Timing claims a client may read from a token it fetched itself from its own auth server (not one it
 * received with a request): when to refresh or drop a cached token. Its signature is for the API that
 * receives it to verify; a forged expiry only changes when the client asks again.
 */
const TIMING_MEMBERS: readonly string[] = ['exp', 'iat', 'nbf'];
/** Words of a callee that hands over what a request brought (a header, a cookie, the body), not a token it fetched. */
const REQUEST_WORDS = new Set([
  'req',
  'request',
  'header',
  'headers',
  'cookie',
  'cookies',
  'params',
  'query',
  'body',
  'search',
  'storage',
  'event',
  'ctx',
  'context',
]);
const MAX_FETCH_TRACE = 3;

/**
 * Whether a token is one the code fetched itself: `data.token` of `const { data } = await authClient.token()`,
 * `(await response.json()).access_token`, through up to three local names. A parameter, a request's
 * header or cookie, or anything not awaited from a call is not.
 */
function isFetchedByTheCode(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  expression: ts.Expression | undefined,
  depth = 0,
): boolean {
  if (expression === undefined || depth > MAX_FETCH_TRACE) return false;
  let node = unwrapExpression(ts, expression);
  const isKey = (access: ts.ElementAccessExpression) => ts.isStringLiteralLike(access.argumentExpression);
  while (ts.isPropertyAccessExpression(node) || (ts.isElementAccessExpression(node) && isKey(node))) {
    node = unwrapExpression(ts, node.expression);
  }
  if (ts.isCallExpression(node)) {
    // `(await response.json())`: the body of a response the code fetched.
    const callee = unwrapExpression(ts, node.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'json') {
      return isFetchedByTheCode(ts, sourceFile, callee.expression, depth + 1);
    }
    return isAwaitedFetch(ts, sourceFile, node);
  }
  if (!ts.isIdentifier(node)) return false;
  const declaration = findLocalDeclaration(ts, node);
  if (declaration === undefined || ts.isParameter(declaration)) return false;
  let holder: ts.Node = declaration;
  while (ts.isBindingElement(holder)) holder = holder.parent.parent;
  return ts.isVariableDeclaration(holder) && isFetchedByTheCode(ts, sourceFile, holder.initializer, depth + 1);
}

/** An awaited call that does not hand over the request: `await authClient.token()`, `await fetch(tokenUrl, …)`. */
function isAwaitedFetch(ts: TypeScript, sourceFile: ts.SourceFile, call: ts.CallExpression): boolean {
  const parent = call.parent;
  const awaited =
    ts.isAwaitExpression(parent) || (ts.isParenthesizedExpression(parent) && ts.isAwaitExpression(parent.parent));
  if (!awaited) return false;
  const words = calleeText(sourceFile, call.expression)
    .split(/[^A-Za-z]+/)
    .flatMap((part) => part.split(/(?=[A-Z])/))
    .map((word) => word.toLowerCase());
  return !words.some((word) => REQUEST_WORDS.has(word));
}

/** Whether an options argument is an object literal with `name: true` (`{ header: true }`). */
function hasTrueOption(ts: TypeScript, argument: ts.Expression | undefined, name: string): boolean {
  const node = argument === undefined ? undefined : unwrapExpression(ts, argument);
  if (node === undefined || !ts.isObjectLiteralExpression(node)) return false;
  return node.properties.some(
    (property) =>
      ts.isPropertyAssignment(property) &&
      propertyNameText(ts, property.name) === name &&
      property.initializer.kind === ts.SyntaxKind.TrueKeyword,
  );
}

/** The part of the token a call decodes without verifying it, or undefined when it is not a decoder. */
function decodedPartOf(
  ts: TypeScript,
  bindings: ReadonlyMap<string, ImportedBinding>,
  call: ts.CallExpression,
): DecodedPart | undefined {
  const reference = importedReferenceOf(ts, bindings, call.expression);
  if (reference === undefined) return undefined;
  if (isExportOf(reference, 'jsonwebtoken', ['decode']))
    return hasTrueOption(ts, call.arguments[1], 'complete') ? 'complete' : 'payload';
  if (isExportOf(reference, 'jose', ['decodeJwt'])) return 'payload';
  if (isExportOf(reference, 'jose', ['decodeProtectedHeader'])) return 'header';
  // jwt-decode 4 exports `jwtDecode`; 3 a default function (also what `require('jwt-decode')` gives).
  if (
    reference.module === 'jwt-decode' &&
    ts.isIdentifier(unwrapExpression(ts, call.expression)) &&
    ['jwtDecode', 'default', '*'].includes(reference.exportName)
  ) {
    return hasTrueOption(ts, call.arguments[1], 'header') ? 'header' : 'payload';
  }
  return undefined;
}

/** The token `x` of `x.split('.')`, or of a local name initialised with it; undefined for anything else. */
function dotSplitTokenOf(ts: TypeScript, expression: ts.Expression): ts.Expression | undefined {
  const node = unwrapExpression(ts, expression);
  if (ts.isIdentifier(node)) {
    const declaration = findLocalDeclaration(ts, node);
    return declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined
      ? dotSplitTokenOf(ts, declaration.initializer)
      : undefined;
  }
  if (
    !ts.isCallExpression(node) ||
    !ts.isPropertyAccessExpression(node.expression) ||
    node.expression.name.text !== 'split'
  )
    return undefined;
  const [separator] = node.arguments;
  return separator !== undefined && ts.isStringLiteralLike(separator) && separator.text === '.'
    ? node.expression.expression
    : undefined;
}

const isOne = (ts: TypeScript, node: ts.Expression | undefined) =>
  node !== undefined && ts.isNumericLiteral(node) && Number(node.text) === 1;
/** Base64url-to-base64 rewriting and padding that may sit between the segment and the decoder. */
const SEGMENT_REWRITES = new Set(['replace', 'replaceAll', 'padEnd', 'trim', 'toString']);
const MAX_TRACE_DEPTH = 3;

/**
 * The token whose middle (payload) segment an expression is: `t` of `t.split('.')[1]`,
 * `t.split('.').at(1)`, `parts[1]` of `const parts = t.split('.')`, `payload` of
 * `const [, payload] = t.split('.')`, through `.replace(…)` rewrites, padding (`s + '=='`) and up to
 * three local variables. Undefined when it is no such segment.
 */
function payloadSegmentTokenOf(ts: TypeScript, expression: ts.Expression, depth = 0): ts.Expression | undefined {
  const node = unwrapExpression(ts, expression);
  if (ts.isElementAccessExpression(node))
    return isOne(ts, node.argumentExpression) ? dotSplitTokenOf(ts, node.expression) : undefined;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return payloadSegmentTokenOf(ts, node.left, depth);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    if (node.expression.name.text === 'at')
      return isOne(ts, node.arguments[0]) ? dotSplitTokenOf(ts, node.expression.expression) : undefined;
    return SEGMENT_REWRITES.has(node.expression.name.text)
      ? payloadSegmentTokenOf(ts, node.expression.expression, depth)
      : undefined;
  }
  if (!ts.isIdentifier(node) || depth >= MAX_TRACE_DEPTH) return undefined;
  const declaration = findLocalDeclaration(ts, node);
  if (declaration === undefined) return undefined;
  if (ts.isBindingElement(declaration)) {
    const pattern = declaration.parent;
    const owner = pattern.parent;
    return ts.isArrayBindingPattern(pattern) &&
      pattern.elements.indexOf(declaration) === 1 &&
      ts.isVariableDeclaration(owner) &&
      owner.initializer !== undefined
      ? dotSplitTokenOf(ts, owner.initializer)
      : undefined;
  }
  return ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined
    ? payloadSegmentTokenOf(ts, declaration.initializer, depth + 1)
    : undefined;
}

/** Modules whose imports may bind a decoder (jose's `base64url` included). */
const DECODER_MODULES: readonly string[] = ['jsonwebtoken', 'jose', 'jwt-decode'];
const BASE64_ENCODINGS = new Set(['base64', 'base64url']);

/**
 * The file's imported bindings, or null when the rule has nothing to look at: a test file, or a file
 * that neither imports a decoder nor splits anything on dots (most files: no walk needed).
 */
function bindingsToJudge(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  path: string,
  options: { readonly testFiles: readonly string[] },
): ReadonlyMap<string, ImportedBinding> | null {
  const bindings = importedBindings(ts, sourceFile);
  const importsDecoder = [...bindings.values()].some((binding) => DECODER_MODULES.includes(binding.module));
  // The globs last: most files neither import a decoder nor split anything on dots.
  if (!importsDecoder && !sourceFile.text.includes('.split(')) return null;
  return testFileMatcher(options.testFiles)(path) ? null : bindings;
}

/** Whether a call decodes base64: `atob(s)`, `Buffer.from(s, 'base64url')`, jose's or the `base64url` package's `decode`. */
function isBase64Decode(
  ts: TypeScript,
  bindings: ReadonlyMap<string, ImportedBinding>,
  call: ts.CallExpression,
): boolean {
  const callee = unwrapExpression(ts, call.expression);
  if (ts.isIdentifier(callee)) {
    if (callee.text === 'atob') return !bindings.has('atob');
    const reference = importedReferenceOf(ts, bindings, callee);
    return (
      reference?.module === 'base64url' &&
      (reference.exportName === 'default' || reference.exportName === '*' || reference.exportName === 'decode')
    );
  }
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (callee.name.text === 'from' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Buffer') {
    const encoding = call.arguments[1];
    return encoding !== undefined && ts.isStringLiteralLike(encoding) && BASE64_ENCODINGS.has(encoding.text);
  }
  if (callee.name.text !== 'decode') return false;
  const owner = importedReferenceOf(ts, bindings, callee.expression);
  return (
    isExportOf(owner, 'jose', ['base64url']) ||
    (owner?.module === 'base64url' && (owner.exportName === 'default' || owner.exportName === '*'))
  );
}

/** A decision made on an unverified part: which part, and the member read (`*` for the whole). */
interface Decision {
  readonly part: 'payload' | 'header';
  readonly use: string;
}

interface UnverifiedRead {
  readonly call: ts.CallExpression;
  /** The token was fetched by the code itself (see `isFetchedByTheCode`): its timing claims may be read. */
  readonly fetched: boolean;
  /** The first decision found on the decoded value; undefined while only selection members are read. */
  decision: Decision | undefined;
}

/** Where a value is held in a local name whose later uses decide. */
type Holder = ts.VariableDeclaration | ts.BindingElement;

const wholeOf = (part: DecodedPart): Decision => ({ part: part === 'header' ? 'header' : 'payload', use: '*' });

const matcherCache = new Map<string, (path: string) => boolean>();
function testFileMatcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\n');
  let matcher = matcherCache.get(key);
  if (matcher === undefined) {
    matcher = globs.length === 0 ? () => false : picomatch([...globs], { dot: true });
    matcherCache.set(key, matcher);
  }
  return matcher;
}

export const noUnverifiedTokenRead = defineRule({
  id: 'no-unverified-token-read',
  meta: {
    type: 'problem',
    description: 'Reject claims read from a token that was decoded without verifying its signature.',
    preset: 'recommended',
    messages: {
      unverifiedClaims:
        '`{{call}}` decodes a token without verifying its signature, and the code reads {{use}} from it. Verify the token first — `jwtVerify(token, keys, { issuer, audience })` (jose) or `jwt.verify(token, key, { issuer, audience, algorithms })` (jsonwebtoken) — and read the claims from the result.',
      unverifiedHeader:
        '`{{call}}` reads {{use}} from an unverified token header. Use the unverified header only to pick a key (`kid`, `alg`) and let the verification check the rest, or pass a key resolver to `jwtVerify`, which hands it the header.',
      manualDecode:
        "This decodes the payload segment of a token by hand, without verifying its signature. Verify the token with jose's `jwtVerify` or jsonwebtoken's `verify` and read the claims from the result.",
    },
    options,
  },
  appliesTo: () => true,
  gate: ({ ts, sourceFile, file, options }) => bindingsToJudge(ts, sourceFile, file.path, options) !== null,
  detect({ ts, sourceFile, file, options }) {
    const bindings = bindingsToJudge(ts, sourceFile, file.path, options);
    if (bindings === null) return [];
    const detections: Detection[] = [];
    const reads: UnverifiedRead[] = [];
    /** Local names holding an unverified value, by name: their uses decide. */
    const tracked = new Map<string, { holder: Holder; part: DecodedPart; read: UnverifiedRead }[]>();

    const track = (holder: Holder, part: DecodedPart, read: UnverifiedRead) => {
      const name = (holder.name as ts.Identifier).text;
      tracked.set(name, [...(tracked.get(name) ?? []), { holder, part, read }]);
    };

    /** Judges one member read of a decoded value; a `complete` result's `header` / `payload` are judged further. */
    const judgeMember = (
      access: ts.Expression,
      part: DecodedPart,
      member: string,
      read: UnverifiedRead,
    ): Decision | undefined => {
      if (part === 'complete')
        return member === 'header' || member === 'payload'
          ? judge(outermostValueOf(ts, access), member, read)
          : { part: 'payload', use: member };
      return allowedMembers(part, read).includes(member) ? undefined : { part, use: member };
    };
    const allowedMembers = (part: DecodedPart, read: UnverifiedRead): readonly string[] =>
      part === 'payload' && read.fetched ? [...SELECTION_MEMBERS.payload, ...TIMING_MEMBERS] : SELECTION_MEMBERS[part];

    const judgePattern = (
      pattern: ts.ObjectBindingPattern,
      part: DecodedPart,
      read: UnverifiedRead,
    ): Decision | undefined => {
      for (const element of pattern.elements) {
        if (element.dotDotDotToken) return wholeOf(part);
        const key =
          propertyNameText(ts, element.propertyName) ?? (ts.isIdentifier(element.name) ? element.name.text : undefined);
        if (key === undefined) return wholeOf(part);
        if (part === 'complete' && (key === 'header' || key === 'payload')) {
          // `const { header } = …` is followed through its uses; `{ header: { kid } }` through the nested pattern.
          if (ts.isIdentifier(element.name)) track(element, key, read);
          else if (ts.isObjectBindingPattern(element.name)) {
            const nested = judgePattern(element.name, key, read);
            if (nested) return nested;
          } else return wholeOf(key);
          continue;
        }
        const decision =
          part === 'complete'
            ? { part: 'payload' as const, use: key }
            : allowedMembers(part, read).includes(key)
              ? undefined
              : { part, use: key };
        if (decision) return decision;
      }
      return undefined;
    };

    /** Judges how a decoded value is used where it stands; a value stored in a local name is tracked instead. */
    const judge = (value: ts.Expression, part: DecodedPart, read: UnverifiedRead): Decision | undefined => {
      const parent = value.parent;
      if (ts.isExpressionStatement(parent)) return undefined;
      // Whether decoding gave anything at all (`if (!decoded) return bad()`): no claim is read.
      if (isPresenceCheck(parent, value)) return undefined;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === value)
        return judgeMember(parent, part, parent.name.text, read);
      if (ts.isElementAccessExpression(parent) && parent.expression === value) {
        return ts.isStringLiteralLike(parent.argumentExpression)
          ? judgeMember(parent, part, parent.argumentExpression.text, read)
          : wholeOf(part);
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === value) {
        if (ts.isIdentifier(parent.name)) {
          track(parent, part, read);
          return undefined;
        }
        if (ts.isObjectBindingPattern(parent.name)) return judgePattern(parent.name, part, read);
      }
      return wholeOf(part);
    };

    const isNullish = (node: ts.Expression) =>
      node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
    const isPresenceCheck = (parent: ts.Node, value: ts.Expression): boolean => {
      if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
      if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === value) return true;
      if (ts.isConditionalExpression(parent) && parent.condition === value) return true;
      if (!ts.isBinaryExpression(parent)) return false;
      const operator = parent.operatorToken.kind;
      const equality =
        operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        operator === ts.SyntaxKind.EqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsToken;
      return equality && isNullish(parent.left === value ? parent.right : parent.left);
    };

    const onCall = (call: ts.CallExpression) => {
      const part = decodedPartOf(ts, bindings, call);
      if (part !== undefined) {
        // The ID token of the code flow's token endpoint response needs no second check (OIDC Core 3.1.3.7).
        if (isTokenEndpointIdToken(ts, bindings, call.arguments[0])) return;
        const fetched = isFetchedByTheCode(ts, sourceFile, call.arguments[0]);
        const read: UnverifiedRead = { call, fetched, decision: undefined };
        reads.push(read);
        read.decision = judge(outermostValueOf(ts, call), part, read);
        return;
      }
      const [segment] = call.arguments;
      if (segment === undefined || !isBase64Decode(ts, bindings, call)) return;
      const token = payloadSegmentTokenOf(ts, segment);
      if (token !== undefined && !isTokenEndpointIdToken(ts, bindings, token)) {
        detections.push({ messageId: 'manualDecode', data: {}, start: call.getStart(sourceFile), end: call.getEnd() });
      }
    };

    const onIdentifier = (identifier: ts.Identifier) => {
      const candidates = tracked.get(identifier.text);
      if (candidates === undefined) return;
      const parent = identifier.parent;
      // Names that are not references: the declaration itself, property names, labels.
      if (
        (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) &&
        parent.name === identifier
      )
        return;
      if (
        (ts.isPropertyAccessExpression(parent) ||
          ts.isPropertyAssignment(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isPropertyDeclaration(parent)) &&
        parent.name === identifier
      )
        return;
      const declaration = findLocalDeclaration(ts, identifier);
      const entry = candidates.find((candidate) => candidate.holder === declaration);
      if (entry === undefined || entry.read.decision !== undefined) return;
      entry.read.decision = judge(outermostValueOf(ts, identifier), entry.part, entry.read);
    };

    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.CallExpression) onCall(node as ts.CallExpression);
      else if (node.kind === ts.SyntaxKind.Identifier) onIdentifier(node as ts.Identifier);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);

    for (const { call, decision } of reads) {
      if (decision === undefined) continue;
      const use = decision.use === '*' ? `the whole ${decision.part}` : `\`${decision.use}\``;
      detections.push({
        messageId: decision.part === 'header' ? 'unverifiedHeader' : 'unverifiedClaims',
        data: { call: calleeText(sourceFile, call.expression), use },
        start: call.getStart(sourceFile),
        end: call.getEnd(),
      });
    }
    return detections.sort((a, b) => a.start - b.start || a.end - b.end);
  },
});
