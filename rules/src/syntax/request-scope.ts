import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { wordsOf } from './words.js';
import { parentOf } from './parent.js';
import { calledName } from './expression-context.js';

/** Parameter names that make a function a request handler or middleware: `(req, res, next)`, `(ctx)`, `(event)`. */
const REQUEST_PARAMETERS = new Set(['req', 'request', 'res', 'response', 'reply', 'next', 'ctx', 'context', 'event']);
/** Words of parameter types that do the same: `NextRequest`, `Request`, `APIGatewayProxyEvent`, `Context`. */
const REQUEST_TYPE_WORDS = new Set(['request', 'context', 'event']);
/** Function names that do: route handlers of Next.js/SvelteKit/Remix, middleware, loaders and actions. */
export const HANDLER_NAMES: ReadonlySet<string> = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'middleware',
  'handler',
  'loader',
  'action',
]);
/** Files whose default export runs per request in file-routed frameworks (`app/**\/page.tsx`, `route.ts`). */
const PER_REQUEST_FILES =
  /(^|\/)(page|layout|route|middleware|proxy|\+page\.server|\+layout\.server|\+server)\.[cm]?[jt]sx?$/;

/** The name a function is known by: its own, or the variable or property it is assigned to. */
export function functionNameOf(ts: TypeScript, fn: ts.SignatureDeclaration): string | undefined {
  if (
    (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) &&
    fn.name &&
    ts.isIdentifier(fn.name)
  )
    return fn.name.text;
  const parent = parentOf(fn);
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** Whether a file starts with a `'use client'` or `'use server'` directive. */
export function hasDirective(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  directive: 'use client' | 'use server',
): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

const isAsync = (ts: TypeScript, fn: ts.SignatureDeclaration) =>
  ts.canHaveModifiers(fn) &&
  ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) === true;

/** Whether a function is a request handler or middleware itself (see `isInsideRequestHandler`). */
export function isRequestHandler(ts: TypeScript, fn: ts.SignatureDeclaration, sourceFile: ts.SourceFile): boolean {
  for (const parameter of fn.parameters) {
    if (ts.isIdentifier(parameter.name) && REQUEST_PARAMETERS.has(parameter.name.text)) return true;
    if (parameter.type && wordsOf(parameter.type.getText(sourceFile)).some((word) => REQUEST_TYPE_WORDS.has(word)))
      return true;
  }
  const name = functionNameOf(ts, fn);
  if (
    name !== undefined &&
    (HANDLER_NAMES.has(name) || wordsOf(name).some((word) => word === 'handler' || word === 'middleware'))
  )
    return true;
  const isDefaultExport =
    ts.isFunctionDeclaration(fn) &&
    fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) === true;
  const isExported =
    (ts.isFunctionDeclaration(fn) &&
      fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) === true) ||
    (parentOf(fn) !== undefined && ts.isExportAssignment(fn.parent));
  if (
    (isDefaultExport || (parentOf(fn) !== undefined && ts.isExportAssignment(fn.parent))) &&
    PER_REQUEST_FILES.test(sourceFile.fileName)
  )
    return true;
  // React Server Components: an async component (`async function Navbar()`) renders on every request.
  if (
    name !== undefined &&
    /^[A-Z]/.test(name) &&
    isAsync(ts, fn) &&
    /\.[jt]sx$/.test(sourceFile.fileName) &&
    !hasDirective(ts, sourceFile, 'use client')
  )
    return true;
  // Server actions: every exported function of a 'use server' file is an endpoint.
  return isExported && hasDirective(ts, sourceFile, 'use server');
}

/**
 * Whether a node runs per request: inside a function that is a request handler or middleware by its
 * parameters (`req`, `res`, `next`, `ctx`, `event`, a `…Request`/`…Context` type), its name (`GET`,
 * `middleware`, `…Handler`), a file-routed default export (`page.tsx`, `route.ts`), an async React Server
 * Component (`async function Navbar()` in a `.tsx` file without `'use client'`), a server action, or
 * inside the callback given to a `…Middleware(…)` call (`clerkMiddleware(async (auth, req) => …)`).
 */
export function isInsideRequestHandler(ts: TypeScript, node: ts.Node, sourceFile: ts.SourceFile): boolean {
  for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
    if (ts.isFunctionLike(current) && isRequestHandler(ts, current, sourceFile)) return true;
    if (ts.isCallExpression(current) && current !== node) {
      const callee = current.expression;
      const name = calledName(ts, callee);
      if (name !== undefined && wordsOf(name).includes('middleware')) return true;
    }
  }
  return false;
}

/**
 * Whether a node is browser code: in a `'use client'` file, or inside a React hook (`useRallies`), whose
 * calls run in the user's browser rather than in a request the server verifies.
 */
export function isBrowserCode(ts: TypeScript, node: ts.Node, sourceFile: ts.SourceFile): boolean {
  if (hasDirective(ts, sourceFile, 'use client')) return true;
  for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
    if (ts.isFunctionLike(current)) {
      const name = functionNameOf(ts, current);
      if (name !== undefined && /^use[A-Z0-9]/.test(name)) return true;
    }
  }
  return false;
}
