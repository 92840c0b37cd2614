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

/** Links JSDoc nodes, which `forEachChild` does not visit, as the parser's own `setParentNodes` does. */
function setJSDocParents(ts: TypeScript, node: ts.Node): void {
  const docs = (node as { jsDoc?: ts.Node[] }).jsDoc;
  if (docs === undefined) return;
  const link = (parent: ts.Node) => (child: ts.Node): void => {
    (child as { parent: ts.Node }).parent = parent;
    ts.forEachChild(child, link(child));
  };
  for (const doc of docs) link(node)(doc);
}

/**
 * One walk of a file's syntax tree that serves every rule (as ESLint's traversal does): each node is
 * visited once and handed to the listeners registered for its kind, instead of each rule walking the
 * whole tree on its own. With `setParents`, the walk also does the parser's parent linking, so a
 * tree parsed without it is linked and dispatched in the same pass; listeners then run once the
 * walk is complete (in the same order), so every node's `parent` is set whatever they look at.
 */
export function walkTree(ts: TypeScript, sourceFile: ts.SourceFile, listeners: readonly NodeListeners[], { setParents }: WalkOptions): void {
  const enter = dispatchTable(ts, listeners, 'enter');
  const exit = dispatchTable(ts, listeners, 'exit');
  if (!setParents) {
    if (enter === undefined && exit === undefined) return;
    const visit = (node: ts.Node): void => {
      const onEnter = enter?.[node.kind];
      if (onEnter !== undefined) for (const handler of onEnter) handler(node);
      ts.forEachChild(node, visit);
      const onExit = exit?.[node.kind];
      if (onExit !== undefined) for (const handler of onExit) handler(node);
    };
    visit(sourceFile);
    return;
  }
  // Events are recorded while linking and dispatched afterwards: a listener may look at any node's
  // parent (a sibling's, a descendant's), which is only linked once the whole tree has been walked.
  const eventNodes: ts.Node[] = [];
  /** 0: enter, 1: exit, per event. */
  const eventSides: number[] = [];
  let parent: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    (node as { parent: ts.Node | undefined }).parent = parent;
    if (enter?.[node.kind] !== undefined) {
      eventNodes.push(node);
      eventSides.push(0);
    }
    setJSDocParents(ts, node);
    const saved = parent;
    parent = node;
    ts.forEachChild(node, visit);
    parent = saved;
    if (exit?.[node.kind] !== undefined) {
      eventNodes.push(node);
      eventSides.push(1);
    }
  };
  parent = undefined;
  visit(sourceFile);
  for (let index = 0; index < eventNodes.length; index++) {
    const node = eventNodes[index]!;
    for (const handler of (eventSides[index] === 0 ? enter : exit)![node.kind]!) handler(node);
  }
}
