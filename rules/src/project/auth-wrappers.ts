import type * as ts from 'typescript';
import type { Detection, SourceRange, TypeScript } from '../detector.js';
import { isInsideRequestHandler } from '../syntax/request-scope.js';
import { unwrapExpression } from '../syntax/unwrap.js';
import { parentOf } from '../syntax/parent.js';
import { ownText } from '../syntax/own-text.js';
import { walkTree, type NodeListeners } from '../walk.js';

/** What an exported function hands its callers: the first authorization read and provider call that decide its answer. */
export interface WrapperFunction {
  /** The exported name (`default` for a default export). */
  readonly name: string;
  /** The name it is declared with (`isAdmin` of `export default async function isAdmin`), for messages. */
  readonly declaredName: string;
  /** An authorization attribute of the provider the function returns or gates on (`publicMetadata`, `cusec/roles`), and where it is read. */
  readonly authz: { readonly claim: string; readonly provider: string; readonly range: SourceRange } | null;
  /** A per-request call to the provider the function makes (`clerkClient.users.getUser`). */
  readonly providerCall: { readonly callee: string; readonly provider: string } | null;
  /**
   * The property of the returned object that carries the attribute (`role` of `return { uid, role }`):
   * then the reads of that property are the uses, not the call. Null when the answer itself is it.
   */
  readonly authzProperty: string | null;
}

/** How the caller uses the value a call returns, when it keeps it in a local name (`const user = await f()`). */
export interface ResultUses {
  /** Property reads of the value (`user.role`), and properties destructured from it. */
  readonly reads: readonly { readonly name: string; readonly range: SourceRange }[];
  /** Calls of imported functions that receive the value (`requireRole(user, ['admin'])`). */
  readonly passedTo: readonly { readonly specifier: string; readonly range: SourceRange }[];
}

/** A call of an imported function: `isAdmin()`, `auth.isAdmin()` of a namespace import. */
export interface ImportedCall {
  /** The callee as written (`isAdmin`, `auth.isAdmin`). */
  readonly callee: string;
  readonly specifier: string;
  readonly imported: string;
  readonly range: SourceRange;
  /** Inside a request handler, server action, middleware or server component. */
  readonly perRequest: boolean;
  readonly uses: ResultUses | null;
}

/** A provider fact found in a file by a detector: where it is, and what to name it. */
export interface FoundFact {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly provider: string;
}

type FunctionNode = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** The functions a module exports by name: `export function f`, `export const f = () => …`, `export { f }`, `export default function`. */
function exportedFunctions(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
): { name: string; declaredName: string; fn: FunctionNode }[] {
  const locals = new Map<string, FunctionNode>();
  const exported: { name: string; declaredName: string; fn: FunctionNode }[] = [];
  const isExported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false);
  const isDefault = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body !== undefined) {
      const name = statement.name?.text;
      if (name !== undefined) locals.set(name, statement);
      if (isExported(statement))
        exported.push({
          name: isDefault(statement) ? 'default' : (name ?? 'default'),
          declaredName: name ?? 'default',
          fn: statement,
        });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const initializer =
          declaration.initializer === undefined ? undefined : unwrapExpression(ts, declaration.initializer);
        if (
          !ts.isIdentifier(declaration.name) ||
          initializer === undefined ||
          !(ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))
        )
          continue;
        locals.set(declaration.name.text, initializer);
        if (isExported(statement))
          exported.push({ name: declaration.name.text, declaredName: declaration.name.text, fn: initializer });
      }
    }
  }
  for (const statement of sourceFile.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier === undefined &&
      statement.exportClause !== undefined &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        const fn = locals.get((element.propertyName ?? element.name).text);
        if (fn !== undefined)
          exported.push({ name: element.name.text, declaredName: (element.propertyName ?? element.name).text, fn });
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      const fn = locals.get(statement.expression.text);
      if (fn !== undefined) exported.push({ name: 'default', declaredName: statement.expression.text, fn });
    }
  }
  return exported;
}

/**
 * The smallest node under `root` (the function that holds the range) that spans exactly `start`–`end`:
 * the path down to it only, not a walk of the file.
 */
function nodeAt(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  root: ts.Node,
  start: number,
  end: number,
): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart(sourceFile) <= start && node.getEnd() >= end) {
      if (node.getStart(sourceFile) === start && node.getEnd() === end) found = node;
      ts.forEachChild(node, visit);
    }
  };
  visit(root);
  return found;
}

