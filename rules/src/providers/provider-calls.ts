import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { importedNameOf, importedNamesOf, isModuleOrSubpath, moduleReferenceOf } from '../syntax/module-imports.js';
import { isInsideRequestHandler } from '../syntax/request-scope.js';
import { escapeForRegExp, NAME_END, NAME_START } from '../syntax/text-patterns.js';
import { findLocalDeclaration, propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import { startsWithAt, wordsOf } from '../syntax/words.js';
import type { ProviderCall, ProviderProfile } from './provider-profile.js';
import { parentOf } from '../syntax/parent.js';
import { calledName } from '../syntax/expression-context.js';

/** A provider call found in a file: the node, the fact it matched and how the callee reads. */
export interface ProviderCallMatch {
  readonly node: ts.CallExpression | ts.NewExpression;
  readonly provider: ProviderProfile;
  readonly call: ProviderCall;
  /** The callee as written, e.g. `supabase.auth.getUser` or `new GetUserCommand`. */
  readonly callee: string;
}

interface CompiledCall {
  readonly provider: ProviderProfile;
  readonly call: ProviderCall;
  readonly isNew: boolean;
  /** Property names the callee chain must end with. */
  readonly names: readonly string[];
  /** `.a.b`: something must come before the names (a receiver). */
  readonly needsReceiver: boolean;
  /** `name`: a bare function, imported from the provider's modules. */
  readonly bare: boolean;
}

function compile(provider: ProviderProfile, call: ProviderCall): CompiledCall {
  const isNew = call.callee.startsWith('new ');
  const text = isNew ? call.callee.slice(4) : call.callee;
  const needsReceiver = text.startsWith('.');
  const names = (needsReceiver ? text.slice(1) : text).split('.');
  return { provider, call, isNew, names, needsReceiver, bare: !isNew && !needsReceiver && names.length === 1 };
}

/** Compiled calls by their last name, per list of entries (a caller that keeps its list compiles it once). */
const compiledCalls = new WeakMap<
  readonly { provider: ProviderProfile; call: ProviderCall }[],
  Map<string, CompiledCall[]>
>();

function compiledCallsOf(
  entries: readonly { provider: ProviderProfile; call: ProviderCall }[],
): ReadonlyMap<string, readonly CompiledCall[]> {
  let byLastName = compiledCalls.get(entries);
  if (byLastName === undefined) {
    byLastName = new Map<string, CompiledCall[]>();
    for (const { provider, call } of entries) {
      const compiled = compile(provider, call);
      const key = compiled.names[compiled.names.length - 1]!;
      byLastName.set(key, [...(byLastName.get(key) ?? []), compiled]);
    }
    compiledCalls.set(entries, byLastName);
  }
  return byLastName;
}

/** The property names of a callee (`a.b.c` → [a, b, c]) and what stands before them. */
function calleeChainOf(ts: TypeScript, callee: ts.Expression): { names: string[]; head: ts.Expression | undefined } {
  const names: string[] = [];
  let current = unwrapExpression(ts, callee);
  while (ts.isPropertyAccessExpression(current)) {
    names.unshift(current.name.text);
    current = unwrapExpression(ts, current.expression);
  }
  if (ts.isIdentifier(current)) {
    names.unshift(current.text);
    return { names, head: undefined };
  }
  return { names, head: current };
}

function endsWith(names: readonly string[], suffix: readonly string[]): boolean {
  return names.length >= suffix.length && startsWithAt(names, suffix, names.length - suffix.length);
}

function namesProvider(words: readonly string[], provider: ProviderProfile): boolean {
  for (let index = 0; index < words.length; index++) {
    if (provider.nameWords.some((phrase) => startsWithAt(words, phrase, index))) return true;
  }
  return false;
}

const MEMOIZERS = new Set(['once', 'memoize', 'memoizeOne', 'lazy']);
const FACTORY_WORDS = new Set(['create', 'make', 'build', 'init', 'setup', 'new']);

/**
 * Whether a verifier or key set made by `node` is rebuilt on each call of the enclosing function:
 * it is inside a function (not a constructor, not a memoized initializer, not a factory named
 * `create…`/`build…`), its value is not stored outside the function (`cache = …`, `this.v = …`,
 * `v ??= …`) and not captured by a closure the function hands out.
 */
function isRebuiltPerCall(ts: TypeScript, node: ts.Node): boolean {
  let fn = parentOf(node);
  while (fn !== undefined && !ts.isFunctionLike(fn) && !ts.isClassStaticBlockDeclaration(fn)) fn = parentOf(fn);
  if (fn === undefined || ts.isClassStaticBlockDeclaration(fn) || ts.isConstructorDeclaration(fn)) return false;
  const enclosing = fn as ts.SignatureDeclaration;
  const call = parentOf(enclosing);
  if (call && ts.isCallExpression(call) && ts.isIdentifier(call.expression) && MEMOIZERS.has(call.expression.text))
    return false;
  const name = (enclosing as ts.FunctionDeclaration).name;
  if (name && ts.isIdentifier(name) && FACTORY_WORDS.has(wordsOf(name.text)[0] ?? '')) return false;
  if (
    parentOf(enclosing) !== undefined &&
    ts.isVariableDeclaration(enclosing.parent) &&
    ts.isIdentifier(enclosing.parent.name) &&
    FACTORY_WORDS.has(wordsOf(enclosing.parent.name.text)[0] ?? '')
  )
    return false;

  let value: ts.Node = node;
  while (
    parentOf(value) !== undefined &&
    (ts.isParenthesizedExpression(value.parent) ||
      ts.isAwaitExpression(value.parent) ||
      ts.isAsExpression(value.parent) ||
      ts.isNonNullExpression(value.parent))
  )
    value = value.parent;
  const parent = parentOf(value);
  if (parent && ts.isBinaryExpression(parent) && parent.right === value) {
    const target = unwrapExpression(ts, parent.left);
    if (!ts.isIdentifier(target)) return false;
    const declaration = findLocalDeclaration(ts, target);
    // Assigned to a variable declared outside the function: a cache.
    if (declaration === undefined || !isWithin(declaration, enclosing)) return false;
  }
  const local =
    parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)
      ? parent.name
      : parent && ts.isBinaryExpression(parent) && ts.isIdentifier(parent.left)
        ? parent.left
        : undefined;
  if (local && escapesFunction(ts, local.text, enclosing)) return false;
  return true;
}

