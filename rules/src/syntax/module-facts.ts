import type * as ts from 'typescript';
import type { SourceRange, TypeScript } from '../rule-basics.js';
import { isTypeOnlyImport } from './import-clause.js';
import { lineRangeFunctionOf } from './line-ranges.js';
import { ownText } from './own-text.js';

/** One binding an import creates: `imported` is `default`, `*` (namespace) or the exported name. */
export interface ImportBinding {
  readonly imported: string;
  readonly local: string;
}

/** An `import`, `import x = require()`, `require()` or `import()` with a literal module specifier. */
export interface ImportFact {
  readonly specifier: string;
  /** The importing statement (or call). */
  readonly range: SourceRange;
  readonly typeOnly: boolean;
  readonly bindings: readonly ImportBinding[];
}

/** `export … from` (or an imported binding exported again); `names` null for `export * from`. */
export interface ReexportFact {
  readonly specifier: string;
  readonly typeOnly: boolean;
  readonly names: readonly { readonly exported: string; readonly imported: string }[] | null;
}

/** What the import graph needs of one file: plain JSON, no nodes. */
export interface ModuleFacts {
  readonly imports: readonly ImportFact[];
  readonly reexports: readonly ReexportFact[];
}

/** Facts per tree: the project rules that need them all ask for the same tree in one pass. */
const factsOfTree = new WeakMap<ts.SourceFile, ModuleFacts>();

/**
 * The imports and re-exports of a file, read syntactically: static imports, `export … from`,
 * `import x = require('…')`, and `require('…')` / `import('…')` calls with a literal specifier.
 */
export function moduleFactsOf(ts: TypeScript, sourceFile: ts.SourceFile): ModuleFacts {
  let facts = factsOfTree.get(sourceFile);
  if (facts === undefined) {
    facts = computeModuleFacts(ts, sourceFile, lineRangeFunctionOf(sourceFile));
    factsOfTree.set(sourceFile, facts);
  }
  return facts;
}

function computeModuleFacts(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  rangeOf: (node: ts.Node) => SourceRange,
): ModuleFacts {
  const imports: ImportFact[] = [];
  const reexports: ReexportFact[] = [];
  const importedLocals = new Map<string, { specifier: string; imported: string; typeOnly: boolean }>();

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const bindings: ImportBinding[] = [];
      if (clause?.name) bindings.push({ imported: 'default', local: ownText(clause.name.text) });
      const named = clause?.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.push({ imported: '*', local: ownText(named.name.text) });
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements)
          bindings.push({
            imported: ownText((element.propertyName ?? element.name).text),
            local: ownText(element.name.text),
          });
      }
      const typeOnly =
        (clause !== undefined && isTypeOnlyImport(clause)) ||
        (named !== undefined &&
          ts.isNamedImports(named) &&
          named.elements.length > 0 &&
          !clause?.name &&
          named.elements.every((element) => element.isTypeOnly));
      const specifier = ownText(statement.moduleSpecifier.text);
      imports.push({ specifier, range: rangeOf(statement), typeOnly, bindings });
      for (const binding of bindings)
        importedLocals.set(binding.local, { specifier, imported: binding.imported, typeOnly });
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      const specifier = ownText(statement.moduleReference.expression.text);
      imports.push({
        specifier,
        range: rangeOf(statement),
        typeOnly: statement.isTypeOnly,
        bindings: [{ imported: '*', local: ownText(statement.name.text) }],
      });
      importedLocals.set(statement.name.text, { specifier, imported: '*', typeOnly: statement.isTypeOnly });
    }
  }

  for (const statement of sourceFile.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    const clause = statement.exportClause;
    if (statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = ownText(statement.moduleSpecifier.text);
      if (clause === undefined) reexports.push({ specifier, typeOnly: statement.isTypeOnly, names: null });
      else if (ts.isNamespaceExport(clause))
        reexports.push({
          specifier,
          typeOnly: statement.isTypeOnly,
          names: [{ exported: ownText(clause.name.text), imported: '*' }],
        });
      else
        reexports.push({
          specifier,
          typeOnly: statement.isTypeOnly,
          names: clause.elements.map((element) => ({
            exported: ownText(element.name.text),
            imported: ownText((element.propertyName ?? element.name).text),
          })),
        });
      // `export … from` loads the module as an import does.
      imports.push({ specifier, range: rangeOf(statement), typeOnly: statement.isTypeOnly, bindings: [] });
    } else if (clause !== undefined && ts.isNamedExports(clause)) {
      // `import { x } from './a'; export { x }` re-exports as `export { x } from './a'` does.
      for (const element of clause.elements) {
        const origin = importedLocals.get((element.propertyName ?? element.name).text);
        if (origin)
          reexports.push({
            specifier: origin.specifier,
            typeOnly: origin.typeOnly || statement.isTypeOnly,
            names: [{ exported: ownText(element.name.text), imported: origin.imported }],
          });
      }
    }
  }

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        imports.push({
          specifier: ownText(node.arguments[0].text),
          range: rangeOf(node),
          typeOnly: false,
          bindings: [],
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  // Only a file whose text has a call of `require` or `import` is walked for them.
  if (/\b(?:require|import)\s*\(/.test(sourceFile.text)) visit(sourceFile);
  return { imports, reexports };
}
