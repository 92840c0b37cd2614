import type * as ts from 'typescript';
import type { TypeScript } from './rule-basics.js';

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

function dispatchTable(
  ts: TypeScript,
  listeners: readonly NodeListeners[],
  side: 'enter' | 'exit',
): Dispatch | undefined {
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

/** Depth below which the walk recurses (fastest); deeper subtrees are walked with a stack of their own. */
const RECURSION_LIMIT = 500;

/**
 * One walk of a file's syntax tree that serves every rule (as ESLint's traversal does): each node is
 * visited once and handed to the listeners registered for its kind, instead of each rule walking the
 * whole tree on its own. With `setParents`, the walk also does the parser's parent linking, so a
 * tree parsed without it is linked and dispatched in the same pass; listeners then run once the
 * walk is complete (in the same order), so every node's `parent` is set whatever they look at.
 *
 * The walk recurses only RECURSION_LIMIT levels deep and goes on below with an explicit stack: a
 * generated file's 4,000-term `a + a + …` chain is a tree thousands of levels deep, which a
 * recursive walk would overflow the call stack on (recursion is kept above: it is the faster).
 */
export function walkTree(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  listeners: readonly NodeListeners[],
  { setParents }: WalkOptions,
): void {
  const enter = dispatchTable(ts, listeners, 'enter');
  const exit = dispatchTable(ts, listeners, 'exit');
  if (!setParents && enter === undefined && exit === undefined) return;
  // Events are recorded while linking and dispatched afterwards: a listener may look at any node's
  // parent (a sibling's, a descendant's), which is only linked once the whole tree has been walked.
  const eventNodes: ts.Node[] = [];
  /** 0: enter, 1: exit, per event. */
  const eventSides: number[] = [];
  const enterNode = (node: ts.Node): void => {
    const onEnter = enter?.[node.kind];
    if (onEnter !== undefined) {
      if (setParents) {
        eventNodes.push(node);
        eventSides.push(0);
      } else for (const handler of onEnter) handler(node);
    }
    if (setParents) setJSDocParents(ts, node);
  };
  const exitNode = (node: ts.Node): void => {
    const onExit = exit?.[node.kind];
    if (onExit === undefined) return;
    if (setParents) {
      eventNodes.push(node);
      eventSides.push(1);
    } else for (const handler of onExit) handler(node);
  };

  /** Walks the subtree of `root` (whose parent is already linked) with a stack instead of recursion. */
  const walkDeep = (root: ts.Node): void => {
    /** Nodes still to enter, and (marked 1 in `leaving`) nodes entered whose exit is due once their children are done. */
    const pending: ts.Node[] = [root];
    const leaving: number[] = [0];
    const children: ts.Node[] = [];
    const collect = (child: ts.Node): void => {
      children.push(child);
    };
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (leaving.pop() === 1) {
        exitNode(node);
        continue;
      }
      enterNode(node);
      pending.push(node);
      leaving.push(1);
      children.length = 0;
      ts.forEachChild(node, collect);
      for (let index = children.length - 1; index >= 0; index--) {
        const child = children[index]!;
        if (setParents) (child as { parent: ts.Node }).parent = node;
        pending.push(child);
        leaving.push(0);
      }
    }
  };

  let parent: ts.Node | undefined;
  let depth = 0;
  const visit = (node: ts.Node): void => {
    if (setParents) (node as { parent: ts.Node | undefined }).parent = parent;
    if (depth >= RECURSION_LIMIT) {
      walkDeep(node);
      return;
    }
    enterNode(node);
    const saved = parent;
    parent = node;
    depth++;
    ts.forEachChild(node, visit);
    depth--;
    parent = saved;
    exitNode(node);
  };
  visit(sourceFile);
  for (let index = 0; index < eventNodes.length; index++) {
    const node = eventNodes[index]!;
    for (const handler of (eventSides[index] === 0 ? enter : exit)![node.kind]!) handler(node);
  }
}