/** Names that occur in the function's `return` statements, its concise body, or the conditions of its `if`s and `?:`s. */
function decidingNames(ts: TypeScript, fn: FunctionNode): Set<string> {
  const names = new Set<string>();
  const collect = (node: ts.Node): void => {
    // Markup shows values; it decides nothing (a component's gate is its `if`).
    if (isMarkup(ts, node)) return;
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, collect);
  };
  if (fn.body !== undefined && !ts.isBlock(fn.body)) collect(fn.body);
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && node !== fn) return;
    if (ts.isReturnStatement(node) && node.expression) collect(node.expression);
    if (ts.isIfStatement(node)) collect(node.expression);
    if (ts.isConditionalExpression(node)) collect(node.condition);
    ts.forEachChild(node, visit);
  };
  if (fn.body !== undefined) visit(fn.body);
  // `const role = …; const isAdmin = role === 'admin'; return isAdmin`: names that initialise a deciding name decide too.
  const declarations: ts.VariableDeclaration[] = [];
  const gather = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && node !== fn) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined)
      declarations.push(node);
    ts.forEachChild(node, gather);
  };
  if (fn.body !== undefined) gather(fn.body);
  for (let changed = true; changed;) {
    changed = false;
    for (const declaration of declarations) {
      const name = (declaration.name as ts.Identifier).text;
      if (!names.has(name)) continue;
      const before = names.size;
      collect(declaration.initializer!);
      if (names.size !== before) changed = true;
    }
  }
  return names;
}

/**
 * Whether a read decides what the function answers: it stands in a `return` (or the concise body of an
 * arrow), in the condition of an `if` or `?:` (a gate), or initialises a local name used there.
 */
function decides(ts: TypeScript, read: ts.Node, fn: FunctionNode, deciding: () => Set<string>): boolean {
  for (let node: ts.Node | undefined = read; node !== undefined && node !== fn; node = parentOf(node)) {
    const parent = parentOf(node);
    if (parent === undefined || isMarkup(ts, parent)) return false;
    if (ts.isReturnStatement(parent) || (parent === fn && !ts.isBlock(node))) return true;
    if (
      (ts.isIfStatement(parent) && parent.expression === node) ||
      (ts.isConditionalExpression(parent) && parent.condition === node)
    )
      return true;
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
      if (ts.isIdentifier(parent.name)) return deciding().has(parent.name.text);
      if (ts.isObjectBindingPattern(parent.name))
        return parent.name.elements.some(
          (element) => ts.isIdentifier(element.name) && deciding().has(element.name.text),
        );
      return false;
    }
    if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) return deciding().has(node.name.text);
    if (ts.isFunctionLike(parent) && parent !== fn) return false;
  }
  return false;
}

/**
 * The exported functions of a module whose answer comes from the provider: an authorization read
 * (one of `authzReads`, found by `no-authz-from-idp-attributes` with the auth layer included) that
 * the function returns or gates on, or a provider call (one of `providerCalls`) anywhere in it.
 */
export function wrapperFunctionsOf(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  authzReads: readonly FoundFact[],
  providerCalls: readonly FoundFact[],
  rangeOf: (node: ts.Node) => SourceRange,
): WrapperFunction[] {
  if (authzReads.length === 0 && providerCalls.length === 0) return [];
  const wrappers: WrapperFunction[] = [];
  for (const { name, declaredName, fn } of exportedFunctions(ts, sourceFile)) {
    const start = fn.getStart(sourceFile);
    const end = fn.getEnd();
    const within = (fact: FoundFact) => fact.start >= start && fact.end <= end;
    let names: Set<string> | undefined;
    const deciding = () => (names ??= decidingNames(ts, fn));
    const read = authzReads.find((fact) => {
      if (!within(fact)) return false;
      const node = nodeAt(ts, sourceFile, fn, fact.start, fact.end);
      return node !== undefined && decides(ts, node, fn, deciding);
    });
    const call = providerCalls.find(within);
    if (read === undefined && call === undefined) continue;
    const readNode = read === undefined ? undefined : nodeAt(ts, sourceFile, fn, read.start, read.end);
    wrappers.push({
      name,
      declaredName,
      authz:
        read !== undefined && readNode !== undefined
          ? { claim: read.label, provider: read.provider, range: rangeOf(readNode) }
          : null,
      providerCall: call ? { callee: call.label, provider: call.provider } : null,
      authzProperty: readNode === undefined ? null : returnedPropertyOf(ts, readNode, fn),
    });
  }
  return wrappers;
}

const isMarkup = (ts: TypeScript, node: ts.Node) =>
  ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node);

/** Whether `node` lies inside `container` (by position). */
const isInside = (node: ts.Node, container: ts.Node) => node.pos >= container.pos && node.end <= container.end;

