import { describe, expect, it } from 'vitest';
import { testConfig } from '../testing/index.js';
import { wordsOf } from '../syntax/words.js';
import { endsInShapeWord, IDENTIFIER_SHAPES, identifierMatchersOf } from './identifier-matchers.js';

const { providers } = testConfig();
const matchers = identifierMatchersOf(providers);
const firstWords = [...new Set(providers.flatMap((provider) => provider.nameWords.map((words) => words[0]!)))];
const phrases = providers.flatMap((provider) =>
  provider.nameWords.map((words) => ({ words, provider: provider.name })),
);
const hasPhraseAt = (words: readonly string[], phrase: readonly string[], index: number) =>
  phrase.every((word, offset) => words[index + offset] === word);
/** `providerOfName` by its definition: a provider's name, then exactly the words of one identifier shape. */
const providerOfNameByDefinition = (name: string) => {
  const words = wordsOf(name);
  for (let index = 0; index < words.length; index++) {
    for (const phrase of phrases) {
      if (!hasPhraseAt(words, phrase.words, index)) continue;
      const rest = words.slice(index + phrase.words.length);
      if (IDENTIFIER_SHAPES.some((shape) => shape.length === rest.length && hasPhraseAt(rest, shape, 0)))
        return phrase.provider;
    }
  }
  return undefined;
};

/** A deterministic PRNG (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('identifier matchers: text hints', () => {
  it('finds a provider name wherever wordsOf splits it out, in any naming style (randomized)', () => {
    const next = random(20261123);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const pool = [
      ...firstWords,
      'auth',
      'tokens',
      'ad',
      'user',
      'id',
      'sub',
      'name',
      'repository',
      'factory',
      'story',
      'superb',
      'next',
      'nextPage',
      'x',
      '2',
      'HTTP',
      'INVENTORY',
      'Ory',
      'ORy',
      '(',
      '.',
    ];
    const styles = [
      (words: string[]) =>
        words.map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join(''),
      (words: string[]) => words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(''),
      (words: string[]) => words.join('_'),
      (words: string[]) => words.join('_').toUpperCase(),
      (words: string[]) => words.join('-'),
      (words: string[]) => words.join(' '),
      (words: string[]) => words.join(''),
    ];
    for (let round = 0; round < 5000; round++) {
      const words = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(pool));
      const text = `${pick(['', 'a', '$', '_', '.', '"'])}${pick(styles)(words)}${pick(['', '0', 'x', 'Id', '.', '"'])}`;
      const textWords = wordsOf(text);
      const hasName = textWords.some((_, index) =>
        phrases.some((phrase) => hasPhraseAt(textWords, phrase.words, index)),
      );
      if (hasName) expect(matchers.mayNameProvider(text), text).toBe(true);
      const provider = providerOfNameByDefinition(text);
      expect(matchers.providerOfName(text), text).toBe(provider);
      if (provider !== undefined) expect(matchers.mayMatch(text), text).toBe(true);
    }
  });

  it('does not take a provider name inside another word for the name', () => {
    for (const text of [
      'repository',
      'factoryId',
      'memoryStory',
      'superb',
      'kindergarten',
      'nextauthority'.replace('auth', 'xuth'),
      'INVENTORY_CATEGORY',
      'HTTPORY',
    ]) {
      expect(matchers.mayNameProvider(text), text).toBe(false);
    }
    for (const text of [
      'cognitoSub',
      'AUTH0_USER_ID',
      'OryClient',
      'ory_id',
      'userOryId',
      'x-kinde-id',
      'FusionAuthUserId',
      'auth0Id',
      'HTTPOryClient',
      'ORY',
    ]) {
      expect(matchers.mayNameProvider(text), text).toBe(true);
    }
  });

  it('takes a provider name of several words only when all of them are there', () => {
    for (const text of ['next()', 'return next(error);', 'super(props)', 'super.render()', 'azure', 'fusion']) {
      expect(matchers.mayNameProvider(text), text).toBe(false);
    }
    for (const text of ['NextAuth', 'next_auth', 'NEXT-AUTH', 'next auth', 'SuperTokens', 'AZURE_AD', 'fusionAuth']) {
      expect(matchers.mayNameProvider(text), text).toBe(true);
    }
  });

  it('skips a file whose provider names are not followed by an identifier shape', () => {
    expect(
      matchers.mayMatch(
        'export function middleware(req: Request, res: Response, next: NextFunction) { return next(); }',
      ),
    ).toBe(false);
    expect(
      matchers.mayMatch(
        'import { createClient } from "@supabase/supabase-js"; export const supabase = createClient(url, key);',
      ),
    ).toBe(false);
    expect(matchers.mayMatch('const INVENTORY_ITEM_ID = "x"; class StoryRepository {}')).toBe(false);
    expect(matchers.mayMatch('type Row = { supabaseUserId: string };')).toBe(true);
    expect(matchers.mayMatch('const column = "next_auth_user_id";')).toBe(true);
    expect(matchers.mayMatch('let clerkUserName = "";')).toBe(true);
  });

  it('rejects a name on its last word only when no identifier shape ends with it', () => {
    for (const name of [
      'cognitoSub',
      'AUTH0_USER_ID',
      'clerkUsername',
      'oktaUID',
      'kindeIds_',
      'firebase-uid',
      'x.sub',
      'entraObjectID',
    ])
      expect(endsInShapeWord(name), name).toBe(true);
    for (const name of ['cognitoSub2', 'auth0Client', 'clerk', 'user_id_x', 'subscription', '', '__'])
      expect(endsInShapeWord(name), name).toBe(false);
  });

  it('lets a file be skipped only when it holds no name, claim or identifier value', () => {
    expect(
      matchers.mayMatch(
        'export class SubscriptionRepository { findBySubmitter(id: string) { return this.db.get(id); } }',
      ),
    ).toBe(false);
    expect(matchers.mayMatch('const owner = claims.sub;')).toBe(true);
    expect(matchers.mayMatch("const owner = payload['cognito:username'];")).toBe(true);
    expect(matchers.mayMatch('const id = "auth0|5f7c8ec7c33c6c004bbafe82";')).toBe(true);
    expect(matchers.mayMatch('const pool = "eu-west-1_AbCdEf123";')).toBe(true);
    expect(matchers.mayMatch('const id = `user_2${suffix}`;')).toBe(false);
    expect(matchers.mayMatch('const id = `auth0|${userId}`;')).toBe(true);
    expect(matchers.mayMatch('<Avatar owner="00u1a2b3c4d5e6f7g8h9" />')).toBe(true);
    expect(matchers.mayMatch('const note = "see github|x"; // a prefix only counts at the start of a literal')).toBe(
      false,
    );
    // An escape may spell a name or value differently in the source: never skipped.
    expect(matchers.mayMatch('const id = "\\x61uth0|5f7c8ec7c33c6c004bbafe82";')).toBe(true);
    expect(matchers.mayMatch('const owner = claims.\\u0073ub;')).toBe(true);
  });
});
