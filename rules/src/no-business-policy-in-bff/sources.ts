/** One source of domain state: a client, a typed dependency, an ORM model or table, or the result of a call. */
export interface Source {
  /** How the message names it (`billing.statusOf`, `db.course`, `supabase.from("files")`). */
  readonly name: string;
  /** The domain module it comes from, when an import says so. */
  readonly module: string | null;
  /** The ORM model, table or collection it reads (`course`, `files`), which is its domain when no module says so. */
  readonly model?: string;
  /** `call` for the result of an awaited call that is neither a domain client nor a model (`await getServerSession()`): fetched, but not known to be a domain's record. */
  readonly kind?: 'call';
}
export type Sources = ReadonlyMap<string, Source>;
export const NO_SOURCES: Sources = new Map();

/** Reads of one model or table are one source, whichever call reads them; other sources are told apart by name. */
function keyOf(source: Source): string {
  return source.model === undefined ? source.name : `model:${source.model.toLowerCase()}`;
}

export function only(source: Source): Sources {
  return new Map([[keyOf(source), source]]);
}

export function union(...all: Sources[]): Sources {
  const nonEmpty = all.filter((sources) => sources.size > 0);
  if (nonEmpty.length === 0) return NO_SOURCES;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const merged = new Map<string, Source>();
  for (const sources of nonEmpty) for (const [key, source] of sources) if (!merged.has(key)) merged.set(key, source);
  return merged;
}

/** The names of a finding's sources, for message data: "`a`, `b` and `c`". */
export function listOf(sources: Sources | readonly string[]): string {
  const names = Array.isArray(sources) ? sources : [...(sources as Sources).values()].map((source) => source.name);
  const quoted = names.map((name) => `\`${name}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** Where a decision over these sources belongs: their domain modules, else the owner of their models or tables. */
export function ownerOf(sources: Sources): string {
  const all = [...sources.values()];
  const modules = [...new Set(all.flatMap((source) => (source.module === null ? [] : [source.module])))].sort();
  if (modules.length === 0) {
    const models = [...new Set(all.flatMap((source) => (source.model === undefined ? [] : [source.model])))];
    if (models.length === 0) return 'the domain service that owns it';
    const named = models.map((model) => `\`${model}\``).join(models.length === 2 ? ' and ' : ', ');
    return models.length === 1 && all.length === 1
      ? `the domain that owns ${named}`
      : `one domain service over ${named}${models.length < all.length ? ' and the other sources' : ''}`;
  }
  const allKnown = all.every((source) => source.module !== null);
  if (modules.length === 1 && allKnown) return `the \`${modules[0]}\` domain`;
  return `one domain service (${modules.map((module) => `\`${module}\``).join(' or ')}${allKnown ? '' : ' or the owner of the other sources'}, or an access service over them)`;
}
