/**
 * `text` as a string of its own, for a name kept past its file's walk (facts the project rules read
 * after every file). V8 makes a substring of 13 or more characters a slice that keeps the whole
 * string it was cut from alive, and the parser's identifiers and literals are such substrings of
 * the file's text: one kept import name kept its file's text for the rest of the scan (433 of 880
 * texts on a 100k-line platform). A JSON round trip makes a flat copy (0.2 µs for a name).
 */
export function ownText(text: string): string {
  if (text.length < SLICE_MIN_LENGTH) return text;
  // Names repeat (a module's specifier in every file importing it, a handler's name as its site's
  // scope and detail): a copy made once is given again, which costs a lookup instead of a copy.
  let own = owned.get(text);
  if (own === undefined) {
    if (owned.size >= MAX_OWNED) owned.clear();
    own = JSON.parse(JSON.stringify(text)) as string;
    owned.set(own, own);
  }
  return own;
}

/** V8's `SlicedString::kMinLength`: a shorter substring is a copy. */
const SLICE_MIN_LENGTH = 13;
/** Copies made so far, each its own key (bounded: a generated file's names need not repeat). */
const owned = new Map<string, string>();
const MAX_OWNED = 10_000;

/** `record` with each string value `ownText` (the same record when none needs a copy). */
export function withOwnTexts<T extends object>(record: T): T {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string' || value.length < SLICE_MIN_LENGTH) continue;
    copy ??= { ...(record as Record<string, unknown>) };
    copy[key] = ownText(value);
  }
  return (copy as T | undefined) ?? record;
}
