import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LastTree, releaseLastTrees } from './last-tree.js';

const parse = (code: string) => ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest);

describe('LastTree', () => {
  it('keeps the value of the tree set last only', () => {
    const memo = new LastTree<string>();
    const first = parse('a;');
    const second = parse('b;');
    memo.set(first, 'first');
    expect(memo.get(first)).toBe('first');
    memo.set(second, 'second');
    expect(memo.get(first)).toBeUndefined();
    expect(memo.get(second)).toBe('second');
  });

  it('forgets every memo’s tree when the host releases them, and memoizes afresh after', () => {
    const one = new LastTree<number>();
    const other = new LastTree<number>();
    const tree = parse('a;');
    one.set(tree, 1);
    other.set(tree, 2);
    releaseLastTrees();
    expect(one.get(tree)).toBeUndefined();
    expect(other.get(tree)).toBeUndefined();
    one.set(tree, 3);
    expect(one.get(tree)).toBe(3);
  });
});
