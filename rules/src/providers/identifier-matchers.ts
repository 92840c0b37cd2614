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

export interface IdentifierMatchers {
  /** Providers (display names) that issue `claim` as a user identifier, or undefined. */
  claimProviders(claim: string): readonly string[] | undefined;
  /** The provider whose identifier a name denotes (`cognitoUserId` → Cognito), or undefined. */
  providerOfName(name: string): string | undefined;
  /** The provider and shape of an identifier literal, or undefined. */
  valueMatch(text: string, isTemplateHead: boolean): { provider: string; shape: string } | undefined;
}

const cache = new WeakMap<readonly ProviderProfile[], IdentifierMatchers>();

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
          if (IDENTIFIER_SHAPES.some((shape) => shape.length === rest.length && startsWithAt(rest, shape, 0))) {
            found = phrase.provider;
            break search;
          }
        }
      }
      nameCache.set(name, found);
      return found;
    },
    valueMatch(text, isTemplateHead) {
      const match = values.find((value) => value.test(text, isTemplateHead));
      return match && { provider: match.provider, shape: match.shape };
    },
  };
  cache.set(providers, matchers);
  return matchers;
}
