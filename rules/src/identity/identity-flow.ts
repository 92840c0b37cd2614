import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { perProviderList } from '../providers/per-provider-list.js';
import { calleeTextPattern, providerCallFinder } from '../providers/provider-calls.js';
import type { IdentitySource, ProviderProfile } from '../providers/provider-profile.js';
import { isModuleOrSubpath } from '../syntax/module-imports.js';
import { hasDirective } from '../syntax/request-scope.js';
import { isExpressionWrapper, propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import { startsWithAt, wordsOf } from '../syntax/words.js';
import { parseYield, pathKey, pathText, startsWithPath, type IdentityPath } from './identity-path.js';
import { parentOf } from '../syntax/parent.js';
import { isTypeOnlyImport } from '../syntax/import-clause.js';
import { ensureParents } from '../walk.js';
import { LastTree } from '../syntax/last-tree.js';
import { ownText } from '../syntax/own-text.js';

/** What happens to a provider user id outside the auth layer. */
export type IdentityUse = 'stored' | 'filtered' | 'compared' | 'passed' | 'returned' | 'metadata';

/** A provider's identity source matched in a file, with what its value holds. */
export interface SourceOrigin {
  readonly kind: 'source';
  readonly provider: string;
  /** How the call reads in messages: `auth()` from `@clerk/nextjs/server`. */
  readonly call: string;
  readonly module: string;
  /** Paths from the value to the user id (`=>N` steps already taken for callback parameters). */
  readonly yields: readonly IdentityPath[];
  /** A user id only in a project without a database adapter (see `IdentitySource.unless`). */
  readonly unless?: 'database-adapter';
}

/** The value of an imported binding (`import { getUser } from '@/lib/auth'`): known only across files. */
export interface ImportOrigin {
  readonly kind: 'import';
  readonly specifier: string;
  readonly name: string;
}

/** The tRPC-style request context (`ctx` of a procedure or middleware): known only across files. */
export interface ContextOrigin {
  readonly kind: 'context';
}

export type Origin = SourceOrigin | ImportOrigin | ContextOrigin;

/** A tracked value: where it comes from, the steps taken from there, and the containers it sits in. */
interface Value {
  readonly origin: Origin;
  /** Steps from the origin's value to this value. */
  readonly path: IdentityPath;
  /** The value sits inside containers under these keys (`{ user: { id } }` → [user, id]); read first. */
  readonly pending: IdentityPath;
  /** Where the value was last seen by itself: findings are reported there. */
  readonly anchor: ts.Node;
}

/** A use of a tracked value outside the auth layer (nodes: per-file results, never cached). */
export interface IdentityUseSite {
  readonly origin: Origin;
  readonly path: IdentityPath;
  readonly use: IdentityUse;
  /** A prop of a component: reported for the id itself only, not for a user object that carries it. */
  readonly prop: boolean;
  readonly node: ts.Node;
  /** Start of the enclosing statement: uses of one origin in one statement are one leak. */
  readonly statement: number;
}

/** What a file hands on: an export (or the request context) holding an origin's value at `outPath`. */
export interface IdentityHandOff {
  /** The exported name (`default` for a default export); `''` for a context entry. */
  readonly name: string;
  /** Steps a reader takes from the export (or the context) to reach the value: `()` for a call. */
  readonly outPath: IdentityPath;
  readonly origin: Origin;
  readonly originPath: IdentityPath;
}

export interface IdentityFlow {
  readonly uses: readonly IdentityUseSite[];
  readonly exports: readonly IdentityHandOff[];
  /** Objects put on the request context: `next({ ctx: { user } })`, returned from `createContext`. */
  readonly context: readonly IdentityHandOff[];
}

/** How many variables, returns and parameters the tracking passes through from an origin. */
export const MAX_HOPS = 6;
/** The longest path followed from an imported value or the context (their ids are known only later). */
export const MAX_OPEN_PATH = 5;

const CONTEXT_FACTORY = /^create\w*Context$/;
const CONTEXT_TEXT = /\b(ctx|req|request)\b/;
/** Parameters of Express-style handlers and middleware: what middleware puts on them, handlers read. */
const REQUEST_NAMES = new Set(['req', 'request']);
/** The first step of a path into the request object, kept apart from tRPC's `ctx` (`ctx.user` is not `req.user`). */
const REQUEST_STEP = '$request';
const PROCEDURE_METHODS = new Set(['query', 'mutation', 'subscription']);
const RESPONSE_HANDLERS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'loader', 'action']);
const STORE_CALLS = new Set([
  'values',
  'insert',
  'create',
  'createMany',
  'update',
  'updateMany',
  'upsert',
  'set',
  'save',
  'add',
  'push',
  'put',
  'setDoc',
  'addDoc',
  'updateDoc',
  'insertOne',
  'insertMany',
  'updateOne',
  'onConflictDoUpdate',
  'rpc',
]);
const FILTER_CALLS = new Set([
  'where',
  'eq',
  'ne',
  'neq',
  'match',
  'filter',
  'findFirst',
  'findUnique',
  'findFirstOrThrow',
  'findUniqueOrThrow',
  'findMany',
  'find',
  'findOne',
  'findById',
  'count',
  'delete',
  'deleteMany',
  'in',
  'is',
  'inArray',
  'and',
  'or',
  'getDoc',
  'doc',
  'collection',
  'query',
  'get',
  'has',
  'select',
]);
const METADATA_WORDS = new Set([
  'metadata',
  'track',
  'capture',
  'identify',
  'publish',
  'enqueue',
  'emit',
  'send',
  'trigger',
  'dispatch',
]);
const RESPONSE_CALLS = new Set(['json', 'NextResponse.json', 'Response.json', 'data', 'typedjson']);
/** Calls a user id passes through without being used: logging, conversions, navigation, React state. */
const NEUTRAL_CALLS = new Set([
  'String',
  'Number',
  'Boolean',
  'redirect',
  'notFound',
  'encodeURIComponent',
  'parseInt',
  'Error',
  'TRPCError',
  'Promise.resolve',
  'isNaN',
  'z.string',
  'assert',
  'invariant',
]);
/** React's own hooks keep a value in the component; an app's hook (`useGetUser(clerkId)`) is a function it is passed to. */
const REACT_HOOKS = new Set([
  'useState',
  'useEffect',
  'useLayoutEffect',
  'useMemo',
  'useCallback',
  'useRef',
  'useReducer',
  'useContext',
  'useDebugValue',
  'useId',
  'useTransition',
  'useDeferredValue',
]);
const NEUTRAL_RECEIVERS = new Set(['console', 'logger', 'log', 'Sentry', 'JSON', 'router', 'Object', 'Array', 'Math']);
/** Words of a callee that mark a provider-side call: the id goes back to the provider, which is where it belongs. */
const PROVIDER_CALL_PROPERTIES = new Set(['auth', 'users', 'userManagement', 'sessions', 'organizations']);

