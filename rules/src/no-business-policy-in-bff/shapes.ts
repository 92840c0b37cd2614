import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { unwrapExpression } from '../syntax/unwrap.js';
import { PREDICATE_METHODS } from './vocabulary.js';
import { parentOf } from '../syntax/parent.js';

/** The syntactic shapes the rule reads, independent of any source tracing. */

export function isComparison(ts: TypeScript, operator: ts.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  return (
    isEquality(ts, operator) ||
    operator === K.LessThanToken ||
    operator === K.LessThanEqualsToken ||
    operator === K.GreaterThanToken ||
    operator === K.GreaterThanEqualsToken
  );
}

export function isEquality(ts: TypeScript, operator: ts.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  return (
    operator === K.EqualsEqualsEqualsToken ||
    operator === K.ExclamationEqualsEqualsToken ||
    operator === K.EqualsEqualsToken ||
    operator === K.ExclamationEqualsToken
  );
}

export function isNullish(ts: TypeScript, expression: ts.Expression): boolean {
  return (
    expression.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(expression) && expression.text === 'undefined') ||
    ts.isVoidExpression(expression)
  );
}

export function isNegation(ts: TypeScript, expression: ts.Expression): expression is ts.PrefixUnaryExpression {
  return ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken;
}

/** `if (…) return …` / `if (…) throw …`, or a block that ends so. */
export function isEarlyExit(ts: TypeScript, statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
  }
  return false;
}

/** `if (!item.active) { skipped.push(…); continue; }`: a branch that skips this element of a loop. */
export function isSkip(ts: TypeScript, statement: ts.Statement): boolean {
  const last = ts.isBlock(statement) ? statement.statements.at(-1) : statement;
  return last !== undefined && ts.isContinueStatement(last) && last.label === undefined;
}

/** `cond ? 'Premium' : 'Standard'`: a ternary that picks a label formats an answer, it does not decide. */
export function isLabelChoice(ts: TypeScript, conditional: ts.ConditionalExpression): boolean {
  // Nested ternaries that end in labels are one mapping: `plan === 'enterprise' ? 'RED' : plan === 'advanced' ? 'YELLOW' : 'GREY'`.
  const isLabel = (branch: ts.Expression): boolean => {
    const node = unwrapExpression(ts, branch);
    if (ts.isConditionalExpression(node)) return isLabel(node.whenTrue) && isLabel(node.whenFalse);
    // `"LOW_STOCK" as InventoryStatus`, `'ARCHIVED'`: a state the branch assigns, not a label to show.
    if (ts.isStringLiteralLike(node))
      return !/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(node.text) && !isStateCast(ts, branch);
    return (
      ts.isTemplateExpression(node) ||
      node.kind === ts.SyntaxKind.NullKeyword ||
      (ts.isIdentifier(node) && node.text === 'undefined')
    );
  };
  return isLabel(conditional.whenTrue) && isLabel(conditional.whenFalse);
}

/** A ternary with a branch that is a state value: `"LOW_STOCK"`, `'ARCHIVED' as Status` (see `isLabelChoice`). */
export function assignsState(ts: TypeScript, conditional: ts.ConditionalExpression): boolean {
  const isState = (branch: ts.Expression): boolean => {
    const node = unwrapExpression(ts, branch);
    if (ts.isConditionalExpression(node)) return isState(node.whenTrue) || isState(node.whenFalse);
    return (
      ts.isStringLiteralLike(node) && (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(node.text) || isStateCast(ts, branch))
    );
  };
  return isState(conditional.whenTrue) || isState(conditional.whenFalse);
}

/** `x as InventoryStatus`, `x as Role`: a cast to a type whose name says it holds a state, role or plan. */
function isStateCast(ts: TypeScript, expression: ts.Expression): boolean {
  let node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (!ts.isAsExpression(node) || !ts.isTypeReferenceNode(node.type)) return false;
  const typeName = node.type.typeName;
  return /(?:Status|State|Stage|Role|Plan|Tier)$/.test(ts.isIdentifier(typeName) ? typeName.text : typeName.right.text);
}

