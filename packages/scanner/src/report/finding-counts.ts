/**
 * How findings are counted, once for every reader: the report's summary, the history records (which
 * copy it), the Markdown summary's tables, the metric series of `export` and the identity map's
 * decision counts use these keys and this counting.
 */

/** Owner under which unowned findings (and sites) are counted. */
export const UNOWNED = '(unowned)';
/** Module under which findings of files outside every module are counted. */
export const NO_MODULE = '(none)';

/** What a finding or a map entry says about where it is. */
interface Placed {
  readonly module: string | null;
  readonly owners: readonly string[];
}

/** The module a finding counts under. */
export const moduleOf = (placed: Pick<Placed, 'module'>): string => placed.module ?? NO_MODULE;

/** The owners a finding counts under: each of its CODEOWNERS owners, or `(unowned)`. */
export const ownersOf = (placed: Pick<Placed, 'owners'>): readonly string[] =>
  placed.owners.length > 0 ? placed.owners : [UNOWNED];

/** The owners as one label (sorted, comma-separated): counts every finding under exactly one owner label. */
export const ownerLabelOf = (placed: Pick<Placed, 'owners'>): string => [...ownersOf(placed)].sort().join(',');

const byKey = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number =>
  a < b ? -1 : a > b ? 1 : 0;

/** Counts per key, sorted by key; an item with several keys counts once for each. */
export function countBy<T>(items: readonly T[], keys: (item: T) => string | readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const found = keys(item);
    for (const key of typeof found === 'string' ? [found] : found) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort(byKey));
}

/** The count of a key in counts made by `countBy`: 0 when absent (never one inherited from `Object.prototype`). */
export const countOf = (counts: Readonly<Record<string, number>>, key: string): number =>
  Object.hasOwn(counts, key) ? (counts[key] ?? 0) : 0;
