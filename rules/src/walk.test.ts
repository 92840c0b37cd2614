import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { walkTree, type NodeListeners } from './walk.js';
import { parentOf } from './syntax/parent.js';

const code = `
/** Loads a booking. @param id the booking's id */
export async function load(id: string) {
  const booking = await repo.find({ id, owner: claims.sub });
  if (booking === null) throw new NotFound(\`no booking \${id}\`);
  return (booking as Booking).items.map((item) => item.price);
}
class Booking { /** total */ get total(): number { return 1; } }
`;

const parse = (setParentNodes: boolean) =>
  ts.createSourceFile('/src/booking.ts', code, ts.ScriptTarget.Latest, setParentNodes, ts.ScriptKind.TS);

/** Every node below `root`, JSDoc included, in a fixed order. */
function nodesOf(root: ts.Node): ts.Node[] {
  const nodes: ts.Node[] = [];
  // Pre-order (JSDoc first, then children), with a stack: some trees here are thousands of levels deep.
  const pending: ts.Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    nodes.push(node);
    const next: ts.Node[] = [...((node as { jsDoc?: ts.Node[] }).jsDoc ?? [])];
    ts.forEachChild(node, (child) => {
      next.push(child);
    });
    for (let index = next.length - 1; index >= 0; index--) pending.push(next[index]!);
  }
  return nodes;
}

/** A recorder that listens to every kind it is given, on entering and leaving. */
function recorder(kinds: readonly ts.SyntaxKind[], log: string[], name: string): NodeListeners {
  const on = (side: string) =>
    Object.fromEntries(
      kinds.map((kind) => [
        kind,
        (node: ts.Node) => log.push(`${name} ${side} ${ts.SyntaxKind[node.kind]} ${node.pos}`),
      ]),
    );
  return { enter: on('enter'), exit: on('exit') };
}

