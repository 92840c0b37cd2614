/**
 * Splits an identifier or a snake/kebab/dotted name into lower-case words:
 * `cognitoUserId` → [cognito, user, id]; `AUTH0_USER_ID` → [auth0, user, id]; `HTTPRequest` → [http, request].
 * Digits stay with the letters before them (`auth0Id` → [auth0, id]).
 */
export function wordsOf(name: string): string[] {
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
