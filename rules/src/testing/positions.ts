/**
 * Every finding a rule test gets from `detect` or `analyzeProject` must have its position asserted
 * (line, column, end line, end column), as typescript-eslint's tests do on every invalid case: a
 * finding on the wrong node is what an editor user sees underlined. The helpers register each
 * finding here; `span` reads its position and takes it off the list; the test setup
 * (`test/setup/assert-positions.ts`) fails a test that leaves any finding on it.
 *
 * This module imports nothing, so the setup can load it for every test file at no cost.
 */

export interface Positioned {
  /** 1-based, like ESLint's reported positions. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

const unasserted = new Set<Positioned>();

/** Registers findings whose position the test has yet to assert; returns them. */
export function positionsToAssert<T extends Positioned>(findings: T[]): T[] {
  for (const finding of findings) unasserted.add(finding);
  return findings;
}

/**
 * A finding's range as `line:column-endLine:endColumn` (1-based), to compare in a test table;
 * `'no finding'` for a finding the test expected and did not get (`const [finding] = …`).
 */
export function span(finding: Positioned | undefined): string {
  if (finding === undefined) return 'no finding';
  unasserted.delete(finding);
  return rangeText(finding);
}

/** `line:column-endLine:endColumn`, without taking the finding off the list (for messages). */
export function rangeText(finding: Positioned): string {
  return `${String(finding.line)}:${String(finding.column)}-${String(finding.endLine)}:${String(finding.endColumn)}`;
}

/** The findings registered since the last call whose position was never read through `span`; empties the list. */
export function takeUnassertedPositions(): Positioned[] {
  const left = [...unasserted];
  unasserted.clear();
  return left;
}