function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current !== undefined; current = parentOf(current))
    if (current === ancestor) return true;
  return false;
}

/** Whether an expression is rooted in a name declared outside `enclosing` (`byIssuer`, `this.cache`). */
function isRootedOutside(ts: TypeScript, expression: ts.Expression, enclosing: ts.Node): boolean {
  let root = unwrapExpression(ts, expression);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root))
    root = unwrapExpression(ts, root.expression);
  if (root.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (!ts.isIdentifier(root)) return false;
  const declaration = findLocalDeclaration(ts, root);
  return declaration === undefined || !isWithin(declaration, enclosing);
}

/**
 * Whether the value held by a local name outlives the call of `enclosing`: used inside a nested function
 * (a closure handed out), stored into something declared outside (`byIssuer.set(iss, keys)`,
 * `cache[iss] = keys`, `outer = keys`).
 */
function escapesFunction(ts: TypeScript, name: string, enclosing: ts.SignatureDeclaration): boolean {
  const body = (enclosing as ts.FunctionLikeDeclaration).body;
  if (body === undefined) return false;
  let escapes = false;
  const isName = (node: ts.Node | undefined) =>
    node !== undefined &&
    ts.isIdentifier(unwrapExpression(ts, node as ts.Expression)) &&
    (unwrapExpression(ts, node as ts.Expression) as ts.Identifier).text === name;
  const visit = (node: ts.Node, nested: boolean): void => {
    if (escapes) return;
    if (nested && ts.isIdentifier(node) && node.text === name) escapes = true;
    else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.arguments.some(isName) &&
      isRootedOutside(ts, node.expression.expression, enclosing)
    )
      escapes = true;
    else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      isName(node.right) &&
      isRootedOutside(ts, node.left, enclosing)
    )
      escapes = true;
    ts.forEachChild(node, (child) => visit(child, nested || ts.isFunctionLike(child)));
  };
  visit(body, false);
  return escapes;
}

