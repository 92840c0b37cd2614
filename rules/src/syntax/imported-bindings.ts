import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { propertyNameText, unwrapExpression } from './unwrap.js';
import { isTypeOnlyImport } from './import-clause.js';
import { LastTree } from './last-tree.js';

/**
 * What a local name was imported as. `exportName` is the export's name, `default` for a default
 * import, or `*` for the whole module (`import * as jose`, `import x = require(…)`,
 * `const jwt = require(…)`, `const jose = await import(…)`).
 */
export interface ImportedBinding {
  readonly module: string;
  readonly exportName: string;
  /** Set when the binding names only a type (`import type { A }`, `import { type A }`); only with `includeTypeOnly`. */
  readonly typeOnly?: true;
}

/** The export a callee or reference resolves to through the file's imports. */
export interface ImportedReference extends ImportedBinding {
  /** The local name the reference starts from (`jwt` of `jwt.decode`). */
  readonly localName: string;
}

/** The module of `require('m')`, `import('m')` or `await import('m')`, else undefined. */
function requiredModule(ts: TypeScript, expression: ts.Expression): string | undefined {
  const node = unwrapExpression(ts, expression);
  if (!ts.isCallExpression(node) || node.arguments.length !== 1) return undefined;
  const [argument] = node.arguments;
  if (argument === undefined || !ts.isStringLiteralLike(argument)) return undefined;
  const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
  const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
  return isRequire || isDynamicImport ? argument.text : undefined;
}

function addBindingPattern(
  ts: TypeScript,
  bindings: Map<string, ImportedBinding>,
  pattern: ts.ObjectBindingPattern,
  module: string,
): void {
  for (const element of pattern.elements) {
    if (element.dotDotDotToken !== undefined || !ts.isIdentifier(element.name)) continue;
    const exportName = propertyNameText(ts, element.propertyName) ?? element.name.text;
    bindings.set(element.name.text, { module, exportName });
  }
}

function addVariableStatement(
  ts: TypeScript,
  bindings: Map<string, ImportedBinding>,
  statement: ts.VariableStatement,
): void {
  for (const declaration of statement.declarationList.declarations) {
    if (declaration.initializer === undefined) continue;
    const initializer = unwrapExpression(ts, declaration.initializer);
    // `const decode = require('jsonwebtoken').decode`
    if (ts.isPropertyAccessExpression(initializer) && ts.isIdentifier(declaration.name)) {
      const module = requiredModule(ts, initializer.expression);
      if (module !== undefined) bindings.set(declaration.name.text, { module, exportName: initializer.name.text });
      continue;
    }
    const module = requiredModule(ts, initializer);
    if (module === undefined) continue;
    if (ts.isIdentifier(declaration.name)) bindings.set(declaration.name.text, { module, exportName: '*' });
    else if (ts.isObjectBindingPattern(declaration.name)) addBindingPattern(ts, bindings, declaration.name, module);
  }
}

/**
 * Maps the local names a file binds at its top level to what they were imported as: ES imports
 * (named, default, namespace), `import x = require()`, and `require()` / `import()` assigned to a
 * variable or destructured. Type-only imports are left out (they bind no value). Only top-level
 * statements are read: a `require()` inside a function is not tracked. With `includeTypeOnly`,
 * type-only imports are kept too, marked `typeOnly` (a rule that reads type annotations needs them).
 * Computed once per tree and kind: several rules and the survey ask for the same file's bindings,
 * one file after the other, so the last tree's are kept (`LastTree`).
 */
export function importedBindings(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  { includeTypeOnly = false }: { readonly includeTypeOnly?: boolean } = {},
): ReadonlyMap<string, ImportedBinding> {
  const last = includeTypeOnly ? lastWithTypeOnly : lastValueBindings;
  let bindings = last.get(sourceFile);
  if (bindings === undefined) {
    bindings = computeBindings(ts, sourceFile, includeTypeOnly);
    last.set(sourceFile, bindings);
  }
  return bindings;
}

const lastValueBindings = new LastTree<ReadonlyMap<string, ImportedBinding>>();
const lastWithTypeOnly = new LastTree<ReadonlyMap<string, ImportedBinding>>();

function computeBindings(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  includeTypeOnly: boolean,
): Map<string, ImportedBinding> {
  const bindings = new Map<string, ImportedBinding>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (
        clause === undefined ||
        (isTypeOnlyImport(clause) && !includeTypeOnly) ||
        !ts.isStringLiteral(statement.moduleSpecifier)
      )
        continue;
      const module = statement.moduleSpecifier.text;
      const mark = (binding: ImportedBinding, typeOnly: boolean): ImportedBinding =>
        typeOnly ? { ...binding, typeOnly: true } : binding;
      if (clause.name)
        bindings.set(clause.name.text, mark({ module, exportName: 'default' }, isTypeOnlyImport(clause)));
      const named = clause.namedBindings;
      if (named === undefined) continue;
      if (ts.isNamespaceImport(named)) {
        bindings.set(named.name.text, mark({ module, exportName: '*' }, isTypeOnlyImport(clause)));
        continue;
      }
      for (const specifier of named.elements) {
        if (specifier.isTypeOnly && !includeTypeOnly) continue;
        bindings.set(
          specifier.name.text,
          mark(
            { module, exportName: propertyNameText(ts, specifier.propertyName) ?? specifier.name.text },
            isTypeOnlyImport(clause) || specifier.isTypeOnly,
          ),
        );
      }
    } else if (ts.isImportEqualsDeclaration(statement)) {
      if (statement.isTypeOnly || !ts.isExternalModuleReference(statement.moduleReference)) continue;
      const expression = statement.moduleReference.expression;
      if (ts.isStringLiteral(expression))
        bindings.set(statement.name.text, { module: expression.text, exportName: '*' });
    } else if (ts.isVariableStatement(statement)) {
      addVariableStatement(ts, bindings, statement);
    }
  }
  return bindings;
}

/**
 * What an expression refers to through the file's imports: `d` bound by
 * `import { decode as d } from 'jsonwebtoken'` → `{ module: 'jsonwebtoken', exportName: 'decode' }`;
 * `jwt.decode` where `jwt` is a namespace or default import (the default export of a CommonJS
 * module is the module object) → the member `decode` of that module; `jose.default.x` is not followed.
 * A default-imported name used as a function (`jwtDecode(t)` from `jwt-decode@3`) keeps `default`.
 */
export function importedReferenceOf(
  ts: TypeScript,
  bindings: ReadonlyMap<string, ImportedBinding>,
  expression: ts.Expression,
): ImportedReference | undefined {
  const node = unwrapExpression(ts, expression);
  if (ts.isIdentifier(node)) {
    const binding = bindings.get(node.text);
    return binding === undefined ? undefined : { ...binding, localName: node.text };
  }
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    const binding = bindings.get(node.expression.text);
    if (binding === undefined || (binding.exportName !== '*' && binding.exportName !== 'default')) return undefined;
    return { module: binding.module, exportName: node.name.text, localName: node.expression.text };
  }
  return undefined;
}

/** Whether `reference` is one of `exports` of `module` (exact module name or one of its subpaths). */
export function isExportOf(
  reference: ImportedBinding | undefined,
  module: string,
  exports: readonly string[],
): boolean {
  if (reference === undefined) return false;
  if (reference.module !== module && !reference.module.startsWith(`${module}/`)) return false;
  return exports.includes(reference.exportName);
}
