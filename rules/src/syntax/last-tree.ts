import type * as ts from 'typescript';

/**
 * A value computed for a syntax tree, kept for the tree asked about last only. Hosts work on one
 * tree at a time, and several rules ask for the same tree's value one after the other. Not a
 * `WeakMap` keyed by trees: V8 clears an entry whose value reaches back to its key (nodes of the
 * tree) only in a full mark-compact, so every such tree would survive each minor collection.
 */
export class LastTree<V> {
  #tree: ts.SourceFile | undefined;
  #value: V | undefined;

  get(tree: ts.SourceFile): V | undefined {
    return tree === this.#tree ? this.#value : undefined;
  }

  set(tree: ts.SourceFile, value: V): void {
    this.#tree = tree;
    this.#value = value;
  }
}