const flows = new LastTree<Map<readonly ProviderProfile[], IdentityFlow>>();

/** A pattern that matches a file's text when it may call one of the providers' identity sources. */
const sourcePatterns = new WeakMap<readonly ProviderProfile[], RegExp | undefined>();

export function identitySourcePattern(providers: readonly ProviderProfile[]): RegExp | undefined {
  if (!sourcePatterns.has(providers))
    sourcePatterns.set(
      providers,
      calleeTextPattern(providers.flatMap((provider) => provider.identitySources.map((call) => ({ call })))),
    );
  return sourcePatterns.get(providers);
}

/** The providers' identity sources as `providerCallFinder` entries, one list per providers (so compiled once). */
const identitySourceEntriesOf = perProviderList((providers) =>
  providers.flatMap((provider) => provider.identitySources.map((call) => ({ provider, call }))),
);

interface FlowOptions {
  /** Auth-layer files hand values on (exports, context) but record no uses. */
  readonly recordUses: boolean;
  /** Follow imported bindings and the request context too (the scanner's cross-file part). */
  readonly openOrigins: boolean;
}

/**
 * The identity flow of one file: where provider user objects and ids come from (the providers'
 * identity sources; with `openOrigins`, also imported bindings and the request context), how they
 * travel inside the file (variables, destructuring, `await`, property reads, spreads, object
 * literals, returns, closures) and where they are used or handed on. Purely syntactic.
 */
export function identityFlowOf(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  providers: readonly ProviderProfile[],
  options: FlowOptions,
): IdentityFlow {
  let byProviders = flows.get(sourceFile);
  const key = providers;
  const cached = byProviders?.get(key);
  if (cached !== undefined && options.openOrigins && options.recordUses) return cached;
  const flow = computeFlow(ts, sourceFile, providers, options);
  if (options.openOrigins && options.recordUses) {
    if (byProviders === undefined)
      flows.set(sourceFile, (byProviders = new Map<readonly ProviderProfile[], IdentityFlow>()));
    byProviders.set(key, flow);
  }
  return flow;
}

/** Scopes of public packages: their exports are libraries, never the project's auth layer. */
const PUBLIC_SCOPES = new Set([
  '@trpc',
  '@tanstack',
  '@radix-ui',
  '@remix-run',
  '@prisma',
  '@supabase',
  '@clerk',
  '@auth',
  '@next',
  '@vercel',
  '@aws-sdk',
  '@azure',
  '@workos-inc',
  '@auth0',
  '@hookform',
  '@headlessui',
  '@heroicons',
  '@mui',
  '@emotion',
  '@types',
  '@react-email',
  '@upstash',
  '@t3-oss',
  '@stripe',
  '@sentry',
  '@opentelemetry',
]);

/**
 * Whether an import may name a module of the project: relative paths, path aliases (`@/`, `~/`, `#`,
 * `$`), and scoped workspace packages (`@acme/db`) outside well-known public scopes. Bare package
 * names (`react`, `next/navigation`) never hold the project's auth layer.
 */
function isProjectSpecifier(specifier: string): boolean {
  if (/^(\.|~|@\/|#|\$|src\/)/.test(specifier)) return true;
  if (!specifier.startsWith('@')) return false;
  return !PUBLIC_SCOPES.has(specifier.split('/')[0]!);
}

function calleeNames(ts: TypeScript, callee: ts.Expression): string[] {
  const names: string[] = [];
  let current = unwrapExpression(ts, callee);
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = unwrapExpression(ts, current.expression);
    } else if (ts.isCallExpression(current)) {
      current = unwrapExpression(ts, current.expression);
    } else break;
  }
  if (ts.isIdentifier(current)) names.unshift(current.text);
  return names;
}

/** What a call's callee says of a value passed to it, whatever the value (see `calleeOf`). */
interface Callee {
  /** Neutral (logging, React state, hooks), or the provider's own API: passing the id is no use. */
  readonly ignored: boolean;
  /** `next(…)`: a tRPC middleware's hand-over of the request context. */
  readonly next: boolean;
  /** A header or cookie write: the value leaves in the response whatever it sits in. */
  readonly header: boolean;
  /** The use its name says (a header or cookie: `returned`; then `metadata`, `stored`, `filtered`, `returned`, `passed`). */
  readonly use: IdentityUse;
}

/**
 * What a callee says of the values passed to it, from its names alone (`this.bookings.create` →
 * [this, bookings, create]). The same callees come back in every handler of every file, so the
 * answer is kept by callee text, for each provider list (a bounded memo, keyed by a copy of the
 * text: `ownText`).
 */