function argumentMentions(ts: TypeScript, args: readonly ts.Expression[], mention: string): boolean {
  const isPrefix = mention.endsWith(':');
  const matches = (text: string) => (isPrefix ? text.startsWith(mention) : text === mention);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isMethodDeclaration(node)) &&
      matches(propertyNameText(ts, node.name) ?? '')
    )
      found = true;
    else if (ts.isStringLiteralLike(node) && matches(node.text)) found = true;
    else ts.forEachChild(node, visit);
  };
  args.forEach(visit);
  return found;
}

/**
 * A pattern that matches a file's text when it may contain one of these calls (the last name of each
 * callee, as a whole name): detectors test it before walking, so files that cannot match cost one
 * text scan.
 */
export function calleeTextPattern(entries: readonly { call: ProviderCall }[]): RegExp | undefined {
  const names = [...new Set(entries.map(({ call }) => call.callee.replace(/^new /, '').split('.').pop()!))];
  return names.length === 0
    ? undefined
    : new RegExp(`${NAME_START}(?:${names.map(escapeForRegExp).join('|')})${NAME_END}`);
}

/**
 * A pattern that matches a file's text when it may read one of these claims: an exact claim as a
 * whole name or quoted key (`claims.roles`, `claims['cognito:groups']`), a prefix where a name or
 * key starts (`'custom:tenant'`), a suffix where one ends (`'https://example.com/roles'`).
 */
export function claimTextPattern(
  claims: readonly { readonly claim: string; readonly match: 'exact' | 'prefix' | 'suffix' }[],
): RegExp | undefined {
  const patterns = [
    ...new Set(
      claims.map(
        ({ claim, match }) =>
          `${match === 'suffix' ? '' : NAME_START}${escapeForRegExp(claim)}${match === 'prefix' ? '' : NAME_END}`,
      ),
    ),
  ];
  return patterns.length === 0 ? undefined : new RegExp(patterns.join('|'));
}

/**
 * Finds calls of provider facts (`remoteVerificationCalls`, `authzWrites`) in one walk: the detector
 * hands it every module specifier and every call; `matches()` then keeps the calls of providers the
 * file shows (see `ProviderCall`). Imports usually come first, but a file's evidence is only complete
 * at the end of the walk, so the decision waits until then.
 */
