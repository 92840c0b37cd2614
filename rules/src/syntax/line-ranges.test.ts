import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { lineRangeFunctionOf } from './line-ranges.js';

const parse = (code: string) => ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest, true);

/** TypeScript's own line map, as the hosts' `rangeOf` reads it. */
function fullRangeOf(sourceFile: ts.SourceFile, node: ts.Node) {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function nodesOf(sourceFile: ts.SourceFile): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return nodes;
}

describe('lineRangeFunctionOf', () => {
  it.each([
    ['LF', "import a from 'a';\nconst b = require('b');\n\nexport { a };\n"],
    ['CR LF', "import a from 'a';\r\nconst b =\r\n  require('b');\r\n\r\nexport { a };"],
    ['CR', "import a from 'a';\rconst b = require('b');\r\rexport { a };\r"],
    ['U+2028 and U+2029', "import a from 'a';\u2028const b = require('b');\u2029export { a };"],
    ['a comment and a string across lines', "/* one\r\ntwo */ import a from 'a';\nconst s = `x\ny`; import('c');"],
    ['no line break', "import a from 'a'; export * from 'b';"],
    ['LF and text beyond ASCII', "import a from 'ä';\nconst é = 'ü';\n\n\nimport('c')\n"],
    ['LF and a last line without one', "import a from 'a';\nexport { a }"],
  ])('gives the ranges of TypeScript’s line map (%s), in any order of asking', (_name, code) => {
    const sourceFile = parse(code);
    const nodes = nodesOf(sourceFile);
    const rangeOf = lineRangeFunctionOf(sourceFile);
    // Ask last node first, then from the top: the line starts found so far must serve earlier positions too.
    const asked = [nodes[nodes.length - 1]!, ...nodes];
    expect(asked.map((node) => rangeOf(node))).toEqual(asked.map((node) => fullRangeOf(parse(code), node)));
  });

  it('reads only as far into the text as the nodes asked for', () => {
    const sourceFile = parse("import a from 'a';\n" + 'const x = 1;\n'.repeat(1000));
    const rangeOf = lineRangeFunctionOf(sourceFile);
    expect(rangeOf(sourceFile.statements[0]!)).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 19 });
    expect((sourceFile as ts.SourceFile & { lineMap?: unknown }).lineMap).toBeUndefined();
  });

  it('reads a line map the host already gave the tree', () => {
    const sourceFile = parse("import a from 'a';\nimport b from 'b';\n");
    // A map that is not the text's shows which one was read.
    (sourceFile as ts.SourceFile & { lineMap?: readonly number[] }).lineMap = [0, 5, 19];
    const rangeOf = lineRangeFunctionOf(sourceFile);
    expect(rangeOf(sourceFile.statements[1]!)).toEqual({ line: 3, column: 1, endLine: 3, endColumn: 19 });
  });
});
