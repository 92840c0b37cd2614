import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { findLocalDeclaration, unwrapExpression } from './unwrap.js';

/** How many local constants a value is followed through (`const DAY = 24 * HOUR` …). */
const MAX_CONSTANT_DEPTH = 4;

/**
 * The number a constant expression evaluates to: numeric literals, `+ - * / % **`, unary `+`/`-`,
 * parentheses and assertions, and local `const` names initialised with such an expression
 * (`7 * 24 * 60 * 60`, `const WEEK = 7 * DAY`). Undefined for anything whose value the syntax alone
 * does not fix (parameters, calls, `let`, imports) or that is not a finite number.
 */
export function constantNumberOf(ts: TypeScript, expression: ts.Expression, depth = 0): number | undefined {
  const node = unwrapExpression(ts, expression);
  if (ts.isNumericLiteral(node)) return finite(Number(node.text.replace(/_/g, '')));
  if (ts.isPrefixUnaryExpression(node)) {
    const operand = constantNumberOf(ts, node.operand, depth);
    if (operand === undefined) return undefined;
    if (node.operator === ts.SyntaxKind.MinusToken) return -operand;
    if (node.operator === ts.SyntaxKind.PlusToken) return operand;
    return undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const left = constantNumberOf(ts, node.left, depth);
    const right = left === undefined ? undefined : constantNumberOf(ts, node.right, depth);
    if (left === undefined || right === undefined) return undefined;
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return finite(left + right);
      case ts.SyntaxKind.MinusToken:
        return finite(left - right);
      case ts.SyntaxKind.AsteriskToken:
        return finite(left * right);
      case ts.SyntaxKind.SlashToken:
        return finite(left / right);
      case ts.SyntaxKind.PercentToken:
        return finite(left % right);
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return finite(left ** right);
      default:
        return undefined;
    }
  }
  if (ts.isIdentifier(node) && depth < MAX_CONSTANT_DEPTH) {
    const declaration = findLocalDeclaration(ts, node);
    if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined)
      return undefined;
    // Only `const`: a `let` may be reassigned before the use.
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
    return constantNumberOf(ts, declaration.initializer, depth + 1);
  }
  return undefined;
}

const finite = (value: number): number | undefined => (Number.isFinite(value) ? value : undefined);
