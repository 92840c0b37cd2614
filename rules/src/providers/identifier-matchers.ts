import { escapeForRegExp, NAME_END, NAME_START } from '../syntax/text-patterns.js';
import { startsWithAt, wordsOf } from '../syntax/words.js';
import type { ProviderProfile } from './provider-profile.js';

/**
 * Word sequences that, right after a provider's name, make a name a provider identifier:
 * `cognitoSub`, `auth0UserId`, `firebaseUid`, `entraObjectId`, `clerk_user_id`.
 */
export const IDENTIFIER_SHAPES: readonly (readonly string[])[] = [
  ['sub'], ['id'], ['ids'], ['uid'], ['uids'], ['oid'], ['subject'], ['username'],
  ['user', 'id'], ['user', 'ids'], ['user', 'sub'], ['user', 'uid'], ['user', 'name'],
  ['identity', 'id'], ['object', 'id'], ['account', 'id'],
];

/** Words before a provider's name that make the id one of a project, pool, tenant or app (`projectSupabaseId`). */
const NOT_USER_WORDS = new Set(['project', 'pool', 'tenant', 'app', 'application', 'client', 'org', 'organization', 'instance', 'workspace', 'team', 'site', 'bucket', 'region']);

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

/** One regular expression of alternatives (undefined when there are none). */
function alternatives(patterns: readonly string[]): RegExp | undefined {
  const unique = [...new Set(patterns)];
  return unique.length === 0 ? undefined : new RegExp(unique.join('|'), 'u');
}

/**
 * A pattern that finds `word` (lower case letters and digits) wherever `wordsOf` would split it out
 * of a text: any case, starting with a capital or after a non-letter, and not followed by what would
 * continue it (a lower case letter or digit; after a final digit, a digit). `repository` does not
 * hold the word `ory`; `OryClient`, `ory_id` and `ORY` do.
 */
function wordHint(word: string): string {
  const letter = (char: string) => (/[a-z]/.test(char) ? `[${char}${char.toUpperCase()}]` : escapeForRegExp(char));
  const first = word[0]!;
  const rest = [...word.slice(1)].map(letter).join('');
  const end = /[0-9]$/.test(word) ? '(?![0-9])' : '(?![a-z0-9])';
  const start = /[a-z]/.test(first) ? `(?:(?<![A-Za-z])${letter(first)}|${first.toUpperCase()})` : `(?<![A-Za-z0-9])${escapeForRegExp(first)}`;
  return `${start}${rest}${end}`;
}

/**
 * Escapes that can write a letter, digit or `|:_-` of a name or literal differently in the source
 * (`\u0073ub`, `"auth0\x7c…"`): a file with one is never skipped on its text. (Letters written as
 * identity escapes, `"\a"` for `a`, are read as written.)
 */
const ESCAPE_TO_LOOK_THROUGH = /\\[ux0-9|:_-]/;

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
  const phrases = providers.flatMap((provider) => provider.nameWords.map((words) => ({ words, provider: provider.name })));
  const values = providers.flatMap((provider) =>
    provider.identifierValues.map((value) => {
      if (value.kind === 'prefix') {
        return { provider: provider.name, shape: value.shape, test: (text: string, head: boolean) => text.startsWith(value.prefix) && (head || text.length > value.prefix.length) };
      }
      const pattern = new RegExp(value.pattern, 'u');
      return { provider: provider.name, shape: value.shape, test: (text: string, head: boolean) => !head && pattern.test(text) };
    }),
  );
  const nameCache = new Map<string, string | undefined>();
  const nameHint = alternatives(phrases.map(({ words }) => wordHint(words[0]!)));
  const claimHint = alternatives([...byClaim.keys()].map((claim) => `${NAME_START}${escapeForRegExp(claim)}${NAME_END}`));
  // A value is matched from the start of a literal's text (a prefix, or a pattern anchored with `^`:
  // a test keeps every profile's patterns anchored), so in the source it follows the literal's
  // opening quote: anchoring the hint there keeps the scan of a whole file fast.
  const fromStart = providers.flatMap((provider) => provider.identifierValues.map((value) => (value.kind === 'prefix' ? escapeForRegExp(value.prefix) : value.pattern.replace(/^\^/, '').replace(/(?<!\\)\$$/, ''))));
  const valueHint = fromStart.length === 0 ? undefined : new RegExp(`["'\`](?:${[...new Set(fromStart)].join('|')})`, 'u');

  const matchers: IdentifierMatchers = {
    claimProviders: (claim) => byClaim.get(claim),
    providerOfName(name) {
      if (nameCache.has(name)) return nameCache.get(name);
      const words = wordsOf(name);
      let found: string | undefined;
      search: for (let index = 0; index < words.length; index++) {
        for (const phrase of phrases) {
          if (!startsWithAt(words, phrase.words, index)) continue;
          const rest = words.slice(index + phrase.words.length);
          // `firebaseProjectId`, `NEXT_PUBLIC_SUPABASE_ID` (a project ref), `cognitoPoolAppId`: ids of the provider's
          // project, pool, tenant or app, not of a user. A bare `id` in a SCREAMING_CASE name is configuration.
          if (words.slice(0, index).some((word) => NOT_USER_WORDS.has(word))) continue;
          if (/^[A-Z0-9_]+$/.test(name) && rest.length === 1 && (rest[0] === 'id' || rest[0] === 'ids')) continue;
          if (IDENTIFIER_SHAPES.some((shape) => shape.length === rest.length && startsWithAt(rest, shape, 0))) {
            found = phrase.provider;
            break search;
          }
        }
      }
      nameCache.set(name, found);
      return found;
    },
    mayNameProvider: (text) => nameHint?.test(text) ?? false,
    mayMatch: (text) => (nameHint?.test(text) ?? false) || (claimHint?.test(text) ?? false) || (valueHint?.test(text) ?? false) || ESCAPE_TO_LOOK_THROUGH.test(text),
    valueMatch(text, isTemplateHead) {
      const match = values.find((value) => value.test(text, isTemplateHead));
      return match && { provider: match.provider, shape: match.shape };
    },
  };
  cache.set(providers, matchers);
  return matchers;
}
