import { escapeForRegExp, NAME_END, NAME_START } from '../syntax/text-patterns.js';
import { startsWithAt, wordsOf } from '../syntax/words.js';
import { ownText } from '../syntax/own-text.js';
import type { ProviderProfile } from './provider-profile.js';

/**
 * Word sequences that, right after a provider's name, make a name a provider identifier:
 * `cognitoSub`, `auth0UserId`, `firebaseUid`, `entraObjectId`, `clerk_user_id`.
 */
export const IDENTIFIER_SHAPES: readonly (readonly string[])[] = [
  ['sub'],
  ['id'],
  ['ids'],
  ['uid'],
  ['uids'],
  ['oid'],
  ['subject'],
  ['username'],
  ['user', 'id'],
  ['user', 'ids'],
  ['user', 'sub'],
  ['user', 'uid'],
  ['user', 'name'],
  ['identity', 'id'],
  ['object', 'id'],
  ['account', 'id'],
];

/** Words before a provider's name that make the id one of a project, pool, tenant or app (`projectSupabaseId`). */
const NOT_USER_WORDS = new Set([
  'project',
  'pool',
  'tenant',
  'app',
  'application',
  'client',
  'org',
  'organization',
  'instance',
  'workspace',
  'team',
  'site',
  'bucket',
  'region',
]);

export interface IdentifierMatchers {
  /** Providers (display names) that issue `claim` as a user identifier, or undefined. */
  claimProviders(claim: string): readonly string[] | undefined;
  /** The provider whose identifier a name denotes (`cognitoUserId` → Cognito), or undefined. */
  providerOfName(name: string): string | undefined;
  /**
   * Whether a text may contain a provider's name as one of its words (see `wordsOf`): a regular
   * expression test before splitting it into words. Never false for a text that has one.
   */
  mayNameProvider(text: string): boolean;
  /**
   * Whether a file's source text may contain anything `providerOfName`, `claimProviders` or
   * `valueMatch` accepts: a provider's name as a word, a claim as a whole name, an identifier value.
   * False only when none is in the text, so a detector may skip the file's tree.
   */
  mayMatch(sourceText: string): boolean;
  /** The provider and shape of an identifier literal, or undefined. */
  valueMatch(text: string, isTemplateHead: boolean): { provider: string; shape: string } | undefined;
}

const cache = new WeakMap<readonly ProviderProfile[], IdentifierMatchers>();
/** Names whose provider `providerOfName` remembers (a project's names repeat; a generated file's need not). */
const MAX_CACHED_NAMES = 10_000;

/** One regular expression of alternatives (undefined when there are none). */
function alternatives(patterns: readonly string[]): RegExp | undefined {
  const unique = [...new Set(patterns)];
  return unique.length === 0 ? undefined : new RegExp(unique.join('|'), 'u');
}

/** `char` in either case (a letter), or escaped for a regular expression. */
const eitherCase = (char: string) => (/[a-z]/.test(char) ? `[${char}${char.toUpperCase()}]` : escapeForRegExp(char));

/** `text` with each letter in either case, the rest escaped (names and words are ASCII). */
const anyCase = (text: string) => text.replace(/./gs, eitherCase);

/**
 * A pattern that finds `word` (lower case letters and digits) wherever `wordsOf` would split it out
 * of a text: after a non-letter in any case; after a lower case letter starting with a capital, the
 * rest in any case; after a capital only as a capital and lower case letters (`HTTPOry`), as a run
 * of capitals there continues the word before it (`INVENTORY`); and not followed by what would
 * continue it (a lower case letter or digit; after a final digit, a digit). `repository` and
 * `CATEGORY` do not hold the word `ory`; `OryClient`, `ory_id` and `ORY` do.
 */
function wordHint(word: string): string {
  const first = word[0]!;
  const end = /[0-9]$/.test(word) ? '(?![0-9])' : '(?![a-z0-9])';
  if (!/[a-z]/.test(first)) return `(?<![A-Za-z0-9])${escapeForRegExp(first)}${anyCase(word.slice(1))}${end}`;
  const rest = anyCase(word.slice(1));
  const capital = first.toUpperCase();
  // Each alternative consumes its first letter before looking behind it: a pattern that starts by
  // looking behind is tried at every position of a file and costs 40 times more.
  return `(?:[${first}${capital}](?<![A-Za-z].)${rest}|${capital}(?<=[a-z].)${rest}|${capital}(?<=[A-Z].)${escapeForRegExp(word.slice(1))})${end}`;
}

