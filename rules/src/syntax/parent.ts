import type * as ts from 'typescript';

/**
 * The parent of a node, or undefined. TypeScript types `parent` as always set, but a source file has
 * none, and a tree walked before its parents are linked (the shared walk's, `setParents: false`)
 * has none either until the walk reaches it: loops that climb the tree must stop on undefined.
 */
export function parentOf(node: ts.Node): ts.Node | undefined {
  return node.parent;
}
