import { ts } from 'ts-morph';

/** The scope of code outside every named declaration. */
export const MODULE_SCOPE = '<module>';

const isFunctionLike = (node: ts.Node | undefined): boolean => node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node));

/** A variable declared at the top level of a file or namespace (not inside a function or block). */
function isTopLevel(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && (ts.isSourceFile(statement.parent) || ts.isModuleBlock(statement.parent));
}

function nameText(name: ts.Node, sourceFile: ts.SourceFile): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return name.getText(sourceFile).replace(/\s+/g, '');
}

/**
 * The name a node contributes to the enclosing symbol scope, or undefined when it contributes
 * none (anonymous functions, blocks, statements: their code belongs to the enclosing name).
 */
function scopeNameOf(node: ts.Node, sourceFile: ts.SourceFile): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node)) return node.name === undefined ? 'default' : node.name.text;
  if (
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isModuleDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isMethodSignature(node) ||
    ts.isPropertySignature(node)
  ) {
    return nameText(node.name, sourceFile);
  }
  // A top-level `const handler = …` names a symbol, and so does any variable holding a function;
  // locals inside a function body do not (renaming one must not change the function's findings).
  if (ts.isVariableDeclaration(node)) return ts.isIdentifier(node.name) && (isFunctionLike(node.initializer) || isTopLevel(node)) ? node.name.text : undefined;
  // `{ getUser: (request) => … }` names its function; other object properties are data, not scope.
  if (ts.isPropertyAssignment(node)) return isFunctionLike(node.initializer) ? nameText(node.name, sourceFile) : undefined;
  if (ts.isExportAssignment(node)) return isFunctionLike(node.expression) ? 'default' : undefined;
  return undefined;
}

/** The innermost node whose text (trivia excluded) contains the range [start, end). */
function innermostNodeAt(sourceFile: ts.SourceFile, start: number, end: number): ts.Node {
  let current: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = current.forEachChild((candidate) => (candidate.getStart(sourceFile) <= start && end <= candidate.getEnd() ? candidate : undefined));
    if (child === undefined) return current;
    current = child;
  }
}

/**
 * The enclosing symbol scope of a range: the names of the declarations around it, outermost
 * first, joined by dots (`BookingService.request`), or `<module>` at the top level.
 */
export function scopeOf(sourceFile: ts.SourceFile, start: number, end: number): string {
  const names: string[] = [];
  for (let node: ts.Node | undefined = innermostNodeAt(sourceFile, start, end); node !== undefined && node !== sourceFile; node = node.parent) {
    const name = scopeNameOf(node, sourceFile);
    if (name !== undefined) names.push(name);
  }
  return names.length === 0 ? MODULE_SCOPE : names.reverse().join('.');
}