/**
 * The property of an object literal the function returns that carries the read: `role: decoded.role`,
 * or `role` of `const role = decoded.role; return { uid, role }` (through local names).
 */
function returnedPropertyOf(ts: TypeScript, read: ts.Node, fn: FunctionNode): string | null {
  const derived = new Set<string>();
  const declarations: ts.VariableDeclaration[] = [];
  const objects: ts.ObjectLiteralExpression[] = [];
  const gather = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && node !== fn) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined)
      declarations.push(node);
    if (ts.isReturnStatement(node) && node.expression !== undefined) {
      const value = unwrapExpression(ts, node.expression);
      if (ts.isObjectLiteralExpression(value)) objects.push(value);
    }
    ts.forEachChild(node, gather);
  };
  if (fn.body === undefined) return null;
  gather(fn.body);
  if (!ts.isBlock(fn.body)) {
    const value = unwrapExpression(ts, fn.body);
    if (ts.isObjectLiteralExpression(value)) objects.push(value);
  }
  const mentionsDerived = (node: ts.Node): boolean =>
    (ts.isIdentifier(node) && derived.has(node.text)) ||
    (ts.forEachChild(node, (child) => mentionsDerived(child) || undefined) ?? false);
  for (let changed = true; changed;) {
    changed = false;
    for (const declaration of declarations) {
      const name = (declaration.name as ts.Identifier).text;
      if (derived.has(name)) continue;
      if (isInside(read, declaration.initializer!) || mentionsDerived(declaration.initializer!)) {
        derived.add(name);
        changed = true;
      }
    }
  }
  for (const object of objects) {
    for (const property of object.properties) {
      if (ts.isShorthandPropertyAssignment(property) && derived.has(property.name.text)) return property.name.text;
      if (
        ts.isPropertyAssignment(property) &&
        (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
        (isInside(read, property.initializer) || mentionsDerived(property.initializer))
      )
        return property.name.text;
    }
  }
  return null;
}

/** Whether a value only goes into a log line (`console.log('…', { role: user.role })`): that decides nothing. */
function isLoggedIn(ts: TypeScript, node: ts.Node): boolean {
  for (
    let current = parentOf(node);
    current !== undefined && !ts.isStatement(current) && !ts.isFunctionLike(current);
    current = parentOf(current)
  ) {
    if (!ts.isCallExpression(current)) continue;
    const callee = unwrapExpression(ts, current.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      (callee.expression.text === 'console' || callee.expression.text === 'logger' || callee.expression.text === 'log')
    )
      return true;
  }
  return false;
}

/** Calls of imported functions, by the import that binds them (`f()` of `import { f }`, `ns.f()` of `import * as ns`). */
export function importedCallsOf(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  imports: ReadonlyMap<string, { specifier: string; imported: string }>,
  rangeOf: (node: ts.Node) => SourceRange,
): ImportedCall[] {
  const collector = importedCallListeners(ts, sourceFile, imports, rangeOf);
  if (collector === null) return [];
  walkTree(ts, sourceFile, [collector.listeners], { setParents: false });
  return collector.finish();
}

/**
 * `importedCallsOf` as listeners of a walk (the rules' shared walk in the scanner): `calls` holds the
 * calls, in source order, once the walk is done. Null when the file imports nothing to call.
 */