function calleeOf(ts: TypeScript, expression: ts.Expression, providers: readonly ProviderProfile[]): Callee {
  const names = calleeNames(ts, expression);
  const text = names.join('.');
  let known = calleesByProviders.get(providers);
  if (known === undefined) calleesByProviders.set(providers, (known = new Map<string, Callee>()));
  let callee = known.get(text);
  if (callee === undefined) {
    if (known.size >= MAX_KNOWN_CALLEES) known.clear();
    callee = classifyCallee(names, text, providers);
    known.set(ownText(text), callee);
  }
  return callee;
}

const IGNORED_CALLEE: Callee = { ignored: true, next: false, header: false, use: 'passed' };
const calleesByProviders = new WeakMap<readonly ProviderProfile[], Map<string, Callee>>();
const MAX_KNOWN_CALLEES = 10_000;

function classifyCallee(names: readonly string[], text: string, providers: readonly ProviderProfile[]): Callee {
  const last = names[names.length - 1] ?? '';
  if (
    NEUTRAL_CALLS.has(text) ||
    NEUTRAL_CALLS.has(last) ||
    NEUTRAL_RECEIVERS.has(names[0] ?? '') ||
    /^set[A-Z]/.test(last) ||
    REACT_HOOKS.has(last)
  )
    return IGNORED_CALLEE;
  // The id handed back to the provider (`clerkClient.users.getUser(userId)`, `supabase.auth.admin…`).
  const words = names.flatMap((name) => wordsOf(name));
  const namesProvider = providers.some((provider) =>
    provider.nameWords.some((phrase) => words.some((_, index) => startsWithAt(words, phrase, index))),
  );
  if (names.slice(1).some((name) => PROVIDER_CALL_PROPERTIES.has(name)) && (namesProvider || names.includes('auth')))
    return IGNORED_CALLEE;
  if (namesProvider && !names.includes('from') && !names.includes('rpc')) return IGNORED_CALLEE;
  const header = names.includes('headers') || names.includes('cookies');
  let use: IdentityUse = 'passed';
  if (header) use = 'returned';
  else if (names.some((name) => wordsOf(name).some((word) => METADATA_WORDS.has(word)))) use = 'metadata';
  else if (STORE_CALLS.has(last)) use = 'stored';
  else if (FILTER_CALLS.has(last)) use = 'filtered';
  else if (RESPONSE_CALLS.has(text) || RESPONSE_CALLS.has(last)) use = 'returned';
  return { ignored: false, next: last === 'next', header, use };
}

/** The index of the first node of `nodes` (in source order) that starts at or after `position`. */
function firstAtOrAfter(nodes: readonly ts.Node[], position: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (nodes[middle]!.pos < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

function statementOf(ts: TypeScript, node: ts.Node): ts.Node {
  let current = node;
  while (
    parentOf(current) !== undefined &&
    !ts.isSourceFile(current.parent) &&
    !ts.isBlock(current.parent) &&
    !ts.isModuleBlock(current.parent) &&
    !ts.isCaseClause(current.parent) &&
    !ts.isDefaultClause(current.parent)
  ) {
    if (ts.isArrowFunction(current.parent) && current.parent.body === current) return current;
    current = current.parent;
  }
  return current;
}

function isExported(ts: TypeScript, node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false)
  );
}

function isDefaultExport(ts: TypeScript, node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) ?? false)
  );
}

/** What the identity flow needs of a file's tree, gathered in one walk (the rules' shared walk where it runs). */
export interface IdentityIndex {
  /** Identifiers by name, in source order: references of a variable are looked up here, not by walking its scope. */
  readonly identifiers: Map<string, ts.Identifier[]>;
  /** `export { a as b }` of local names: local → exported names. */
  readonly exportedLocals: Map<string, string[]>;
  /** Parameters named `ctx`, or `{ ctx }` destructured from one. */
  readonly contextParameters: ts.BindingName[];
  readonly specifiers: ts.StringLiteral[];
  /** Calls and constructions, kept only when the file's text may hold an identity source. */
  readonly calls: (ts.CallExpression | ts.NewExpression)[];
}

/** Indexes built during the shared walk of a tree, for the flow of the same tree (the scanner's collect). */
const indexes = new LastTree<IdentityIndex>();

/** The index built for this tree in a walk that is complete (every identifier, in source order), if any was. */
export function identityIndexOf(sourceFile: ts.SourceFile): IdentityIndex | undefined {
  return indexes.get(sourceFile);
}

function emptyIndex(): IdentityIndex {
  return { identifiers: new Map(), exportedLocals: new Map(), contextParameters: [], specifiers: [], calls: [] };
}

/** Handlers by syntax kind that fill an index; `withCalls`: keep calls too. */
function indexHandlers(
  ts: TypeScript,
  index: IdentityIndex,
  withCalls: boolean,
): Record<number, (node: ts.Node) => void> {
  const handlers: Record<number, (node: ts.Node) => void> = {
    [ts.SyntaxKind.Identifier]: (node) => {
      const identifier = node as ts.Identifier;
      const list = index.identifiers.get(identifier.text);
      if (list === undefined) index.identifiers.set(identifier.text, [identifier]);
      else list.push(identifier);
    },
    [ts.SyntaxKind.ImportDeclaration]: (node) => {
      const declaration = node as ts.ImportDeclaration;
      if (ts.isStringLiteral(declaration.moduleSpecifier)) index.specifiers.push(declaration.moduleSpecifier);
    },
    [ts.SyntaxKind.ExportDeclaration]: (node) => {
      const declaration = node as ts.ExportDeclaration;
      if (
        declaration.moduleSpecifier === undefined &&
        declaration.exportClause &&
        ts.isNamedExports(declaration.exportClause)
      ) {
        for (const element of declaration.exportClause.elements) {
          const local = (element.propertyName ?? element.name).text;
          index.exportedLocals.set(local, [...(index.exportedLocals.get(local) ?? []), element.name.text]);
        }
      }
      if (declaration.moduleSpecifier && ts.isStringLiteral(declaration.moduleSpecifier))
        index.specifiers.push(declaration.moduleSpecifier);
    },
    [ts.SyntaxKind.Parameter]: (node) => {
      const parameter = node as ts.ParameterDeclaration;
      if (ts.isIdentifier(parameter.name) && (parameter.name.text === 'ctx' || REQUEST_NAMES.has(parameter.name.text)))
        index.contextParameters.push(parameter.name);
      else if (ts.isObjectBindingPattern(parameter.name)) {
        for (const element of parameter.name.elements)
          if (
            (propertyNameText(ts, element.propertyName) ?? (ts.isIdentifier(element.name) ? element.name.text : '')) ===
            'ctx'
          )
            index.contextParameters.push(element.name);
      }
    },
  };
  if (withCalls) {
    const call = (node: ts.Node) => index.calls.push(node as ts.CallExpression | ts.NewExpression);
    handlers[ts.SyntaxKind.CallExpression] = call;
    handlers[ts.SyntaxKind.NewExpression] = call;
  }
  return handlers;
}

