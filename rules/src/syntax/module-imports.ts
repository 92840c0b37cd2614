import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { isModuleSpecifier } from './unwrap.js';
import { isTypeOnlyImport } from './import-clause.js';

/** Whether `specifier` is `module` or one of its subpaths (`@clerk/nextjs/server` of `@clerk/nextjs`). */
export function isModuleOrSubpath(specifier: string, module: string): boolean {
  return specifier === module || (specifier.startsWith(module) && specifier.charAt(module.length) === '/');
}

/** How a module specifier literal is used: an import, re-export, `require()` or `import()`, and whether only for types. */
export interface ModuleReference {
  readonly specifier: string;
  readonly kind: 'import' | 'export' | 'require' | 'dynamic-import' | 'import-type';
  /** `import type`, `import { type A }` (every binding), `export type … from`, `typeof import('…')`. */
  readonly typeOnly: boolean;
}

/** The module reference a string literal is the specifier of, or undefined (see `isModuleSpecifier`). */
export function moduleReferenceOf(ts: TypeScript, literal: ts.StringLiteralLike): ModuleReference | undefined {
  if (!isModuleSpecifier(ts, literal)) return undefined;
  const parent = literal.parent;
  const specifier = literal.text;
  if (ts.isImportDeclaration(parent)) {
    const clause = parent.importClause;
    const bindings = clause?.namedBindings;
    const everyBindingTypeOnly =
      clause !== undefined &&
      clause.name === undefined &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((element) => element.isTypeOnly);
    return {
      specifier,
      kind: 'import',
      typeOnly: clause !== undefined && (isTypeOnlyImport(clause) || everyBindingTypeOnly),
    };
  }
  if (ts.isExportDeclaration(parent)) {
    const clause = parent.exportClause;
    const everyTypeOnly =
      clause !== undefined &&
      ts.isNamedExports(clause) &&
      clause.elements.length > 0 &&
      clause.elements.every((element) => element.isTypeOnly);
    return { specifier, kind: 'export', typeOnly: parent.isTypeOnly || everyTypeOnly };
  }
  if (ts.isExternalModuleReference(parent)) return { specifier, kind: 'require', typeOnly: parent.parent.isTypeOnly };
  if (ts.isLiteralTypeNode(parent)) return { specifier, kind: 'import-type', typeOnly: true };
  const call = parent as ts.CallExpression;
  return {
    specifier,
    kind: call.expression.kind === ts.SyntaxKind.ImportKeyword ? 'dynamic-import' : 'require',
    typeOnly: false,
  };
}

/**
 * The local names an import or `require()` binds, each with the module it comes from:
 * `import { currentUser } from '@clerk/nextjs/server'`, `import * as jose from 'jose'`,
 * `const { createRemoteJWKSet } = require('jose')`. Called with the specifier literal of a module reference.
 */
export function importedNamesOf(ts: TypeScript, literal: ts.StringLiteralLike): string[] {
  const parent = literal.parent;
  if (ts.isImportDeclaration(parent)) {
    const clause = parent.importClause;
    if (clause === undefined) return [];
    const names = clause.name ? [clause.name.text] : [];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((element) => element.name.text));
    return names;
  }
  if (ts.isExternalModuleReference(parent)) return [parent.parent.name.text];
  if (ts.isCallExpression(parent) && ts.isVariableDeclaration(parent.parent)) {
    const name = parent.parent.name;
    if (ts.isIdentifier(name)) return [name.text];
    if (ts.isObjectBindingPattern(name))
      return name.elements.flatMap((element) => (ts.isIdentifier(element.name) ? [element.name.text] : []));
  }
  return [];
}

/** The name under which a binding was imported (`import { a as b }` → `a`), for a local name of `importedNamesOf`. */
export function importedNameOf(ts: TypeScript, literal: ts.StringLiteralLike, localName: string): string {
  const parent = literal.parent;
  if (ts.isImportDeclaration(parent)) {
    const bindings = parent.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      const element = bindings.elements.find((candidate) => candidate.name.text === localName);
      if (element) return (element.propertyName ?? element.name).text;
    }
  }
  if (
    ts.isCallExpression(parent) &&
    ts.isVariableDeclaration(parent.parent) &&
    ts.isObjectBindingPattern(parent.parent.name)
  ) {
    const element = parent.parent.name.elements.find(
      (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === localName,
    );
    if (element?.propertyName && ts.isIdentifier(element.propertyName)) return element.propertyName.text;
  }
  return localName;
}