export function importedCallListeners(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  imports: ReadonlyMap<string, { specifier: string; imported: string }>,
  rangeOf: (node: ts.Node) => SourceRange,
  fileIdentifiers?: () => ReadonlyMap<string, readonly ts.Identifier[]> | undefined,
): { readonly listeners: NodeListeners; finish(): ImportedCall[] } | null {
  if (imports.size === 0) return null;
  /** The calls in source order; the uses of each one's result are followed once the walk is done. */
  const found: { readonly call: Omit<ImportedCall, 'uses'>; readonly node: ts.CallExpression | null }[] = [];
  const isLogged = (node: ts.Node) => isLoggedIn(ts, node);
  /**
   * The identifiers of a function (or the file), by name, in source order: indexed in one walk the
   * first time a call's result in it is followed, so a function with many such calls is walked once,
   * not once per call.
   */
  const identifierIndexes = new Map<ts.Node, Map<string, ts.Identifier[]>>();
  const identifiersIn = (scope: ts.Node): Map<string, ts.Identifier[]> => {
    let index = identifierIndexes.get(scope);
    if (index === undefined) {
      const byName = new Map<string, ts.Identifier[]>();
      const note = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
          const named = byName.get(node.text);
          if (named === undefined) byName.set(node.text, [node]);
          else named.push(node);
        }
        ts.forEachChild(node, note);
      };
      note(scope);
      index = byName;
      identifierIndexes.set(scope, index);
    }
    return index;
  };
  /**
   * The identifiers named `name` in `scope`: from the file's index when the shared walk built one (the
   * identity flow's: every identifier of the file in source order, so those in the scope are a range of
   * it), else from the scope's own index.
   */
  let fileIndex: ReadonlyMap<string, readonly ts.Identifier[]> | undefined;
  const identifiersNamed = (scope: ts.Node, name: string): readonly ts.Identifier[] => {
    if (fileIndex === undefined) return identifiersIn(scope).get(name) ?? [];
    return (fileIndex.get(name) ?? []).filter((node) => node.pos >= scope.pos && node.end <= scope.end);
  };
  /** The reads and hand-overs of a call's value kept in a local name, within the function (or file) that holds it. */
  const usesOfResult = (call: ts.CallExpression): ResultUses | null => {
    let value: ts.Node = call;
    while (
      parentOf(value) !== undefined &&
      (ts.isAwaitExpression(value.parent) ||
        ts.isParenthesizedExpression(value.parent) ||
        ts.isAsExpression(value.parent) ||
        ts.isNonNullExpression(value.parent))
    )
      value = value.parent;
    const declaration = parentOf(value);
    if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer !== value)
      return null;
    if (ts.isObjectBindingPattern(declaration.name)) {
      const reads = declaration.name.elements.flatMap((element) => {
        const name =
          element.propertyName !== undefined && ts.isIdentifier(element.propertyName)
            ? element.propertyName.text
            : ts.isIdentifier(element.name)
              ? element.name.text
              : undefined;
        return name === undefined ? [] : [{ name: ownText(name), range: rangeOf(element) }];
      });
      return { reads, passedTo: [] };
    }
    if (!ts.isIdentifier(declaration.name)) return null;
    const local = declaration.name.text;
    let scope: ts.Node = declaration;
    while (parentOf(scope) !== undefined && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    const reads: { name: string; range: SourceRange }[] = [];
    const passedTo: { specifier: string; range: SourceRange }[] = [];
    for (const node of identifiersNamed(scope, local)) {
      if (node === declaration.name) continue;
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
        if (!isLogged(parent)) reads.push({ name: ownText(parent.name.text), range: rangeOf(parent) });
      } else if (ts.isCallExpression(parent) && parent.arguments.includes(node)) {
        const receiver = unwrapExpression(ts, parent.expression);
        const imported = ts.isIdentifier(receiver) ? imports.get(receiver.text) : undefined;
        if (imported !== undefined) passedTo.push({ specifier: imported.specifier, range: rangeOf(parent) });
      }
    }
    return { reads, passedTo };
  };
  /** `<RoleGuard allowedRoles={['admin']}>`: a component of the auth layer used in markup is called too. */
  const markup = (node: ts.Node): void => {
    const { tagName } = node as ts.JsxOpeningElement | ts.JsxSelfClosingElement;
    if (!ts.isIdentifier(tagName)) return;
    const target = imports.get(tagName.text);
    if (target !== undefined && target.imported !== '*')
      found.push({
        call: { callee: ownText(tagName.text), ...target, range: rangeOf(node), perRequest: false },
        node: null,
      });
  };
  const call = (node: ts.Node): void => {
    const expression = node as ts.CallExpression;
    const callee = unwrapExpression(ts, expression.expression);
    let target: { specifier: string; imported: string } | undefined;
    if (ts.isIdentifier(callee)) target = imports.get(callee.text);
    else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const namespace = imports.get(callee.expression.text);
      if (namespace?.imported === '*') target = { specifier: namespace.specifier, imported: ownText(callee.name.text) };
    }
    if (target !== undefined && target.imported !== '*') {
      const perRequest = isInsideRequestHandler(ts, expression, sourceFile);
      found.push({
        call: { callee: ownText(callee.getText(sourceFile)), ...target, range: rangeOf(expression), perRequest },
        node: expression,
      });
    }
  };
  const enter = {
    [ts.SyntaxKind.JsxOpeningElement]: markup,
    [ts.SyntaxKind.JsxSelfClosingElement]: markup,
    [ts.SyntaxKind.CallExpression]: call,
  };
  return {
    listeners: { enter },
    finish() {
      fileIndex = fileIdentifiers?.();
      return found.map(({ call, node }) => ({ ...call, uses: node === null ? null : usesOfResult(node) }));
    },
  };
}

/** Detections of a per-file detector as facts, labelled from their data. */
export function foundFactsOf(
  detections: readonly Detection[],
  label: (detection: Detection) => FoundFact | undefined,
): FoundFact[] {
  return detections.flatMap((detection) => label(detection) ?? []);
}
