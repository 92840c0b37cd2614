import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { primeLineStarts } from '../src/extract/line-starts.js';

const parse = (text: string) => ts.createSourceFile('/a.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);

/** Every offset's line and character (and the end of the text), as the compiler answers them. */
function positionsOf(sourceFile: ts.SourceFile): string[] {
  const positions: string[] = [];
  for (let offset = 0; offset <= sourceFile.text.length; offset++) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
    positions.push(`${line}:${character}`);
  }
  return positions;
}

describe('primeLineStarts', () => {
  it.each([
    ['an empty text', ''],
    ['one line without a line feed', 'const a = 1;'],
    ['line feeds, a blank line and a final line feed', 'const a = 1;\n\nexport { a };\n'],
    ['leading and doubled line feeds and non-ASCII text', '\n\nconst s = "na\u00efve \u{1F510}";\n\n// \u00e9\n'],
  ])('gives %s the line starts the compiler computes, which the compiler then uses', (_name, text) => {
    const primed = parse(text);
    primeLineStarts(primed);
    const lineMap = (primed as ts.SourceFile & { lineMap?: readonly number[] }).lineMap;
    expect(lineMap).toBeDefined();
    // The compiler answers positions from the array given (its internal field is still `lineMap`).
    expect(primed.getLineStarts()).toBe(lineMap);
    const unprimed = parse(text);
    expect(primed.getLineStarts()).toEqual(unprimed.getLineStarts());
    expect(positionsOf(primed)).toEqual(positionsOf(unprimed));
  });

  it.each([
    ['CRLF', 'const a = 1;\r\nconst b = 2;\r\n'],
    ['a lone CR', 'const a = 1;\rconst b = 2;\n'],
    ['a line separator', 'const a = 1;\u2028const b = 2;\n'],
    ['a paragraph separator', 'const a = 1;\u2029const b = 2;\n'],
  ])('leaves a text with %s to the compiler', (_name, text) => {
    const primed = parse(text);
    primeLineStarts(primed);
    expect((primed as ts.SourceFile & { lineMap?: readonly number[] }).lineMap).toBeUndefined();
    expect(positionsOf(primed)).toEqual(positionsOf(parse(text)));
  });

  it('keeps line starts the compiler has already computed', () => {
    const sourceFile = parse('const a = 1;\nconst b = 2;\n');
    const computed = sourceFile.getLineStarts();
    primeLineStarts(sourceFile);
    expect(sourceFile.getLineStarts()).toBe(computed);
  });
});
