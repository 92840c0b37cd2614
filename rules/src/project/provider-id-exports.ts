import type * as ts from 'typescript';
import type { SourceRange, TypeScript } from '../detector.js';
import type { IdentifierMatchers } from '../providers/identifier-matchers.js';
import { isBindingSourceTokenLike, isTokenLike, SUBJECT_CLAIMS, type TokenLikeness } from '../syntax/token-likeness.js';
import { findLocalDeclaration, propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import { wordsOf } from '../syntax/words.js';
import { ensureParents } from '../walk.js';

/** An export of an auth-layer file that hands out a provider identifier. */
export interface ProviderIdExport {
  /** The exported name (`default` for a default export; `Class.method` for a method). */
  readonly name: string;
  readonly kind: 'function' | 'method' | 'constant' | 'type';
  /** The claim or provider-named identifier that makes it one (`sub`, `cognito:username`, `cognitoSub`). */
  readonly claim: string;
  /** The value itself is the identifier (a function's return value, a constant's value). */
  readonly returnsIdentifier: boolean;
  /** Properties (or type members) of the value that are identifiers. */
  readonly properties: readonly string[];
  /** The exported name's range. */
  readonly range: SourceRange;
}

const MAX_DEPTH = 3;
const isNamespacedClaim = (claim: string) => !/^[A-Za-z_$][\w$]*$/.test(claim);

interface Analysis {
  readonly ts: TypeScript;
  readonly matchers: IdentifierMatchers;
  readonly likeness: TokenLikeness;
}

/** The claim (or provider-named identifier) an expression evidently evaluates to, decided from syntax. */
export function providerIdOf(analysis: Analysis, expression: ts.Expression, depth = 0): string | undefined {
  const { ts, matchers, likeness } = analysis;
  const node = unwrapExpression(ts, expression);
  const claimRead = (claim: string, object: ts.Expression) =>
    matchers.claimProviders(claim) !== undefined &&
    (isNamespacedClaim(claim) || isTokenLike(ts, likeness, object, claim))
      ? claim
      : undefined;
  if (ts.isPropertyAccessExpression(node)) {
    return (
      claimRead(node.name.text, node.expression) ??
      (matchers.providerOfName(node.name.text) ? node.name.text : undefined)
    );
  }
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    const key = node.argumentExpression.text;
    return claimRead(key, node.expression) ?? (matchers.providerOfName(key) ? key : undefined);
  }
  if (ts.isIdentifier(node)) {
    if (matchers.providerOfName(node.text)) return node.text;
    if (depth >= MAX_DEPTH) return undefined;
    const declaration = findLocalDeclaration(ts, node);
    if (declaration === undefined) return undefined;
    if (ts.isBindingElement(declaration)) {
      const key = propertyNameText(ts, declaration.propertyName) ?? node.text;
      return matchers.claimProviders(key) !== undefined &&
        (isNamespacedClaim(key) || isBindingSourceTokenLike(ts, likeness, declaration.parent, key))
        ? key
        : undefined;
    }
    if (ts.isVariableDeclaration(declaration) && declaration.initializer)
      return providerIdOf(analysis, declaration.initializer, depth + 1);
    return undefined;
  }
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return providerIdOf(analysis, node.left, depth) ?? providerIdOf(analysis, node.right, depth);
  }
  if (ts.isConditionalExpression(node))
    return providerIdOf(analysis, node.whenTrue, depth) ?? providerIdOf(analysis, node.whenFalse, depth);
  return undefined;
}

/** Properties of an object literal whose values (or names) are provider identifiers, with the claim. */
function identifierProperties(
  analysis: Analysis,
  object: ts.ObjectLiteralExpression,
): { property: string; claim: string }[] {
  const { ts, matchers } = analysis;
  const found: { property: string; claim: string }[] = [];
  for (const property of object.properties) {
    const name = propertyNameText(ts, property.name);
    if (name === undefined) continue;
    let claim: string | undefined;
    if (ts.isPropertyAssignment(property))
      claim = providerIdOf(analysis, property.initializer) ?? (matchers.providerOfName(name) ? name : undefined);
    else if (ts.isShorthandPropertyAssignment(property)) claim = providerIdOf(analysis, property.name);
    if (claim !== undefined) found.push({ property: name, claim });
  }
  return found;
}

/** What a returned (or assigned) value hands out: itself, or some of its properties. */
function valueShape(
  analysis: Analysis,
  expression: ts.Expression,
): { claim: string; returnsIdentifier: boolean; properties: string[] } | undefined {
  const { ts } = analysis;
  let node = unwrapExpression(ts, expression);
  if (ts.isIdentifier(node)) {
    const declaration = findLocalDeclaration(ts, node);
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      ts.isObjectLiteralExpression(unwrapExpression(ts, declaration.initializer))
    ) {
      node = unwrapExpression(ts, declaration.initializer);
    }
  }
  if (ts.isObjectLiteralExpression(node)) {
    const properties = identifierProperties(analysis, node);
    return properties.length === 0
      ? undefined
      : {
          claim: properties[0]!.claim,
          returnsIdentifier: false,
          properties: properties.map((entry) => entry.property),
        };
  }
  const claim = providerIdOf(analysis, node);
  return claim === undefined ? undefined : { claim, returnsIdentifier: true, properties: [] };
}

type FunctionLikeWithBody =
  ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.GetAccessorDeclaration;