/** A walk of its own, for hosts that did not index the tree in the shared walk. Types are skipped: they hold no values. */
function walkIndex(ts: TypeScript, sourceFile: ts.SourceFile, withCalls: boolean): IdentityIndex {
  const index = emptyIndex();
  const handlers = indexHandlers(ts, index, withCalls);
  const visit = (node: ts.Node): void => {
    if (
      (node.kind >= ts.SyntaxKind.FirstTypeNode && node.kind <= ts.SyntaxKind.LastTypeNode) ||
      node.kind === ts.SyntaxKind.InterfaceDeclaration ||
      node.kind === ts.SyntaxKind.TypeAliasDeclaration
    )
      return;
    handlers[node.kind]?.(node);
    if (node.kind !== ts.SyntaxKind.Identifier) ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return index;
}

/** Value imports of the project's own modules (see `isProjectSpecifier`): local name → [specifier, imported name]. */
function projectImportsOf(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  providers: readonly ProviderProfile[],
): Map<string, [string, string]> {
  const imports = new Map<string, [string, string]>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (clause === undefined || isTypeOnlyImport(clause)) continue;
    const specifier = ownText(statement.moduleSpecifier.text);
    if (
      !isProjectSpecifier(specifier) ||
      providers.some((provider) => provider.sdkModules.some(({ module }) => isModuleOrSubpath(specifier, module)))
    )
      continue;
    if (clause.name) imports.set(clause.name.text, [specifier, 'default']);
    const named = clause.namedBindings;
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements)
        if (!element.isTypeOnly)
          imports.set(element.name.text, [specifier, ownText((element.propertyName ?? element.name).text)]);
    }
  }
  return imports;
}

/**
 * What decides whether a file needs the identity flow at all, found once per tree (the per-file
 * rule's listeners and the flow itself both ask): whether its text may call an identity source, its
 * value imports of project modules, whether its text names a request context (asked last, lazily).
 */
interface Prescan {
  readonly mayHaveSources: boolean;
  readonly imports: ReadonlyMap<string, [string, string]>;
  context: boolean | undefined;
}
const prescans = new WeakMap<ts.SourceFile, Map<readonly ProviderProfile[], Prescan>>();

function prescanOf(ts: TypeScript, sourceFile: ts.SourceFile, providers: readonly ProviderProfile[]): Prescan {
  let byProviders = prescans.get(sourceFile);
  if (byProviders === undefined)
    prescans.set(sourceFile, (byProviders = new Map<readonly ProviderProfile[], Prescan>()));
  let scan = byProviders.get(providers);
  if (scan === undefined) {
    scan = {
      mayHaveSources: identitySourcePattern(providers)?.test(sourceFile.text) ?? false,
      imports: projectImportsOf(ts, sourceFile, providers),
      context: undefined,
    };
    byProviders.set(providers, scan);
  }
  return scan;
}

function mentionsContext(scan: Prescan, sourceFile: ts.SourceFile): boolean {
  return (scan.context ??= CONTEXT_TEXT.test(sourceFile.text));
}

/**
 * Listeners for the rules' shared walk that index the tree for the identity flow, or null when the
 * flow needs no walk of this file (no identity source in its text, no value import of the project,
 * no `ctx`). `finish` keeps the index for `identityFlowOf` on the same tree: the per-file rule builds
 * it in the walk every rule shares, and the scanner's project rule reuses it instead of walking again.
 */
export function identityIndexListeners(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  providers: readonly ProviderProfile[],
): { enter: Record<number, (node: ts.Node) => void>; finish(): void } | null {
  const scan = prescanOf(ts, sourceFile, providers);
  const mayHaveSources = scan.mayHaveSources;
  if (!mayHaveSources && scan.imports.size === 0 && !mentionsContext(scan, sourceFile)) return null;
  const index = emptyIndex();
  return { enter: indexHandlers(ts, index, mayHaveSources), finish: () => indexes.set(sourceFile, index) };
}