/** `views > 0 ? completions / views : 0`: a ternary that only keeps a division by its compared value defined. */
export function isDivisionGuard(
  ts: TypeScript,
  conditional: ts.ConditionalExpression,
  sourceFile: ts.SourceFile,
): boolean {
  const condition = unwrapExpression(ts, conditional.condition);
  if (!ts.isBinaryExpression(condition) || !isComparison(ts, condition.operatorToken.kind)) return false;
  const left = unwrapExpression(ts, condition.left);
  const right = unwrapExpression(ts, condition.right);
  const value = ts.isNumericLiteral(right) ? left : ts.isNumericLiteral(left) ? right : undefined;
  if (value === undefined) return false;
  const text = value.getText(sourceFile);
  let divides = false;
  const visit = (node: ts.Node): void => {
    if (divides) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.SlashToken &&
      unwrapExpression(ts, node.right).getText(sourceFile) === text
    )
      divides = true;
    else ts.forEachChild(node, visit);
  };
  visit(conditional.whenTrue);
  visit(conditional.whenFalse);
  return divides;
}

/** `filter`, `some`, … when `fn` is the callback of such an array method call. */
export function predicateMethodOf(ts: TypeScript, fn: ts.Node): string | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = unwrapExpression(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && PREDICATE_METHODS.has(callee.name.text)
    ? callee.name.text
    : undefined;
}

export function enclosingFunction(ts: TypeScript, node: ts.Node): ts.Node | undefined {
  for (let current = parentOf(node); current !== undefined; current = parentOf(current))
    if (ts.isFunctionLike(current)) return current;
  return undefined;
}

/** The name a value is known by: `plan` of `account.plan`, `roles` of `user.roles`, `getPlan` of `getPlan()`. */
export function lastNameOf(ts: TypeScript, expression: ts.Expression): string | undefined {
  const node = unwrapExpression(ts, expression);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))
    return node.argumentExpression.text;
  if (ts.isCallExpression(node)) return lastNameOf(ts, node.expression);
  return undefined;
}

/** The identifier a property chain starts from: `doc` of `doc.sections.length`. */
export function rootOf(ts: TypeScript, expression: ts.Expression): ts.Identifier | undefined {
  let node = unwrapExpression(ts, expression);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node))
    node = unwrapExpression(ts, node.expression);
  return ts.isIdentifier(node) ? node : undefined;
}

/** `items.length === 0`, `rows.length > 0`, `ids.size < 1`, `!list.length`: whether a collection is empty, checked before a write. */
export function isEmptinessCheck(ts: TypeScript, expression: ts.Expression): boolean {
  const node = unwrapExpression(ts, expression);
  const isSize = (side: ts.Expression): boolean => {
    const value = unwrapExpression(ts, side);
    return ts.isPropertyAccessExpression(value) && (value.name.text === 'length' || value.name.text === 'size');
  };
  if (isNegation(ts, node)) return isSize(node.operand);
  if (!ts.isBinaryExpression(node) || !isComparison(ts, node.operatorToken.kind)) return false;
  const left = unwrapExpression(ts, node.left);
  const right = unwrapExpression(ts, node.right);
  // `length > 0`, `length === 0`, `length < 1`, `length >= 1`: empty or not; `length > 1` counts.
  const operator = node.operatorToken.kind;
  const K = ts.SyntaxKind;
  const emptiness = (size: ts.Expression, number: ts.Expression, sizeOnLeft: boolean): boolean => {
    if (!isSize(size) || !ts.isNumericLiteral(number)) return false;
    if (number.text === '0')
      return (
        isEquality(ts, operator) ||
        operator === (sizeOnLeft ? K.GreaterThanToken : K.LessThanToken) ||
        operator === (sizeOnLeft ? K.LessThanEqualsToken : K.GreaterThanEqualsToken)
      );
    if (number.text === '1')
      return (
        operator === (sizeOnLeft ? K.LessThanToken : K.GreaterThanToken) ||
        operator === (sizeOnLeft ? K.GreaterThanEqualsToken : K.LessThanEqualsToken)
      );
    return false;
  };
  return emptiness(left, right, true) || emptiness(right, left, false);
}
