import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { wordsOf } from './words.js';

/** Parameter names that make a function a request handler or middleware: `(req, res, next)`, `(ctx)`, `(event)`. */
const REQUEST_PARAMETERS = new Set(['req', 'request', 'res', 'response', 'reply', 'next', 'ctx', 'context', 'event']);
/** Words of parameter types that do the same: `NextRequest`, `Request`, `APIGatewayProxyEvent`, `Context`. */
const REQUEST_TYPE_WORDS = new Set(['request', 'context', 'event']);
/** Function names that do: route handlers of Next.js/SvelteKit/Remix, middleware, loaders and actions. */
const HANDLER_NAMES = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'middleware', 'handler', 'loader', 'action']);
/** Files whose default export runs per request in file-routed frameworks (`app/**\/page.tsx`, `route.ts`). */
const PER_REQUEST_FILES = /(^|\/)(page|layout|route|middleware|proxy|\+page\.server|\+layout\.server|\+server)\.[cm]?[jt]sx?$/;

/** The name a function is known by: its own, or the variable or property it is assigned to. */
export function functionNameOf(ts: TypeScript, fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function hasUseServerDirective(ts: TypeScript, sourceFile: ts.SourceFile): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === 'use server') return true;
  }
  return false;
}

function isRequestHandler(ts: TypeScript, fn: ts.SignatureDeclaration, sourceFile: ts.SourceFile): boolean {
  for (const parameter of fn.parameters) {
    if (ts.isIdentifier(parameter.name) && REQUEST_PARAMETERS.has(parameter.name.text)) return true;
    if (parameter.type && wordsOf(parameter.type.getText(sourceFile)).some((word) => REQUEST_TYPE_WORDS.has(word))) return true;
  }
  const name = functionNameOf(ts, fn);
  if (name !== undefined && (HANDLER_NAMES.has(name) || wordsOf(name).some((word) => word === 'handler' || word === 'middleware'))) return true;
  const isDefaultExport = ts.isFunctionDeclaration(fn) && fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) === true;
  const isExported = (ts.isFunctionDeclaration(fn) && fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) === true) || (fn.parent !== undefined && ts.isExportAssignment(fn.parent));
  if ((isDefaultExport || (fn.parent !== undefined && ts.isExportAssignment(fn.parent))) && PER_REQUEST_FILES.test(sourceFile.fileName)) return true;
  // Server actions: every exported function of a 'use server' file is an endpoint.
  return isExported && hasUseServerDirective(ts, sourceFile);
}

/**
 * Whether a node runs per request: inside a function that is a request handler or middleware by its
 * parameters (`req`, `res`, `next`, `ctx`, `event`, a `…Request`/`…Context` type), its name (`GET`,
 * `middleware`, `…Handler`), a file-routed default export (`page.tsx`, `route.ts`), a server action, or
 * inside the callback given to a `…Middleware(…)` call (`clerkMiddleware(async (auth, req) => …)`).
 */
export function isInsideRequestHandler(ts: TypeScript, node: ts.Node, sourceFile: ts.SourceFile): boolean {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current) && isRequestHandler(ts, current, sourceFile)) return true;
    if (ts.isCallExpression(current) && current !== node) {
      const callee = current.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name !== undefined && wordsOf(name).includes('middleware')) return true;
    }
  }
  return false;
}
