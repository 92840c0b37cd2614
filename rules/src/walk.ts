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

/** Handlers of one side (enter or exit) by syntax kind; a kind nobody listens to has none. */
type Dispatch = (NodeListener[] | undefined)[];

/** Per-kind bits of `KindFlags`: someone listens on entering, on leaving; the kind may carry JSDoc. */
const ENTER = 1;
const EXIT = 2;
const JSDOC = 4;

/**
 * Which kinds may carry JSDoc (`node.jsDoc`), by the compiler's own `canHaveJSDoc` (present at run
 * time though not in the typings). Reading `jsDoc` off every node is a lookup on dozens of node
 * shapes, most of which never have it; the table asks only nodes of the kinds that can. Without the
 * function (another compiler build), every kind is asked, as before.
 */
const jsDocKinds = new WeakMap<TypeScript, Uint8Array>();

function jsDocKindsOf(ts: TypeScript): Uint8Array {
  let kinds = jsDocKinds.get(ts);
  if (kinds === undefined) {
    kinds = new Uint8Array(ts.SyntaxKind.Count);
    const canHaveJSDoc = (ts as { canHaveJSDoc?: unknown }).canHaveJSDoc;
    for (let kind = 0; kind < kinds.length; kind++)
      kinds[kind] =
        typeof canHaveJSDoc !== 'function' || (canHaveJSDoc as (node: { kind: number }) => boolean)({ kind })
          ? JSDOC
          : 0;
    jsDocKinds.set(ts, kinds);
  }
  return kinds;
}

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

function runHandlers(handlers: readonly NodeListener[], node: ts.Node): void {
  for (const handler of handlers) handler(node);
}

/**
 * One walk of a file's syntax tree that serves every rule (as ESLint's traversal does): each node is
 * visited once and handed to the listeners registered for its kind, instead of each rule walking the
 * whole tree on its own. With `setParents`, the walk also does the parser's parent linking, so a
 * tree parsed without it is linked and dispatched in the same pass; listeners then run once the
 * walk is complete (in the same order), so every node's `parent` is set whatever they look at.
 *
 * The hot loop looks at one byte per node (`flags[kind]`: listened to on entering or leaving, may
 * carry JSDoc) and does not call into the compiler for tokens and identifiers, which have no
 * children (`forEachChild` returns at once for them; they are about half the nodes of a file).
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
  const flags = new Uint8Array(ts.SyntaxKind.Count);
  // JSDoc starts with `/**`: a file without the text has none to link (the test is far cheaper than asking nodes).
  if (setParents && sourceFile.text.includes('/**')) flags.set(jsDocKindsOf(ts));
  for (let kind = 0; kind < flags.length; kind++) {
    if (enter?.[kind] !== undefined) flags[kind] = flags[kind]! | ENTER;
    if (exit?.[kind] !== undefined) flags[kind] = flags[kind]! | EXIT;
  }
  const lastToken = ts.SyntaxKind.LastToken;
  const forEachChild = ts.forEachChild;
  // With `setParents`, events are recorded while linking and dispatched afterwards: a listener may
  // look at any node's parent (a sibling's, a descendant's), which is only linked once the whole
  // tree has been walked. An event is its node in `eventNodes`; the indexes of exits are in `exits`.
  const eventNodes: ts.Node[] = [];
  const exits: number[] = [];
  const enterNode = (node: ts.Node, kind: number, bits: number): void => {
    if ((bits & ENTER) !== 0) {
      if (setParents) eventNodes.push(node);
      else runHandlers(enter![kind]!, node);
    }
    if ((bits & JSDOC) !== 0) setJSDocParents(ts, node);
  };
  const exitNode = (node: ts.Node, kind: number): void => {
    if (setParents) {
      exits.push(eventNodes.length);
      eventNodes.push(node);
    } else runHandlers(exit![kind]!, node);
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
      const kind = node.kind;
      const bits = flags[kind]!;
      if (leaving.pop() === 1) {
        if ((bits & EXIT) !== 0) exitNode(node, kind);
        continue;
      }
      if (bits !== 0) enterNode(node, kind, bits);
      pending.push(node);
      leaving.push(1);
      if (kind <= lastToken) continue;
      children.length = 0;
      forEachChild(node, collect);
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
    const kind = node.kind;
    const bits = flags[kind]!;
    if (bits !== 0) enterNode(node, kind, bits);
    // Tokens and identifiers have no children (`forEachChild` would return at once).
    if (kind > lastToken) {
      const saved = parent;
      parent = node;
      depth++;
      forEachChild(node, visit);
      depth--;
      parent = saved;
    }
    if ((bits & EXIT) !== 0) exitNode(node, kind);
  };
  visit(sourceFile);
  let exitIndex = 0;
  let nextExit = exits.length > 0 ? exits[0]! : -1;
  for (let index = 0; index < eventNodes.length; index++) {
    const node = eventNodes[index]!;
    if (index === nextExit) {
      runHandlers(exit![node.kind]!, node);
      exitIndex++;
      nextExit = exitIndex < exits.length ? exits[exitIndex]! : -1;
    } else runHandlers(enter![node.kind]!, node);
  }
}

/**
 * Whether a tree's parent links are set: the parser's `setParentNodes` and a walk with `setParents`
 * both link every node, so the first child of the file answers for all of them.
 */
export function hasParents(sourceFile: ts.SourceFile): boolean {
  const first: { readonly parent?: ts.Node } = sourceFile.statements[0] ?? sourceFile.endOfFileToken;
  return first.parent !== undefined;
}

/**
 * Links a tree parsed without parent links (`setParentNodes: false`), unless it is linked already.
 * The scanner parses unlinked and links in the rules' shared walk; when no rule listens to a file,
 * nothing is walked, and code that reads `parent` afterwards (a `detect` rule, a project rule's
 * `collect` or `finish`) calls this first. Trees from ESLint's parser are always linked.
 */
export function ensureParents(ts: TypeScript, sourceFile: ts.SourceFile): void {
  if (!hasParents(sourceFile)) walkTree(ts, sourceFile, [], { setParents: true });
}