/**
 * A pattern that finds the words of `phrase` wherever `wordsOf` would split them out of a text one
 * after the other: the first as `wordHint` does, each next one after any run of non-alphanumeric
 * characters, in any case. `next` alone is not the phrase `next auth` (an Express `next()`);
 * `NextAuth`, `next_auth` and `NEXT-AUTH` are.
 */
function phraseHint(phrase: readonly string[]): string {
  const [first, ...rest] = phrase;
  return (
    wordHint(first!) +
    rest.map((word) => `[^A-Za-z0-9]*${anyCase(word)}${/[0-9]$/.test(word) ? '(?![0-9])' : '(?![a-z0-9])'}`).join('')
  );
}

/**
 * A test of whether a text holds one of `phrases` (as `phraseHint` finds it), followed by one of
 * `shapes` when given (as `shapeHint` finds it). In two steps, as one pattern of lookbehinds is slow
 * on a whole file: a case-insensitive search for the words, with anything but letters and digits
 * between them, finds the few places to look (a superset, starting where the exact match would),
 * and the exact pattern is tried at each.
 */
function phraseFinder(
  phrases: readonly (readonly string[])[],
  shapes?: readonly (readonly string[])[],
): (text: string) => boolean {
  if (phrases.length === 0) return () => false;
  const between = '[^A-Za-z0-9]*';
  const shapeStart =
    shapes === undefined
      ? ''
      : `${between}(?:${[...new Set(shapes.map((shape) => escapeForRegExp(shape[0]!)))].join('|')})`;
  // ASCII words under the `i` flag without `u`: no other character folds to one of their letters.
  const candidates = new RegExp(
    `(?:${[...new Set(phrases.map((words) => words.map(escapeForRegExp).join(between)))].join('|')})${shapeStart}`,
    'gi',
  );
  const exact = new RegExp(
    `(?:${[...new Set(phrases.map(phraseHint))].join('|')})${shapes === undefined ? '' : shapeHint(shapes)}`,
    'y',
  );
  return (text) => {
    candidates.lastIndex = 0;
    for (let found = candidates.exec(text); found !== null; found = candidates.exec(text)) {
      exact.lastIndex = found.index;
      if (exact.test(text)) return true;
      candidates.lastIndex = found.index + 1;
    }
    return false;
  };
}

/** A pattern that finds the words of one of `shapes` after a name (see `phraseHint`). */
function shapeHint(shapes: readonly (readonly string[])[]): string {
  return `(?:${shapes.map((shape) => shape.map((word) => `[^A-Za-z0-9]*${anyCase(word)}(?![a-z0-9])`).join('')).join('|')})`;
}

/**
 * Escapes that can write a letter, digit or `|:_-` of a name or literal differently in the source
 * (`\u0073ub`, `"auth0\x7c…"`): a file with one is never skipped on its text. (Letters written as
 * identity escapes, `"\a"` for `a`, are read as written.)
 */
const ESCAPE_TO_LOOK_THROUGH = /\\[ux0-9|:_-]/;

/** The last words of the identifier shapes: the last word of every name `providerOfName` accepts. */
const SHAPE_ENDS = [...new Set(IDENTIFIER_SHAPES.map((shape) => shape.at(-1)!))];

/**
 * Whether a name may end in a shape's last word (what `wordsOf` gives last is the end of its last run
 * of letters and digits, in any case): false rules out every identifier shape without splitting it.
 */
