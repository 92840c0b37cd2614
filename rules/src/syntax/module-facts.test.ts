import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { moduleFactsOf } from './module-facts.js';

const parse = (code: string) => ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest, true);

describe('moduleFactsOf', () => {
  it('gives each import the range of its statement or call', () => {
    const code = "// header\r\nimport a from 'a';\r\nexport { b } from 'b';\r\nconst c = await import(\r\n  'c');\r\n";
    const sourceFile = parse(code);
    expect(moduleFactsOf(ts, sourceFile).imports.map(({ specifier, range }) => ({ specifier, range }))).toEqual([
      { specifier: 'a', range: { line: 2, column: 1, endLine: 2, endColumn: 19 } },
      { specifier: 'b', range: { line: 3, column: 1, endLine: 3, endColumn: 23 } },
      { specifier: 'c', range: { line: 4, column: 17, endLine: 5, endColumn: 7 } },
    ]);
  });
});
