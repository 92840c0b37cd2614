import type * as ts from 'typescript';
import type { SourceRange } from '../rule-basics.js';

/** Line breaks other than LF (TypeScript's `isLineBreak`): a text without any has its lines found by `indexOf`. */
const OTHER_BREAKS = /[\r\u2028\u2029]/;

/** Line starts of a text found so far (breaks as TypeScript's `computeLineStarts` has them). */
interface LineTable {
  readonly starts: number[];
  /** Every line start at or before this position is in `starts`. */
  scanned: number;
  /** Decided at the first range asked for: a tree nobody asks a range of is not read. */
  onlyLineFeeds: boolean | undefined;
}

/**
 * Tables per tree, shared by the rules that ask for ranges of one tree. A table holds no node: an
 * entry whose value reached back to its key (a closure over the tree) would keep every tree alive
 * until a full collection.
 */
const tables = new WeakMap<ts.SourceFile, LineTable>();

/**
 * Ranges of a tree's nodes, as every host's `rangeOf` gives them: TypeScript's line and character of
 * `getStart()` and `getEnd()`, 1-based. The line starts are found only as far into the text as a
 * position asked for (imports sit at the top), once per tree for every rule that asks, and by
 * `indexOf('\n')` where the text has no other line break; TypeScript's whole-text line map (a loop
 * over every character) is left to the few files with findings. A tree that has that map already is read
 * from it.
 */
export function lineRangeFunctionOf(sourceFile: ts.SourceFile): (node: ts.Node) => SourceRange {
  // A host that gave the tree its line map (the scanner does, for every file) has paid for it already.
  if ((sourceFile as ts.SourceFile & { lineMap?: readonly number[] }).lineMap !== undefined)
    return (node) => {
      const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
      return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
    };
  let table = tables.get(sourceFile);
  if (table === undefined) {
    table = { starts: [0], scanned: 0, onlyLineFeeds: undefined };
    tables.set(sourceFile, table);
  }
  const { starts } = table;
  const text = sourceFile.text;
  const extendTo = (position: number): void => {
    table.onlyLineFeeds ??= !OTHER_BREAKS.test(text);
    let scanned = table.scanned;
    if (table.onlyLineFeeds) {
      while (scanned <= position) {
        const next = text.indexOf('\n', scanned);
        if (next === -1) {
          scanned = text.length + 1;
          break;
        }
        scanned = next + 1;
        starts.push(scanned);
      }
    } else {
      while (scanned <= position && scanned < text.length) {
        const ch = text.charCodeAt(scanned++);
        if (ch === 13) {
          if (text.charCodeAt(scanned) === 10) scanned++;
          starts.push(scanned);
        } else if (ch === 10 || ch === 0x2028 || ch === 0x2029) starts.push(scanned);
      }
    }
    table.scanned = scanned;
  };
  const lineAndColumn = (position: number): [number, number] => {
    if (position >= table.scanned) extendTo(position);
    return lineAndColumnIn(starts, position);
  };
  return (node) => {
    const [line, column] = lineAndColumn(node.getStart(sourceFile));
    const [endLine, endColumn] = lineAndColumn(node.getEnd());
    return { line, column, endLine, endColumn };
  };
}

/** The 1-based line and column of `position` in a text whose line starts (ascending, from 0) are `starts`. */
export function lineAndColumnIn(starts: readonly number[], position: number): [line: number, column: number] {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= position) low = middle;
    else high = middle - 1;
  }
  return [low + 1, position - (starts[low] ?? 0) + 1];
}