/** The union of what a function's `return` statements (not those of nested functions) hand out. */
function functionShape(
  analysis: Analysis,
  fn: FunctionLikeWithBody,
): { claim: string; returnsIdentifier: boolean; properties: string[] } | undefined {
  const { ts } = analysis;
  const body = fn.body;
  if (body === undefined) return undefined;
  const returned: ts.Expression[] = [];
  if (!ts.isBlock(body)) returned.push(body);
  else {
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
  }
  let result: { claim: string; returnsIdentifier: boolean; properties: string[] } | undefined;
  for (const expression of returned) {
    const shape = valueShape(analysis, expression);
    if (shape === undefined) continue;
    result ??= { claim: shape.claim, returnsIdentifier: false, properties: [] };
    result.returnsIdentifier ||= shape.returnsIdentifier;
    for (const property of shape.properties)
      if (!result.properties.includes(property)) result.properties.push(property);
  }
  return result;
}

/** Members of a type literal or interface that carry provider identifiers. */
function typeMembers(
  analysis: Analysis,
  typeName: string,
  members: readonly ts.TypeElement[],
): { claim: string; properties: string[] } | undefined {
  const { ts, matchers, likeness } = analysis;
  const typeWords = wordsOf(typeName);
  const properties: string[] = [];
  let claim: string | undefined;
  for (const member of members) {
    if (!ts.isPropertySignature(member) && !ts.isMethodSignature(member)) continue;
    const name = propertyNameText(ts, member.name);
    if (name === undefined) continue;
    const isClaim =
      matchers.claimProviders(name) !== undefined &&
      (isNamespacedClaim(name) ||
        typeWords.some((word) => likeness.tokenWords.has(word)) ||
        (SUBJECT_CLAIMS.includes(name) && typeWords.includes('user')));
    if (isClaim || matchers.providerOfName(name)) {
      properties.push(name);
      claim ??= name;
    }
  }
  return claim === undefined ? undefined : { claim, properties };
}

const hasModifier = (ts: TypeScript, node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);

/**
 * The exports of a file that hand out a provider identifier: functions and methods whose return
 * value (or a property of it) is one, constants holding one, and types with such members.
 */
export function providerIdExportsOf(
  analysis: Analysis,
  sourceFile: ts.SourceFile,
  rangeOf: (node: ts.Node) => SourceRange,
): ProviderIdExport[] {
  const { ts } = analysis;
  // Called from project rules, which may get a tree no per-file rule walked (and linked).
  ensureParents(ts, sourceFile);
  const found: ProviderIdExport[] = [];
  /** Top-level declarations by local name, for `export { a as b }` and `export default a`. */
  const locals = new Map<string, ts.Node>();
  const exported: { node: ts.Node; name: string; nameNode: ts.Node }[] = [];

  for (const statement of sourceFile.statements) {
    const isExported = hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(ts, statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        locals.set(declaration.name.text, declaration);
        if (isExported) exported.push({ node: declaration, name: declaration.name.text, nameNode: declaration.name });
      }
    } else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement)
    ) {
      if (statement.name) locals.set(statement.name.text, statement);
      if (isExported)
        exported.push({
          node: statement,
          name: isDefault ? 'default' : statement.name!.text,
          nameNode: statement.name ?? statement,
        });
    }
  }
  for (const statement of sourceFile.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier === undefined &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        const local = locals.get((element.propertyName ?? element.name).text);
        if (local) exported.push({ node: local, name: element.name.text, nameNode: element.name });
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      const local = locals.get(statement.expression.text);
      if (local) exported.push({ node: local, name: 'default', nameNode: statement.expression });
    }
  }

  for (const { node, name, nameNode } of exported) {
    /** An exported interface or type literal whose members carry a provider identifier. */
    const pushType = (shape: ReturnType<typeof typeMembers>) => {
      if (shape) {
        const { claim, properties } = shape;
        found.push({ name, kind: 'type', claim, returnsIdentifier: false, properties, range: rangeOf(nameNode) });
      }
    };
    if (ts.isFunctionDeclaration(node)) {
      const shape = functionShape(analysis, node);
      if (shape) found.push({ name, kind: 'function', ...shape, range: rangeOf(nameNode) });
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      const initializer = unwrapExpression(ts, node.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) {
        const shape = functionShape(analysis, initializer);
        if (shape) found.push({ name, kind: 'function', ...shape, range: rangeOf(nameNode) });
      } else {
        const shape = valueShape(analysis, initializer);
        if (shape) found.push({ name, kind: 'constant', ...shape, range: rangeOf(nameNode) });
      }
    } else if (ts.isClassDeclaration(node)) {
      for (const member of node.members) {
        if (!(ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) || !ts.isIdentifier(member.name))
          continue;
        if (
          hasModifier(ts, member, ts.SyntaxKind.PrivateKeyword) ||
          hasModifier(ts, member, ts.SyntaxKind.ProtectedKeyword)
        )
          continue;
        const shape = functionShape(analysis, member);
        if (shape)
          found.push({ name: `${name}.${member.name.text}`, kind: 'method', ...shape, range: rangeOf(member.name) });
      }
    } else if (ts.isInterfaceDeclaration(node)) {
      pushType(typeMembers(analysis, node.name.text, node.members));
    } else if (ts.isTypeAliasDeclaration(node)) {
      const literals = ts.isTypeLiteralNode(node.type)
        ? [node.type]
        : ts.isIntersectionTypeNode(node.type)
          ? node.type.types.filter(ts.isTypeLiteralNode)
          : [];
      pushType(
        typeMembers(
          analysis,
          node.name.text,
          literals.flatMap((literal) => [...literal.members]),
        ),
      );
    }
  }
  return found;
}
