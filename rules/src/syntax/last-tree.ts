import type * as ts from 'typescript';

/**
 * A value computed for a syntax tree, kept for the tree asked about last only. Hosts work on one
 * tree at a time, and several rules ask for the same tree's value one after the other. Not a
 * `WeakMap` keyed by trees: V8 clears an entry whose value reaches back to its key (nodes of the
 * tree) only in a full mark-compact, so every such tree would survive each minor collection.
 *
 * A host that is done with a tree calls `releaseLastTrees`: until then the last tree and its value
 * stay reachable from here, and a tree kept past its file is copied by every minor collection
 * that runs while the next files are parsed (a scan of 100k lines: 53 MB of survivors instead of
 * 35 MB, `docs/performance.md`).
 */
export class LastTree<V> {
  #tree: ts.SourceFile | undefined;
  #value: V | undefined;

  constructor() {
    instances.add(this);
  }

  get(tree: ts.SourceFile): V | undefined {
    return tree === this.#tree ? this.#value : undefined;
  }

  set(tree: ts.SourceFile, value: V): void {
    this.#tree = tree;
    this.#value = value;
  }

  /** Forgets the tree and its value. */
  release(): void {
    this.#tree = undefined;
    this.#value = undefined;
  }
}

/** Every `LastTree` made (module-level memos, a handful). */
const instances = new Set<LastTree<unknown>>();

/** Forgets the tree every `LastTree` holds: the host is done with it (the next one starts afresh). */
export function releaseLastTrees(): void {
  for (const memo of instances) memo.release();
}