function computeFlow(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  providers: readonly ProviderProfile[],
  options: FlowOptions,
): IdentityFlow {
  const uses: IdentityUseSite[] = [];
  const exports: IdentityHandOff[] = [];
  const context: IdentityHandOff[] = [];
  const scan = prescanOf(ts, sourceFile, providers);
  const { mayHaveSources, imports } = scan;
  if (!mayHaveSources && (!options.openOrigins || (imports.size === 0 && !mentionsContext(scan, sourceFile))))
    return { uses, exports, context };
  // A file no per-file rule walked reaches the scanner's project rules without parent links.
  ensureParents(ts, sourceFile);
  const index = indexes.get(sourceFile) ?? walkIndex(ts, sourceFile, mayHaveSources);
  const { identifiers, exportedLocals, contextParameters } = index;
  let finder: ReturnType<typeof providerCallFinder> | undefined;
  if (mayHaveSources) {
    finder = providerCallFinder(ts, sourceFile, identitySourceEntriesOf(providers));
    for (const specifier of index.specifiers) finder.noteModuleSpecifier(specifier);
    for (const call of index.calls) finder.noteCall(call);
  }

  const isServerActionFile = hasDirective(ts, sourceFile, 'use server');
  const seenUse = new Set<string>();
  const originKeys = new Map<Origin, number>();
  const originKey = (origin: Origin) => {
    let id = originKeys.get(origin);
    if (id === undefined) originKeys.set(origin, (id = originKeys.size));
    return id;
  };

  // --- What a value holds --------------------------------------------------------------------------
  const isId = (value: Value) =>
    value.origin.kind === 'source' && value.origin.yields.some((path) => pathKey(path) === pathKey(value.path));
  /** Whether the value is, or holds, an id (a concrete one, or possibly one for open origins). */
  const alive = (origin: Origin, path: IdentityPath) => {
    if (origin.kind === 'source') return origin.yields.some((yielded) => startsWithPath(yielded, path));
    return path.length <= MAX_OPEN_PATH && path.filter((step) => step === '()').length <= 2;
  };
  /**
   * A value that reaches a use is recorded when it is, or holds, an id (a user object passed on or
   * returned); for imports and the context the analysis across files decides. A function passed on
   * (a path ending in a call, `db.select()`) is not a value the rules look at.
   */
  const holdsId = (value: Value) => {
    if (value.origin.kind === 'source') return alive(value.origin, value.path);
    if (value.path.length > 1 && value.path[value.path.length - 1] === '()') return false;
    return value.path.length > 0 || value.origin.kind === 'import';
  };

  const step = (value: Value, name: string, node: ts.Node): Value | undefined => {
    if (value.pending.length > 0)
      return value.pending[0] === name
        ? { ...value, pending: value.pending.slice(1), anchor: value.pending.length === 1 ? node : value.anchor }
        : undefined;
    const path = [...value.path, name];
    return alive(value.origin, path) ? { ...value, path, anchor: node } : undefined;
  };

  const recordUse = (value: Value, use: IdentityUse, prop = false) => {
    if (!options.recordUses || !holdsId(value)) return;
    // A user object is reported where it is stored, passed to a function or returned, not compared or given to a component.
    if (
      value.origin.kind === 'source' &&
      !isId(value) &&
      (prop || use === 'compared' || identityKindOf(value.origin, value.path) !== 'user')
    )
      return;
    const statement = statementOf(ts, value.anchor);
    const key = `${originKey(value.origin)}\u0000${pathKey(value.path)}\u0000${statement.pos}`;
    if (seenUse.has(key)) return;
    seenUse.add(key);
    uses.push({
      origin: value.origin,
      path: value.path,
      use,
      prop,
      node: value.anchor,
      statement: statement.getStart(sourceFile),
    });
  };

  /** Keys of the hand-offs in `exports` and in `context`: each is listed once. */
  const handedOff = new Map<IdentityHandOff[], Set<string>>([
    [exports, new Set()],
    [context, new Set()],
  ]);
  const handOff = (list: IdentityHandOff[], name: string, outPath: IdentityPath, value: Value) => {
    if (value.origin.kind === 'source' && !alive(value.origin, value.path)) return;
    const key = `${name}\u0000${pathKey(outPath)}\u0000${originKey(value.origin)}\u0000${pathKey(value.path)}`;
    const keys = handedOff.get(list)!;
    if (keys.has(key)) return;
    keys.add(key);
    list.push({ name, outPath, origin: value.origin, originPath: value.path });
  };

  /** The identifiers of a name that are references (not declarations, property names or types), decided once per name. */
  const referenceLists = new Map<string, ts.Identifier[]>();
  const referencesNamed = (text: string): ts.Identifier[] => {
    let list = referenceLists.get(text);
    if (list === undefined)
      referenceLists.set(text, (list = (identifiers.get(text) ?? []).filter((identifier) => isReference(identifier))));
    return list;
  };

  /** References of a declared name inside the scope that declares it (closures included). */
  const referencesOf = (name: ts.Identifier): ts.Identifier[] => {
    // A function's name is visible around the function, not only inside it.
    let scope: ts.Node = ts.isFunctionDeclaration(name.parent) ? name.parent.parent : name.parent;
    while (
      parentOf(scope) !== undefined &&
      !ts.isBlock(scope) &&
      !ts.isSourceFile(scope) &&
      !ts.isModuleBlock(scope) &&
      !ts.isFunctionLike(scope)
    )
      scope = scope.parent;
    if (
      ts.isParameter(name.parent) ||
      (ts.isBindingElement(name.parent) && ts.isParameter(rootOfBinding(name.parent)))
    ) {
      while (parentOf(scope) !== undefined && !ts.isFunctionLike(scope)) scope = scope.parent;
    }
    // The references of a name are in source order: those inside the scope are one run of them, found
    // by bisection (a file of many handlers, each with its own `req`, is not scanned once per handler).
    const references = referencesNamed(name.text);
    const inScope: ts.Identifier[] = [];
    for (let at = firstAtOrAfter(references, scope.pos); at < references.length; at++) {
      const identifier = references[at]!;
      if (identifier.pos >= scope.end) break;
      if (identifier !== name && identifier.end <= scope.end) inScope.push(identifier);
    }
    return inScope;
  };

  const rootOfBinding = (element: ts.BindingElement): ts.Node => {
    let current: ts.Node = element;
    while (ts.isBindingElement(current) || ts.isObjectBindingPattern(current) || ts.isArrayBindingPattern(current))
      current = current.parent;
    return current;
  };

  const isReference = (identifier: ts.Identifier): boolean => {
    const parent = identifier.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
    if (
      (ts.isPropertyAssignment(parent) ||
        ts.isPropertyDeclaration(parent) ||
        ts.isMethodDeclaration(parent) ||
        ts.isPropertySignature(parent) ||
        ts.isJsxAttribute(parent)) &&
      parent.name === identifier
    )
      return false;
    if (ts.isBindingElement(parent) && parent.propertyName === identifier) return false;
    if (
      (ts.isVariableDeclaration(parent) ||
        ts.isParameter(parent) ||
        ts.isBindingElement(parent) ||
        ts.isFunctionDeclaration(parent) ||
        ts.isImportSpecifier(parent) ||
        ts.isImportClause(parent)) &&
      parent.name === identifier
    )
      return false;
    if (
      ts.isTypeReferenceNode(parent) ||
      ts.isQualifiedName(parent) ||
      ts.isTypeQueryNode(parent) ||
      ts.isExportSpecifier(parent)
    )
      return false;
    return true;
  };

  /** Binds a value to a declared name or pattern and follows every reference. */
  const bind = (name: ts.BindingName, value: Value, hops: number, exportedAs?: (name: string) => string[]): void => {
    if (hops > MAX_HOPS) return;
    if (ts.isIdentifier(name)) {
      for (const exported of exportedAs?.(name.text) ?? []) handOff(exports, exported, value.pending, value);
      for (const reference of referencesOf(name))
        follow({ ...value, anchor: value.pending.length === 0 ? reference : value.anchor }, reference, hops + 1);
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        if (element.dotDotDotToken) {
          bind(element.name, value, hops, exportedAs);
          continue;
        }
        const key =
          propertyNameText(ts, element.propertyName) ?? (ts.isIdentifier(element.name) ? element.name.text : undefined);
        if (key === undefined) continue;
        const stepped = step(value, key, element.name);
        if (stepped !== undefined) bind(element.name, stepped, hops, exportedAs);
      }
      return;
    }
    name.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      const stepped = element.dotDotDotToken ? value : step(value, String(index), element.name);
      if (stepped !== undefined) bind(element.name, stepped, hops, exportedAs);
    });
  };

  const exportNamesOfStatement = (declaration: ts.VariableDeclaration) => {
    const list = parentOf(declaration);
    const statement = list === undefined ? undefined : parentOf(list);
    const exportedStatement =
      statement !== undefined &&
      ts.isVariableStatement(statement) &&
      isExported(ts, statement) &&
      ts.isSourceFile(statement.parent);
    const atTop = statement !== undefined && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
    return (local: string) => [
      ...(exportedStatement ? [local] : []),
      ...(atTop ? (exportedLocals.get(local) ?? []) : []),
    ];
  };

  /** The function whose value a `return` hands out, and how it is known. */
  const returnedFrom = (fn: ts.SignatureDeclaration, value: Value, hops: number): void => {
    const called: Value = { ...value, pending: ['()', ...value.pending] };
    const parent = parentOf(fn);
    // A resolver of a tRPC procedure, a route handler, a loader/action or a server action answers the client.
    const name =
      (ts.isFunctionDeclaration(fn) && fn.name
        ? fn.name.text
        : parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)
          ? parent.name.text
          : undefined) ?? (isDefaultExport(ts, fn) ? 'default' : undefined);
    const exported = ts.isFunctionDeclaration(fn)
      ? isExported(ts, fn) && ts.isSourceFile(fn.parent)
      : parent && ts.isVariableDeclaration(parent)
        ? exportNamesOfStatement(parent)(name ?? '').length > 0
        : false;
    const procedure =
      parent &&
      ts.isCallExpression(parent) &&
      ts.isPropertyAccessExpression(parent.expression) &&
      PROCEDURE_METHODS.has(parent.expression.name.text);
    if (procedure || (exported && name !== undefined && (RESPONSE_HANDLERS.has(name) || isServerActionFile))) {
      recordUse(value, 'returned');
      return;
    }
    if (name === undefined) return;
    if (ts.isFunctionDeclaration(fn) && fn.name) {
      if (isExported(ts, fn))
        handOff(exports, isDefaultExport(ts, fn) ? 'default' : fn.name.text, called.pending, called);
      for (const exported of exportedLocals.get(fn.name.text) ?? []) handOff(exports, exported, called.pending, called);
      if (CONTEXT_FACTORY.test(fn.name.text)) handOff(context, '', value.pending, value);
      for (const reference of referencesOf(fn.name)) follow({ ...called, anchor: called.anchor }, reference, hops + 1);
    } else if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      if (CONTEXT_FACTORY.test(parent.name.text)) handOff(context, '', value.pending, value);
      bind(parent.name, called, hops, exportNamesOfStatement(parent));
    }
  };

  /** Follows a value from the node that holds it to where it goes. */
  const follow = (value: Value, node: ts.Node, hops: number): void => {
    if (hops > MAX_HOPS) return;
    let current = node;
    while (parentOf(current) !== undefined && isExpressionWrapper(ts, current.parent)) current = current.parent;
    const parent = parentOf(current);
    if (parent === undefined) return;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current) {
      const next = step(value, parent.name.text, parent);
      if (next !== undefined) follow(next, parent, hops);
      return;
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === current) {
      const argument = parent.argumentExpression;
      if (ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument)) {
        const next = step(value, argument.text, parent);
        if (next !== undefined) follow(next, parent, hops);
      }
      return;
    }
    if (ts.isCallExpression(parent) && parent.expression === current) {
      const next = step(value, '()', parent);
      if (next !== undefined) follow(next, parent, hops);
      return;
    }
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (
        operator === ts.SyntaxKind.QuestionQuestionToken ||
        operator === ts.SyntaxKind.BarBarToken ||
        (operator === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === current)
      ) {
        follow(value, parent, hops);
        return;
      }
      if (
        operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        operator === ts.SyntaxKind.EqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsToken
      ) {
        const other = unwrapExpression(ts, parent.left === current ? parent.right : parent.left);
        const nothing =
          other.kind === ts.SyntaxKind.NullKeyword ||
          (ts.isIdentifier(other) && other.text === 'undefined') ||
          ts.isVoidExpression(other) ||
          ts.isTypeOfExpression(other);
        if (!nothing && value.pending.length === 0) recordUse(value, 'compared');
        return;
      }
      if (operator === ts.SyntaxKind.EqualsToken && parent.right === current) {
        const left = unwrapExpression(ts, parent.left);
        if (ts.isIdentifier(left)) {
          const declaration = (identifiers.get(left.text) ?? []).find(
            (identifier) => !isReference(identifier) && identifier.pos < left.pos,
          );
          if (declaration !== undefined) bind(declaration, value, hops);
        } else if (
          ts.isPropertyAccessExpression(left) &&
          ts.isIdentifier(left.expression) &&
          REQUEST_NAMES.has(left.expression.text)
        ) {
          // Middleware that puts the user on the request (`req.user = decoded`) hands it to every handler after it.
          handOff(context, '', [REQUEST_STEP, left.name.text, ...value.pending], value);
        } else if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left))
          recordUse(value, 'stored');
      }
      return;
    }
    if (ts.isConditionalExpression(parent) && parent.condition !== current) {
      follow(value, parent, hops);
      return;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current) {
      bind(parent.name, value, hops, exportNamesOfStatement(parent));
      return;
    }
    if (
      (ts.isPropertyAssignment(parent) && parent.initializer === current) ||
      ts.isShorthandPropertyAssignment(parent) ||
      ts.isSpreadAssignment(parent)
    ) {
      const key = ts.isSpreadAssignment(parent) ? undefined : propertyNameText(ts, parent.name);
      if (!ts.isSpreadAssignment(parent) && key === undefined) return;
      const object = parent.parent;
      follow({ ...value, pending: key === undefined ? value.pending : [key, ...value.pending] }, object, hops);
      return;
    }
    if (ts.isArrayLiteralExpression(parent)) {
      // `[userId]` as a hook's dependency list or a key is not a use of the id.
      const outer = parentOf(parent);
      if (outer && ts.isCallExpression(outer) && /^use[A-Z]/.test(calleeNames(ts, outer.expression).pop() ?? ''))
        return;
      // `await Promise.all([getUser(), …])` hands each value on at its index (`allSettled`: under `.value`).
      const combinator =
        outer && ts.isCallExpression(outer) && outer.arguments[0] === parent
          ? calleeNames(ts, outer.expression).join('.')
          : '';
      if (outer !== undefined && (combinator === 'Promise.all' || combinator === 'Promise.allSettled')) {
        const index = String(parent.elements.indexOf(current as ts.Expression));
        follow(
          { ...value, pending: [index, ...(combinator === 'Promise.allSettled' ? ['value'] : []), ...value.pending] },
          outer,
          hops,
        );
        return;
      }
      follow(value, parent, hops);
      return;
    }
    if (ts.isTemplateSpan(parent)) {
      const template = parent.parent;
      if (parentOf(template) !== undefined && ts.isTaggedTemplateExpression(template.parent)) {
        recordUse(value, /\b(insert|update|values|set)\b/i.test(template.getText(sourceFile)) ? 'stored' : 'filtered');
        return;
      }
      // `user:${userId}` is the id in another form; a template that holds a user object's name is not.
      if (value.pending.length === 0 && (isId(value) || value.origin.kind !== 'source')) follow(value, template, hops);
      return;
    }
    if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === current)) {
      let fn: ts.Node | undefined = parent;
      while (fn !== undefined && !ts.isFunctionLike(fn)) fn = parentOf(fn);
      if (fn !== undefined && hops < MAX_HOPS) returnedFrom(fn, value, hops + 1);
      return;
    }
    if (
      (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
      parent.arguments?.includes(current as ts.Expression)
    ) {
      callArgument(value, parent, hops);
      return;
    }
    if (ts.isJsxExpression(parent) && parentOf(parent) !== undefined && ts.isJsxAttribute(parent.parent)) {
      const attribute = parent.parent;
      const element = attribute.parent.parent;
      const tag =
        ts.isJsxSelfClosingElement(element) || ts.isJsxOpeningElement(element)
          ? element.tagName.getText(sourceFile)
          : '';
      const name = attribute.name.getText(sourceFile);
      if (/^[A-Z]/.test(tag) && name !== 'key') recordUse(value, 'passed', true);
      return;
    }
  };

  /** `new Promise((resolve) => …)` of a `resolve(value)` call, whose value becomes the promise's; else undefined. */
  const promiseOfResolve = (call: ts.CallExpression | ts.NewExpression): ts.NewExpression | undefined => {
    const callee = unwrapExpression(ts, call.expression);
    if (!ts.isIdentifier(callee)) return undefined;
    const declaration = (identifiers.get(callee.text) ?? []).find(
      (identifier) =>
        ts.isParameter(identifier.parent) && identifier.parent.name === identifier && identifier.pos < callee.pos,
    );
    const parameter = declaration?.parent;
    const executor = parameter?.parent;
    if (parameter === undefined || executor === undefined) return undefined;
    if (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor)) return undefined;
    if (executor.parameters[0] !== parameter) return undefined;
    const promise = executor.parent;
    if (!ts.isNewExpression(promise) || promise.arguments?.[0] !== executor) return undefined;
    return calleeNames(ts, promise.expression).join('.') === 'Promise' ? promise : undefined;
  };

  const callArgument = (value: Value, call: ts.CallExpression | ts.NewExpression, hops: number): void => {
    // `resolve(user)` in a `new Promise` executor hands the value to the promise: followed from there, not a use.
    const promise = promiseOfResolve(call);
    if (promise !== undefined) {
      follow({ ...value, anchor: value.pending.length === 0 ? promise : value.anchor }, promise, hops + 1);
      return;
    }
    const callee = calleeOf(ts, call.expression, providers);
    if (callee.ignored) return;
    // `next({ ctx: { user } })` of a tRPC middleware puts the value on the request context.
    if (callee.next && value.pending[0] === 'ctx') {
      handOff(context, '', value.pending.slice(1), { ...value, pending: value.pending.slice(1) });
      return;
    }
    // Where the value sits in what is passed (`{ where: { userId } }`) decides before the callee's name does.
    const use: IdentityUse = callee.header
      ? 'returned'
      : value.pending.includes('metadata') || callee.use === 'metadata'
        ? 'metadata'
        : value.pending.includes('where')
          ? 'filtered'
          : value.pending.includes('data')
            ? 'stored'
            : callee.use;
    recordUse(value, use);
  };

  // --- Origins -------------------------------------------------------------------------------------
  for (const match of finder?.matches() ?? []) {
    const source = match.call as IdentitySource;
    const module =
      moduleOfCall(ts, match.node, sourceFile, match.provider) ??
      match.provider.sdkModules[0]?.module ??
      match.provider.name;
    const yields = source.yields.map(parseYield);
    const call = `${match.callee.replace(/^new /, 'new ')}()`;
    const direct = yields.filter((path) => !path[0]?.startsWith('=>'));
    const unless = source.unless === undefined ? {} : { unless: source.unless };
    if (direct.length > 0)
      follow(
        {
          origin: { kind: 'source', provider: match.provider.name, call, module, yields: direct, ...unless },
          path: [],
          pending: [],
          anchor: match.node,
        },
        match.node,
        0,
      );
    for (const path of yields.filter((candidate) => candidate[0]?.startsWith('=>'))) {
      const callback = [...(match.node.arguments ?? [])]
        .reverse()
        .find((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) as
        ts.FunctionLikeDeclaration | undefined;
      const parameter = callback?.parameters[Number(path[0]!.slice(2))];
      if (parameter === undefined) continue;
      const origin: SourceOrigin = {
        kind: 'source',
        provider: match.provider.name,
        call: `${call} callback`,
        module,
        yields: [path.slice(1)],
        ...unless,
      };
      bind(parameter.name, { origin, path: [], pending: [], anchor: parameter }, 0);
    }
  }
  if (options.openOrigins) {
    const importOrigins = new Map<string, ImportOrigin>();
    for (const [local, [specifier, name]] of imports) {
      const origin: ImportOrigin = { kind: 'import', specifier, name };
      importOrigins.set(local, origin);
      for (const reference of referencesNamed(local)) {
        if (parentOf(reference) === undefined) continue;
        // Only reads and calls of the binding start a flow: passing an imported function along is not one.
        const parent = reference.parent;
        if (
          !(ts.isCallExpression(parent) && parent.expression === reference) &&
          !(ts.isPropertyAccessExpression(parent) && parent.expression === reference) &&
          !isExpressionWrapper(ts, parent)
        )
          continue;
        follow({ origin, path: [], pending: [], anchor: reference }, reference, 0);
      }
    }
    const contextOrigin: ContextOrigin = { kind: 'context' };
    // `ctx` of tRPC-style procedures is the context itself; `req` of Express-style handlers holds it under a step of its own.
    for (const name of contextParameters)
      bind(
        name,
        {
          origin: contextOrigin,
          path: ts.isIdentifier(name) && REQUEST_NAMES.has(name.text) ? [REQUEST_STEP] : [],
          pending: [],
          anchor: name,
        },
        0,
      );
  }
  return { uses, exports, context };
}