describe('walkTree', () => {
  it('links an unlinked tree exactly as the parser does, JSDoc included', () => {
    const linked = nodesOf(parse(true));
    const unlinked = parse(false);
    expect(unlinked.statements.every((statement) => parentOf(statement) === undefined)).toBe(true);
    walkTree(ts, unlinked, [], { setParents: true });
    const walked = nodesOf(unlinked);
    expect(walked.length).toBe(linked.length);
    const indexOf = new Map(walked.map((node, index) => [node, index]));
    const parentIndex = (nodes: ts.Node[], index: Map<ts.Node, number>) =>
      nodes.map((node) => (parentOf(node) === undefined ? -1 : index.get(node.parent)));
    expect(parentIndex(walked, indexOf)).toEqual(
      parentIndex(linked, new Map(linked.map((node, index) => [node, index]))),
    );
  });

  it('links JSDoc on every kind of node that can carry it, as the parser does', () => {
    // The walk asks only kinds the compiler's `canHaveJSDoc` admits for `jsDoc`: JSDoc on statements,
    // members, properties, parameters, enum members, type members, labels and expressions.
    const documented = `
/** @module */
/** a */ import { x } from './x';
/** b */ export const config = { /** c */ key: 1, /** d */ run() { return 2; }, /** e */ ...rest };
/** f */ enum Role { /** g */ Admin, /** h */ Member }
/** i */ interface Claims { /** j */ sub: string; /** k */ (id: string): void; /** l */ [key: string]: unknown }
/** m */ type Id = /** n */ string;
/** o */ namespace Auth { /** p */ export function check(/** q */ token: string) { /** r */ label: for (;;) break label; } }
/** s */ export default class Session { /** t */ constructor(/** u */ private readonly id: string) {} /** v */ static { } }
const fn = /** w */ (value: number) => /** x */ (value + 1);
switch (x) { /** y */ case 1: break; /** z */ default: }
`;
    const parseDocumented = (setParentNodes: boolean) =>
      ts.createSourceFile('/src/documented.ts', documented, ts.ScriptTarget.Latest, setParentNodes, ts.ScriptKind.TS);
    const linked = nodesOf(parseDocumented(true));
    const unlinked = parseDocumented(false);
    walkTree(ts, unlinked, [], { setParents: true });
    const walked = nodesOf(unlinked);
    expect(walked.filter((node) => node.kind === ts.SyntaxKind.JSDoc).length).toBeGreaterThanOrEqual(12);
    const parentIndex = (nodes: ts.Node[]) => {
      const index = new Map(nodes.map((node, position) => [node, position]));
      return nodes.map((node) => (parentOf(node) === undefined ? -1 : index.get(node.parent)));
    };
    expect(parentIndex(walked)).toEqual(parentIndex(linked));
  });

  it('dispatches the same events in the same order whether it links the tree or not', () => {
    const kinds = [ts.SyntaxKind.CallExpression, ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.Identifier];
    const onLinked: string[] = [];
    walkTree(ts, parse(true), [recorder(kinds, onLinked, 'a'), recorder([ts.SyntaxKind.Identifier], onLinked, 'b')], {
      setParents: false,
    });
    const onUnlinked: string[] = [];
    walkTree(
      ts,
      parse(false),
      [recorder(kinds, onUnlinked, 'a'), recorder([ts.SyntaxKind.Identifier], onUnlinked, 'b')],
      { setParents: true },
    );
    expect(onUnlinked).toEqual(onLinked);
    // Parents before children on entering, children before parents on leaving, rules in the order given.
    const call = onLinked.indexOf(onLinked.find((entry) => entry.startsWith('a enter CallExpression'))!);
    expect(onLinked[call + 1]).toMatch(/^a enter PropertyAccessExpression/);
    expect(
      onLinked
        .filter((entry) => entry.includes(' Identifier '))
        .slice(0, 4)
        .map((entry) => entry.split(' ').slice(0, 2).join(' ')),
    ).toEqual(['a enter', 'b enter', 'a exit', 'b exit']);
  });

  it('runs listeners on an unlinked tree only once every node is linked', () => {
    const unlinked = parse(false);
    let lastStatementParent: ts.Node | undefined;
    walkTree(
      ts,
      unlinked,
      [
        {
          enter: {
            [ts.SyntaxKind.FunctionDeclaration]: () => (lastStatementParent = unlinked.statements.at(-1)!.parent),
          },
        },
      ],
      { setParents: true },
    );
    expect(lastStatementParent).toBe(unlinked);
  });

  it('walks a tree deeper than the call stack allows a recursive walk to go (a 20,000-term `a + a + …` chain)', () => {
    // The parser builds binary chains without recursing, so this tree is ~20,000 levels deep.
    const deep = ts.createSourceFile(
      '/src/generated.ts',
      `export const x = ${Array.from({ length: 20_000 }, () => 'a').join(' + ')};`,
      ts.ScriptTarget.Latest,
      false,
      ts.ScriptKind.TS,
    );
    for (const setParents of [true, false]) {
      let identifiers = 0;
      let exits = 0;
      walkTree(
        ts,
        deep,
        [
          {
            enter: { [ts.SyntaxKind.Identifier]: () => identifiers++ },
            exit: { [ts.SyntaxKind.BinaryExpression]: () => exits++ },
          },
        ],
        { setParents },
      );
      expect(identifiers).toBe(20_001);
      expect(exits).toBe(19_999);
    }
  });

  it('links and dispatches a tree deeper than its recursion limit exactly as it does a shallow one', () => {
    // A 3,000-term chain of calls joined by `+` (the parser builds it without recursing): the
    // recursive part and the part below the limit must agree with the parser's own linking.
    const deepCode = `export const x = ${Array.from({ length: 3_000 }, (_, index) => `f(a${index})`).join(' + ')};`;
    const deepParse = (setParentNodes: boolean) =>
      ts.createSourceFile('/src/deep.ts', deepCode, ts.ScriptTarget.Latest, setParentNodes, ts.ScriptKind.TS);
    const linked = nodesOf(deepParse(true));
    const unlinked = deepParse(false);
    walkTree(ts, unlinked, [], { setParents: true });
    const walked = nodesOf(unlinked);
    const parentIndex = (nodes: ts.Node[]) => {
      const index = new Map(nodes.map((node, position) => [node, position]));
      return nodes.map((node) => (parentOf(node) === undefined ? -1 : index.get(node.parent)));
    };
    expect(parentIndex(walked)).toEqual(parentIndex(linked));
    const onLinked: string[] = [];
    walkTree(ts, deepParse(true), [recorder([ts.SyntaxKind.CallExpression, ts.SyntaxKind.Identifier], onLinked, 'a')], {
      setParents: false,
    });
    const onUnlinked: string[] = [];
    walkTree(
      ts,
      deepParse(false),
      [recorder([ts.SyntaxKind.CallExpression, ts.SyntaxKind.Identifier], onUnlinked, 'a')],
      { setParents: true },
    );
    expect(onUnlinked).toEqual(onLinked);
    expect(onLinked.filter((entry) => entry.startsWith('a exit CallExpression'))).toHaveLength(3_000);
  });
});