export function providerCallFinder(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  entries: readonly { provider: ProviderProfile; call: ProviderCall }[],
) {
  const byLastName = compiledCallsOf(entries);
  const specifiers: string[] = [];
  /** Local name → [module, imported name]. */
  const bindings = new Map<string, [string, string]>();
  const candidates: {
    compiled: CompiledCall;
    node: ts.CallExpression | ts.NewExpression;
    names: string[];
    words: string[];
    origin: string | undefined;
  }[] = [];

  /**
   * The function a bare callee was destructured from the result of: `getKindeServerSession` of
   * `const { getRoles } = getKindeServerSession(); getRoles()`.
   */
  const destructuredFrom = (name: string, node: ts.Node): string | undefined => {
    const callee = unwrapExpression(ts, (node as ts.CallExpression).expression);
    if (!ts.isIdentifier(callee) || callee.text !== name) return undefined;
    const declaration = findLocalDeclaration(ts, callee);
    if (
      declaration === undefined ||
      !ts.isBindingElement(declaration) ||
      !ts.isObjectBindingPattern(declaration.parent) ||
      !ts.isVariableDeclaration(declaration.parent.parent)
    )
      return undefined;
    const key = propertyNameText(ts, declaration.propertyName) ?? name;
    const initializer =
      declaration.parent.parent.initializer === undefined
        ? undefined
        : unwrapExpression(ts, declaration.parent.parent.initializer);
    if (key !== name || initializer === undefined || !ts.isCallExpression(initializer)) return undefined;
    const factory = unwrapExpression(ts, initializer.expression);
    return ts.isIdentifier(factory) ? factory.text : undefined;
  };

  const wordsOfHead = (head: ts.Expression | undefined, names: readonly string[], callee: ts.Expression): string[] => {
    const words = names.flatMap((name) => wordsOf(name));
    let root = unwrapExpression(ts, callee);
    while (ts.isPropertyAccessExpression(root)) root = unwrapExpression(ts, root.expression);
    if (head && ts.isCallExpression(head)) {
      const inner = unwrapExpression(ts, head.expression);
      const name = calledName(ts, inner);
      if (name) words.push(...wordsOf(name));
    }
    if (ts.isIdentifier(root)) {
      // `const client = await clerkClient(); client.users.getUser(…)`: the initializer names the provider.
      const declaration = findLocalDeclaration(ts, root);
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
        const initializer = unwrapExpression(ts, declaration.initializer);
        if (ts.isCallExpression(initializer) || ts.isNewExpression(initializer))
          words.push(...calleeChainOf(ts, initializer.expression).names.flatMap((name) => wordsOf(name)));
      }
    }
    return words;
  };

  return {
    noteModuleSpecifier(literal: ts.StringLiteralLike): void {
      const reference = moduleReferenceOf(ts, literal);
      if (reference === undefined) return;
      specifiers.push(reference.specifier);
      for (const name of importedNamesOf(ts, literal))
        bindings.set(name, [reference.specifier, importedNameOf(ts, literal, name)]);
    },
    noteCall(node: ts.CallExpression | ts.NewExpression): void {
      // Most calls end in a name no fact has: told from the callee's last name before its chain is built.
      const callee = unwrapExpression(ts, node.expression);
      const last = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : undefined;
      if (last === undefined || !byLastName.has(last)) return;
      const { names, head } = calleeChainOf(ts, node.expression);
      const isNew = ts.isNewExpression(node);
      const args = node.arguments ?? [];
      for (const compiled of byLastName.get(last) ?? []) {
        if (compiled.isNew !== isNew || !endsWith(names, compiled.names)) continue;
        if (compiled.needsReceiver && names.length <= compiled.names.length && head === undefined) continue;
        if (compiled.bare && (names.length !== 1 || head !== undefined)) continue;
        const condition = compiled.call.argument;
        if (condition && 'is' in condition && args[condition.index]?.kind !== ts.SyntaxKind.TrueKeyword) continue;
        if (condition && 'mentions' in condition && !argumentMentions(ts, args, condition.mentions)) continue;
        if (compiled.call.scope === 'request' && !isInsideRequestHandler(ts, node, sourceFile)) continue;
        if (compiled.call.scope === 'function' && !isRebuiltPerCall(ts, node)) continue;
        candidates.push({
          compiled,
          node,
          names,
          words: compiled.bare ? [] : wordsOfHead(head, names, node.expression),
          origin: compiled.bare ? destructuredFrom(names[0]!, node) : undefined,
        });
      }
    },
    matches(): ProviderCallMatch[] {
      const shown = new Map<ProviderProfile, boolean>();
      const fileShows = (provider: ProviderProfile) => {
        let result = shown.get(provider);
        if (result === undefined) {
          result = specifiers.some(
            (specifier) =>
              provider.sdkModules.some(({ module }) => isModuleOrSubpath(specifier, module)) ||
              namesProvider(wordsOf(specifier), provider),
          );
          shown.set(provider, result);
        }
        return result;
      };
      const found: ProviderCallMatch[] = [];
      const seen = new Set<ts.Node>();
      for (const { compiled, node, names, words, origin } of candidates) {
        if (seen.has(node)) continue;
        const { provider, call } = compiled;
        let evident: boolean;
        if (compiled.bare) {
          const modules = call.module ? [call.module] : provider.sdkModules.map(({ module }) => module);
          const importedFrom = (name: string) => {
            const binding = bindings.get(name);
            return (
              binding !== undefined &&
              (binding[1] === name || (name === names[0] && binding[1] === 'default')) &&
              modules.some((module) => isModuleOrSubpath(binding[0], module))
            );
          };
          // Imported itself, or destructured from what a function of the SDK returns.
          evident = importedFrom(names[0]!) || (origin !== undefined && importedFrom(origin));
        } else {
          evident = fileShows(provider) || namesProvider(words, provider);
        }
        if (!evident) continue;
        seen.add(node);
        found.push({ node, provider, call, callee: `${compiled.isNew ? 'new ' : ''}${names.join('.')}` });
      }
      return found;
    },
  };
}
