/** Regular-expression pieces for the text pre-scans detectors run before walking a file. */

/** `text` with the characters that are special in a regular expression escaped. */
export function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Not a character of an identifier: what stands before a whole name (or quoted key) in the source. */
export const NAME_START = '(?<![\\w$])';
/** Not a character of an identifier: what stands after a whole name (or quoted key) in the source. */
export const NAME_END = '(?![\\w$])';
