import type * as ts from 'typescript';
import { compiler } from './lazy-compiler.js';

/** The scope of code outside every named declaration. */
export const MODULE_SCOPE = '<module>';

const isFunctionLike = (node: ts.Node | undefined): boolean =>
  node !== undefined &&
  (compiler().isArrowFunction(node) || compiler().isFunctionExpression(node) || compiler().isClassExpression(node));

/** A variable declared at the top level of a file or namespace (not inside a function or block). */
function isTopLevel(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  return (
    compiler().isVariableStatement(statement) &&
    (compiler().isSourceFile(statement.parent) || compiler().isModuleBlock(statement.parent))
  );
}

function nameText(name: ts.Node, sourceFile: ts.SourceFile): string {
  if (compiler().isIdentifier(name) || compiler().isPrivateIdentifier(name)) return name.text;
  if (
    compiler().isStringLiteral(name) ||
    compiler().isNumericLiteral(name) ||
    compiler().isNoSubstitutionTemplateLiteral(name)
  )
    return name.text;
  return name.getText(sourceFile).replace(/\s+/g, '');
}

/**
 * The name a node contributes to the enclosing symbol scope, or undefined when it contributes
 * none (anonymous functions, blocks, statements: their code belongs to the enclosing name).
 */
function scopeNameOf(node: ts.Node, sourceFile: ts.SourceFile): string | undefined {
  if (compiler().isConstructorDeclaration(node)) return 'constructor';
  if (compiler().isClassDeclaration(node) || compiler().isFunctionDeclaration(node))
    return node.name === undefined ? 'default' : node.name.text;
  if (
    compiler().isInterfaceDeclaration(node) ||
    compiler().isTypeAliasDeclaration(node) ||
    compiler().isEnumDeclaration(node) ||
    compiler().isModuleDeclaration(node) ||
    compiler().isMethodDeclaration(node) ||
    compiler().isGetAccessorDeclaration(node) ||
    compiler().isSetAccessorDeclaration(node) ||
    compiler().isPropertyDeclaration(node) ||
    compiler().isMethodSignature(node) ||
    compiler().isPropertySignature(node)
  ) {
    return nameText(node.name, sourceFile);
  }
  // A top-level `const handler = …` names a symbol, and so does any variable holding a function;
  // locals inside a function body do not (renaming one must not change the function's findings).
  if (compiler().isVariableDeclaration(node))
    return compiler().isIdentifier(node.name) && (isFunctionLike(node.initializer) || isTopLevel(node))
      ? node.name.text
      : undefined;
  // `{ getUser: (request) => … }` names its function; other object properties are data, not scope.
  if (compiler().isPropertyAssignment(node))
    return isFunctionLike(node.initializer) ? nameText(node.name, sourceFile) : undefined;
  if (compiler().isExportAssignment(node)) return isFunctionLike(node.expression) ? 'default' : undefined;
  return undefined;
}

/**
 * Finds the scopes of any number of ranges in one file in time linear in the file: each node's
 * children are listed once (on the first descent through it) and searched by halving afterwards,
 * instead of a walk from the top of the file for every range. Make one per file.
 */
export class ScopeIndex {
  private readonly childrenOf = new Map<ts.Node, { readonly nodes: readonly ts.Node[]; readonly starts: number[] }>();
  /** Nodes listed as someone's child so far (what a test counts instead of time). */
  visits = 0;

  constructor(private readonly sourceFile: ts.SourceFile) {}

  private children(node: ts.Node): { readonly nodes: readonly ts.Node[]; readonly starts: number[] } {
    let children = this.childrenOf.get(node);
    if (children === undefined) {
      const nodes: ts.Node[] = [];
      node.forEachChild((child) => {
        nodes.push(child);
      });
      this.visits += nodes.length;
      children = { nodes, starts: nodes.map((child) => child.getStart(this.sourceFile)) };
      this.childrenOf.set(node, children);
    }
    return children;
  }

  /**
   * The innermost node whose text (trivia excluded) contains the range [start, end): at each level
   * the first child that does. Children come in source order, so their ends never decrease: the
   * first child ending at or after `end` is the only candidate.
   */
  innermostNodeAt(start: number, end: number): ts.Node {
    let current: ts.Node = this.sourceFile;
    for (;;) {
      const { nodes, starts } = this.children(current);
      let low = 0;
      let high = nodes.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (nodes[middle]!.getEnd() < end) low = middle + 1;
        else high = middle;
      }
      if (low === nodes.length || starts[low]! > start) return current;
      current = nodes[low]!;
    }
  }

  /**
   * The enclosing symbol scope of a range: the names of the declarations around it, outermost
   * first, joined by dots (`BookingService.request`), or `<module>` at the top level.
   */
  scopeOf(start: number, end: number): string {
    const names: string[] = [];
    for (
      let node: ts.Node | undefined = this.innermostNodeAt(start, end);
      node !== undefined && node !== this.sourceFile;
      node = node.parent as ts.Node | undefined
    ) {
      const name = scopeNameOf(node, this.sourceFile);
      if (name !== undefined) names.push(name);
    }
    return names.length === 0 ? MODULE_SCOPE : names.reverse().join('.');
  }
}

/** The enclosing symbol scope of one range (for several ranges of a file, one `ScopeIndex`). */
export function scopeOf(sourceFile: ts.SourceFile, start: number, end: number): string {
  return new ScopeIndex(sourceFile).scopeOf(start, end);
}
