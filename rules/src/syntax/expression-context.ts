import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';

/**
 * The outermost expression that still has the value of `node`: climbs through parentheses,
 * `await`, `!`, `as`, `satisfies` and `<T>` assertions (the upward twin of `unwrapExpression`).
 */
export function outermostValueOf(ts: TypeScript, node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent)
    ) {
      current = parent;
    } else return current;
  }
}

/**
 * The dotted text of an identifier or property-access chain (`jwt.decode`, `admin.auth().verifyIdToken`
 * gives `admin.auth().verifyIdToken`): the source text with whitespace removed, for messages.
 */
export function calleeText(sourceFile: ts.SourceFile, callee: ts.Expression): string {
  return callee.getText(sourceFile).replace(/\s+/g, '');
}

/** The name a call is made by: `f` of `f()`, `verify` of `a.b.verify()`, else undefined. */
export function calledName(ts: TypeScript, callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}
