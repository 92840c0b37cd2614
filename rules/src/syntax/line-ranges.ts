import type * as ts from 'typescript';
import type { SourceRange } from '../rule-basics.js';

/** Line breaks other than LF (TypeScript's `isLineBreak`): a text without any has its lines found by `indexOf`. */
const OTHER_BREAKS = /[\r\u2028\u2029]/;

const rangeFunctions = new WeakMap<ts.SourceFile, (node: ts.Node) => SourceRange>();

/**
 * Ranges of a tree's nodes, as every host's `rangeOf` gives them: TypeScript's line and character of
 * `getStart()` and `getEnd()`, 1-based. The line starts are found only as far into the text as a
 * position asked for (imports sit at the top), once per tree for every rule that asks, and by
 * `indexOf('\n')` where the text has no other line break; TypeScript's whole-text line map (a loop
 * over every character) is left to the few files with findings.
 */
export function lineRangeFunctionOf(sourceFile: ts.SourceFile): (node: ts.Node) => SourceRange {
  let rangeOf = rangeFunctions.get(sourceFile);
  if (rangeOf === undefined) {
    rangeOf = computeRangeFunction(sourceFile);
    rangeFunctions.set(sourceFile, rangeOf);
  }
  return rangeOf;
}

function computeRangeFunction(sourceFile: ts.SourceFile): (node: ts.Node) => SourceRange {
  const text = sourceFile.text;
  /** Decided at the first range asked for: a tree nobody asks a range of is not read. */
  let onlyLineFeeds: boolean | undefined;
  /** Starts of the lines that begin at or before `scanned` (breaks as TypeScript's `computeLineStarts` has them). */
  const starts = [0];
  let scanned = 0;
  const extendTo = (position: number): void => {
    onlyLineFeeds ??= !OTHER_BREAKS.test(text);
    if (onlyLineFeeds) {
      while (scanned <= position) {
        const next = text.indexOf('\n', scanned);
        if (next === -1) {
          scanned = text.length + 1;
          return;
        }
        scanned = next + 1;
        starts.push(scanned);
      }
      return;
    }
    while (scanned <= position && scanned < text.length) {
      const ch = text.charCodeAt(scanned++);
      if (ch === 13) {
        if (text.charCodeAt(scanned) === 10) scanned++;
        starts.push(scanned);
      } else if (ch === 10 || ch === 0x2028 || ch === 0x2029) starts.push(scanned);
    }
  };
  const lineAndColumn = (position: number): [number, number] => {
    extendTo(position);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= position) low = middle;
      else high = middle - 1;
    }
    return [low + 1, position - (starts[low] ?? 0) + 1];
  };
  return (node) => {
    const [line, column] = lineAndColumn(node.getStart(sourceFile));
    const [endLine, endColumn] = lineAndColumn(node.getEnd());
    return { line, column, endLine, endColumn };
  };
}
