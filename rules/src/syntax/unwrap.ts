import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { parentOf } from './parent.js';

/** Whether a node only wraps an expression: parentheses, `await`, `!`, `as`, `satisfies` or a `<T>` assertion. */
export function isExpressionWrapper(
  ts: TypeScript,
  node: ts.Node,
): node is
  | ts.ParenthesizedExpression
  | ts.AwaitExpression
  | ts.NonNullExpression
  | ts.AsExpression
  | ts.SatisfiesExpression
  | ts.TypeAssertion {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAwaitExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node)
  );
}

/** Strips parentheses, `await`, `!`, `as`, `satisfies` and `<T>` assertions around an expression. */
export function unwrapExpression(ts: TypeScript, expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isExpressionWrapper(ts, current)) current = current.expression;
  return current;
}

/** The text of a property name that is an identifier, a private name or a string/number literal. */
export function propertyNameText(ts: TypeScript, name: ts.Node | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (
    ts.isIdentifier(name) ||
    ts.isPrivateIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNumericLiteral(name) ||
    ts.isNoSubstitutionTemplateLiteral(name)
  )
    return name.text;
  return undefined;
}

/** Whether a string literal is the module specifier of an import, export, `require()` or `import()`. */
export function isModuleSpecifier(ts: TypeScript, node: ts.StringLiteralLike): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return parent.moduleSpecifier === node;
  if (ts.isExternalModuleReference(parent)) return true;
  if (ts.isLiteralTypeNode(parent) && ts.isImportTypeNode(parent.parent)) return true;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
    if (parent.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
    if (ts.isIdentifier(parent.expression) && parent.expression.text === 'require') return true;
  }
  return false;
}

/**
 * Finds the declaration of a local name by walking outward through the enclosing blocks,
 * functions and the file (a syntactic approximation of scope lookup: no type checker).
 */
export function findLocalDeclaration(
  ts: TypeScript,
  identifier: ts.Identifier,
): ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement | undefined {
  const name = identifier.text;
  for (let scope: ts.Node | undefined = parentOf(identifier); scope !== undefined; scope = parentOf(scope)) {
    if (ts.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        if (ts.isIdentifier(parameter.name) && parameter.name.text === name) return parameter;
      }
    }
    const statements =
      ts.isBlock(scope) ||
      ts.isSourceFile(scope) ||
      ts.isModuleBlock(scope) ||
      ts.isCaseClause(scope) ||
      ts.isDefaultClause(scope)
        ? scope.statements
        : undefined;
    if (statements === undefined) continue;
    for (const statement of statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) {
          if (declaration.name.text === name) return declaration;
        } else {
          const element = findBindingElement(ts, declaration.name, name);
          if (element) return element;
        }
      }
    }
  }
  return undefined;
}

function findBindingElement(ts: TypeScript, pattern: ts.BindingPattern, name: string): ts.BindingElement | undefined {
  for (const element of pattern.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) {
      if (element.name.text === name) return element;
    } else {
      const nested = findBindingElement(ts, element.name, name);
      if (nested) return nested;
    }
  }
  return undefined;
}
