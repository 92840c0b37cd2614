import { ownText } from './own-text.js';

/**
 * Splits an identifier or a snake/kebab/dotted name into lower-case words:
 * `cognitoUserId` → [cognito, user, id]; `AUTH0_USER_ID` → [auth0, user, id]; `HTTPRequest` → [http, request].
 * Digits stay with the letters before them (`auth0Id` → [auth0, id]).
 */
export function wordsOf(name: string): readonly string[] {
  let words = knownWords.get(name);
  if (words === undefined) {
    // Bounded: a project's names repeat (`user`, `session`, `request`), a generated file's need not.
    if (knownWords.size >= MAX_KNOWN_WORDS) knownWords.clear();
    words = Object.freeze(splitWords(name));
    // Keyed by a copy: the name may be a slice of its file's text, which a kept key would keep (`ownText`).
    knownWords.set(ownText(name), words);
  }
  return words;
}

/** Names split so far: the rules split the same names in every file, many times per file. */
const knownWords = new Map<string, readonly string[]>();
const MAX_KNOWN_WORDS = 10_000;

function splitWords(name: string): string[] {
  const words: string[] = [];
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    if (part === '') continue;
    const matches = part.match(/[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z]+[0-9]*|[0-9]+/g);
    if (matches === null) continue;
    for (const word of matches) words.push(word.toLowerCase());
  }
  return words;
}

/** Whether `sequence` occurs in `words` as consecutive elements starting at `index`. */
export function startsWithAt(words: readonly string[], sequence: readonly string[], index: number): boolean {
  if (index + sequence.length > words.length) return false;
  return sequence.every((word, offset) => words[index + offset] === word);
}
