import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';

const parsedBySourceCode = new WeakMap<object, ts.SourceFile>();

function scriptKindOf(filename: string): ts.ScriptKind {
  if (/\.tsx$/i.test(filename)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(filename)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(filename)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * The file's TypeScript syntax tree: typescript-eslint's own (no type information needed), or,
 * under another parser, one parsed here once per file and shared by every rule.
 */
export function sourceFileOf(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  program: TSESTree.Program,
): ts.SourceFile {
  const services = context.sourceCode.parserServices as
    { esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): ts.Node | undefined } } | undefined;
  const node = services?.esTreeNodeToTSNodeMap?.get(program);
  if (node !== undefined && ts.isSourceFile(node)) return node;
  let parsed = parsedBySourceCode.get(context.sourceCode);
  if (parsed === undefined) {
    parsed = ts.createSourceFile(
      context.filename,
      context.sourceCode.text,
      ts.ScriptTarget.Latest,
      true,
      scriptKindOf(context.filename),
    );
    parsedBySourceCode.set(context.sourceCode, parsed);
  }
  return parsed;
}