export function endsInShapeWord(name: string): boolean {
  let end = name.length;
  while (end > 0 && !isAlphanumeric(name.charCodeAt(end - 1))) end--;
  search: for (const word of SHAPE_ENDS) {
    if (word.length > end) continue;
    // `| 0x20` lowers a capital and leaves a lower case letter as it is; a shape's words are lower case letters.
    for (let index = 0; index < word.length; index++)
      if ((name.charCodeAt(end - word.length + index) | 0x20) !== word.charCodeAt(index)) continue search;
    return true;
  }
  return false;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Matchers compiled once per provider list (the list object is stable per resolved config). */
export function identifierMatchersOf(providers: readonly ProviderProfile[]): IdentifierMatchers {
  const cached = cache.get(providers);
  if (cached) return cached;

  const byClaim = new Map<string, string[]>();
  for (const provider of providers) {
    for (const { claim } of provider.identifierClaims) {
      const owners = byClaim.get(claim) ?? [];
      if (!owners.includes(provider.name)) owners.push(provider.name);
      byClaim.set(claim, owners);
    }
  }
  const phrases = providers.flatMap((provider) =>
    provider.nameWords.map((words) => ({ words, provider: provider.name })),
  );
  const values = providers.flatMap((provider) =>
    provider.identifierValues.map((value) => {
      if (value.kind === 'prefix') {
        return {
          provider: provider.name,
          shape: value.shape,
          test: (text: string, head: boolean) =>
            text.startsWith(value.prefix) && (head || text.length > value.prefix.length),
        };
      }
      const pattern = new RegExp(value.pattern, 'u');
      return {
        provider: provider.name,
        shape: value.shape,
        test: (text: string, head: boolean) => !head && pattern.test(text),
      };
    }),
  );
  const phrasesByFirstWord = new Map<string, typeof phrases>();
  for (const phrase of phrases)
    phrasesByFirstWord.set(phrase.words[0]!, [...(phrasesByFirstWord.get(phrase.words[0]!) ?? []), phrase]);
  const shapeKeys = new Set(IDENTIFIER_SHAPES.map((shape) => shape.join(' ')));
  const nameCache = new Map<string, string | undefined>();
  const nameHint = phraseFinder(phrases.map(({ words }) => words));
  // What `providerOfName` accepts in a text: a provider's name, then the words of an identifier shape.
  const identifierNameHint = phraseFinder(
    phrases.map(({ words }) => words),
    IDENTIFIER_SHAPES,
  );
  const claimHints = [...byClaim.keys()].map((claim) => `${NAME_START}${escapeForRegExp(claim)}${NAME_END}`);
  // A value is matched from the start of a literal's text (a prefix, or a pattern anchored with `^`:
  // a test keeps every profile's patterns anchored), so in the source it follows the literal's
  // opening quote: anchoring the hint there keeps the scan of a whole file fast.
  const fromStart = providers.flatMap((provider) =>
    provider.identifierValues.map((value) =>
      value.kind === 'prefix'
        ? escapeForRegExp(value.prefix)
        : value.pattern.replace(/^\^/, '').replace(/(?<!\\)\$$/, ''),
    ),
  );
  const valueHints = fromStart.length === 0 ? [] : [`["'\`](?:${[...new Set(fromStart)].join('|')})`];
  // Claims, values and escapes in one pattern: one pass over the file instead of three.
  const claimValueOrEscape = alternatives([...claimHints, ...valueHints, ESCAPE_TO_LOOK_THROUGH.source])!;

  const matchers: IdentifierMatchers = {
    claimProviders: (claim) => byClaim.get(claim),
    providerOfName(name) {
      // Most names end in no shape's last word (`createOrder`, `items`): rejected before splitting.
      if (!endsInShapeWord(name)) return undefined;
      if (nameCache.has(name)) return nameCache.get(name);
      const words = wordsOf(name);
      let found: string | undefined;
      search: for (let index = 0; index < words.length; index++) {
        for (const phrase of phrasesByFirstWord.get(words[index]!) ?? []) {
          if (!startsWithAt(words, phrase.words, index)) continue;
          const rest = words.slice(index + phrase.words.length);
          // `firebaseProjectId`, `NEXT_PUBLIC_SUPABASE_ID` (a project ref), `cognitoPoolAppId`: ids of the provider's
          // project, pool, tenant or app, not of a user. A bare `id` in a SCREAMING_CASE name is configuration.
          if (words.slice(0, index).some((word) => NOT_USER_WORDS.has(word))) continue;
          if (/^[A-Z0-9_]+$/.test(name) && rest.length === 1 && (rest[0] === 'id' || rest[0] === 'ids')) continue;
          if (shapeKeys.has(rest.join(' '))) {
            found = phrase.provider;
            break search;
          }
        }
      }
      // Bounded, and keyed by a copy: the name is a substring of its file's text (`ownText`).
      if (nameCache.size >= MAX_CACHED_NAMES) nameCache.clear();
      nameCache.set(ownText(name), found);
      return found;
    },
    mayNameProvider: nameHint,
    mayMatch: (text) => identifierNameHint(text) || claimValueOrEscape.test(text),
    valueMatch(text, isTemplateHead) {
      const match = values.find((value) => value.test(text, isTemplateHead));
      return match && { provider: match.provider, shape: match.shape };
    },
  };
  cache.set(providers, matchers);
  return matchers;
}