/** The module an identity source's callee comes from, for messages (the binding's, or an SDK module the file imports). */
function moduleOfCall(
  ts: TypeScript,
  node: ts.CallExpression | ts.NewExpression,
  sourceFile: ts.SourceFile,
  provider: ProviderProfile,
): string | undefined {
  let root = unwrapExpression(ts, node.expression);
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root))
    root = unwrapExpression(ts, ts.isPropertyAccessExpression(root) ? root.expression : root.expression);
  const specifiers: string[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    specifiers.push(specifier);
    const clause = statement.importClause;
    if (ts.isIdentifier(root) && clause) {
      if (clause.name?.text === root.text) return specifier;
      const named = clause.namedBindings;
      if (named && ts.isNamedImports(named) && named.elements.some((element) => element.name.text === root.text))
        return specifier;
      if (named && ts.isNamespaceImport(named) && named.name.text === root.text) return specifier;
    }
  }
  return (
    specifiers.find((specifier) => provider.sdkModules.some(({ module }) => isModuleOrSubpath(specifier, module))) ??
    specifiers.find((specifier) => provider.nameWords.some((phrase) => wordsOf(specifier).includes(phrase[0]!)))
  );
}

/**
 * What a source's value at `path` is: the user id (a yield), a user object that carries it as a
 * direct property (`currentUser()`, `data.user` of `getUser()`), or neither (`getAuth()`, an auth
 * instance two steps from the id, is not a user).
 */
export function identityKindOf(origin: SourceOrigin, path: IdentityPath): 'id' | 'user' | undefined {
  if (origin.yields.some((yielded) => yielded.length === path.length && startsWithPath(yielded, path))) return 'id';
  if (
    origin.yields.some(
      (yielded) => yielded.length === path.length + 1 && startsWithPath(yielded, path) && yielded[path.length] !== '()',
    )
  )
    return 'user';
  return undefined;
}

/** The message text of an origin and path: `auth().userId` from `@clerk/nextjs/server`. */
export function describeSource(origin: SourceOrigin, path: IdentityPath): string {
  return `\`${origin.call}${pathText(path)}\` from ${origin.module}`;
}
