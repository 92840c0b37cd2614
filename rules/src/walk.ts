import type * as ts from 'typescript';
import type { TypeScript } from './detector.js';

export type NodeListener = (node: ts.Node) => void;

/** Listeners keyed by `ts.SyntaxKind` value (`{ [SyntaxKind.CallExpression]: (node) => … }`). */
export type ListenersByKind = Readonly<Partial<Record<number, NodeListener>>>;

/** What one rule listens to during the shared walk of a file. */
export interface NodeListeners {
  /** Called when the walk enters a node of the kind: parents before children, in source order. */
  readonly enter?: ListenersByKind;
  /** Called when the walk leaves a node of the kind: children before parents. */
  readonly exit?: ListenersByKind;
}

export interface WalkOptions {
  /**
   * Set every node's `parent` during the walk (for a tree parsed with `setParentNodes: false`).
   * Listeners then run after the whole tree is linked, so they may follow `parent` from any node.
   */
  readonly setParents: boolean;
}

type Dispatch = (NodeListener[] | undefined)[];

function dispatchTable(ts: TypeScript, listeners: readonly NodeListeners[], side: 'enter' | 'exit'): Dispatch | undefined {
  let table: Dispatch | undefined;
  for (const listener of listeners) {
    const byKind = listener[side];
    if (byKind === undefined) continue;
    for (const key of Object.keys(byKind)) {
      const kind = Number(key);
      const handler = byKind[kind];
      if (handler === undefined) continue;
      table ??= new Array<NodeListener[] | undefined>(ts.SyntaxKind.Count);
      (table[kind] ??= []).push(handler);
    }
  }
  return table;
}

/** Links JSDoc nodes, which `forEachChild` does not visit, as the parser's own `setParentNodes` does (with a stack of its own, as the walk). */
function setJSDocParents(ts: TypeScript, node: ts.Node): void {
  const docs = (node as { jsDoc?: ts.Node[] }).jsDoc;
  if (docs === undefined) return;
  const pending: ts.Node[] = [];
  for (const doc of docs) {
    (doc as { parent: ts.Node }).parent = node;
    pending.push(doc);
  }
  while (pending.length > 0) {
    const parent = pending.pop()!;
    ts.forEachChild(parent, (child) => {
      (child as { parent: ts.Node }).parent = parent;
      pending.push(child);
    });
  }
}

/**
 * One walk of a file's syntax tree that serves every rule (as ESLint's traversal does): each node is
 * visited once and handed to the listeners registered for its kind, instead of each rule walking the
 * whole tree on its own. With `setParents`, the walk also does the parser's parent linking, so a
 * tree parsed without it is linked and dispatched in the same pass; listeners then run once the
 * walk is complete (in the same order), so every node's `parent` is set whatever they look at.
 *
 * The walk keeps its own stack rather than recursing: a generated file's 4,000-term `a + a + …`
 * chain is a tree thousands of levels deep, which a recursive walk would overflow the call stack on.
 */
export function walkTree(ts: TypeScript, sourceFile: ts.SourceFile, listeners: readonly NodeListeners[], { setParents }: WalkOptions): void {
  const enter = dispatchTable(ts, listeners, 'enter');
  const exit = dispatchTable(ts, listeners, 'exit');
  if (!setParents && enter === undefined && exit === undefined) return;
  // Events are recorded while linking and dispatched afterwards: a listener may look at any node's
  // parent (a sibling's, a descendant's), which is only linked once the whole tree has been walked.
  const eventNodes: ts.Node[] = [];
  /** 0: enter, 1: exit, per event. */
  const eventSides: number[] = [];
  const record = (node: ts.Node, side: 0 | 1): void => {
    if (!setParents) {
      for (const handler of (side === 0 ? enter : exit)![node.kind]!) handler(node);
      return;
    }
    eventNodes.push(node);
    eventSides.push(side);
  };
  /** Nodes still to enter, and (marked 1 in `leaving`) nodes entered whose exit is due once their children are done. */
  const pending: ts.Node[] = [sourceFile];
  const leaving: number[] = [0];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): void => {
    children.push(child);
  };
  if (setParents) (sourceFile as { parent: ts.Node | undefined }).parent = undefined;
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (leaving.pop() === 1) {
      record(node, 1);
      continue;
    }
    if (enter?.[node.kind] !== undefined) record(node, 0);
    if (setParents) setJSDocParents(ts, node);
    if (exit?.[node.kind] !== undefined) {
      pending.push(node);
      leaving.push(1);
    }
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]!;
      if (setParents) (child as { parent: ts.Node }).parent = node;
      pending.push(child);
      leaving.push(0);
    }
  }
  for (let index = 0; index < eventNodes.length; index++) {
    const node = eventNodes[index]!;
    for (const handler of (eventSides[index] === 0 ? enter : exit)![node.kind]!) handler(node);
  }
}
