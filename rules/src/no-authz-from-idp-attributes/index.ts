import type * as ts from 'typescript';
import { z } from 'zod';
import { defineRule, type Detection } from '../detector.js';
import type { AuthzClaim, ProviderCall, ProviderProfile } from '../providers/index.js';
import { providerCallFinder } from '../providers/provider-calls.js';
import { isBindingSourceTokenLike, isTokenLike, tokenLikeness } from '../syntax/token-likeness.js';
import { propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import { wordsOf } from '../syntax/words.js';

const options = z.strictObject({
  checkAuthLayerReads: z
    .boolean()
    .default(false)
    .describe('Report reads of IdP authorization claims inside the auth layer too. Off by default: the auth layer\'s mapping code may translate IdP groups into platform roles once. User-editable metadata is reported everywhere regardless.'),
  checkWrites: z.boolean().default(true).describe('Report calls that write roles, groups or role metadata into the provider (`AdminAddUserToGroupCommand`, `setCustomUserClaims`, `users.update` with `app_metadata`).'),
  tokenNames: z.array(z.string()).default([]).describe('Further words that mark an object as a token or claims payload, for one-word claims such as `roles` and `groups`.'),
});

interface ClaimMatcher {
  readonly claim: string;
  readonly match: NonNullable<AuthzClaim['match']>;
  readonly userEditable: boolean;
  /** One-word claims (`roles`, `groups`, `metadata`) count only when read from an evident token or claims object. */
  readonly needsTokenLikeObject: boolean;
  readonly providers: string[];
}

const matcherCache = new WeakMap<readonly ProviderProfile[], { claims: ClaimMatcher[]; writes: { provider: ProviderProfile; call: ProviderCall }[] }>();

function matchersOf(providers: readonly ProviderProfile[]) {
  let cached = matcherCache.get(providers);
  if (cached === undefined) {
    const byKey = new Map<string, ClaimMatcher>();
    for (const provider of providers) {
      for (const { claim, match = 'exact', userEditable } of provider.authzClaims) {
        const key = `${match}:${claim}:${userEditable}`;
        const existing = byKey.get(key);
        if (existing) existing.providers.push(provider.name);
        else byKey.set(key, { claim, match, userEditable, needsTokenLikeObject: match === 'exact' && /^[A-Za-z]+$/.test(claim) && wordsOf(claim).length === 1, providers: [provider.name] });
      }
    }
    cached = { claims: [...byKey.values()], writes: providers.flatMap((provider) => provider.authzWrites.map((call) => ({ provider, call }))) };
    matcherCache.set(providers, cached);
  }
  return cached;
}

function claimMatches(matcher: ClaimMatcher, key: string): boolean {
  if (matcher.match === 'prefix') return key.length > matcher.claim.length && key.startsWith(matcher.claim);
  if (matcher.match === 'suffix') return key.length > matcher.claim.length && key.endsWith(matcher.claim);
  return key === matcher.claim;
}

const providerList = (names: readonly string[]) => (names.length <= 2 ? names.join(' or ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} other providers`);

export const noAuthzFromIdpAttributes = defineRule({
  id: 'no-authz-from-idp-attributes',
  meta: {
    type: 'problem',
    description: 'Reject authorization read from identity-provider attributes and metadata, or written into the identity provider.',
    preset: 'recommended',
    messages: {
      authzRead: '`{{claim}}` is authorization data kept in {{provider}}. Decide access from the platform\'s own authorization data (roles and permissions the platform stores for `{{platformUserId}}`); if IdP groups must seed them, map them once in the auth layer.',
      userEditableRead: '`{{claim}}` is {{provider}} metadata that users can change themselves, so anyone can grant themselves access through it. Never decide access from it: use the platform\'s own authorization data for `{{platformUserId}}`.',
      authzWrite: '`{{callee}}` writes authorization into {{provider}}. Keep roles and permissions in the platform\'s own authorization store, keyed by `{{platformUserId}}`, not in the identity provider.',
    },
    options,
  },
  appliesTo: () => true,
  detect({ ts, sourceFile, config, file, options }) {
    const { claims, writes } = matchersOf(config.providers);
    const likeness = tokenLikeness(options.tokenNames);
    const platformUserId = config.data.platformUserId;
    const inAuthLayer = file.layer === 'auth';
    const finder = options.checkWrites && writes.length > 0 ? providerCallFinder(ts, sourceFile, writes) : undefined;
    const detections: Detection[] = [];
    const reported = new Set<ts.Node>();

    const matcherFor = (key: string, isTokenLikeObject: () => boolean): ClaimMatcher | undefined => {
      for (const matcher of claims) {
        if (!claimMatches(matcher, key)) continue;
        if (inAuthLayer && !matcher.userEditable && !options.checkAuthLayerReads) continue;
        if (matcher.needsTokenLikeObject && !isTokenLikeObject()) continue;
        return matcher;
      }
      return undefined;
    };
    const report = (node: ts.Node, key: string, matcher: ClaimMatcher) => {
      reported.add(node);
      detections.push({
        messageId: matcher.userEditable ? 'userEditableRead' : 'authzRead',
        data: { claim: key, provider: providerList(matcher.providers), platformUserId },
        start: node.getStart(sourceFile),
        end: node.getEnd(),
      });
    };
    /** `claims.app_metadata.roles`: the read of `app_metadata` is reported, not again the `roles` inside it. */
    const readsReported = (object: ts.Expression) => reported.has(unwrapExpression(ts, object));

    // Post-order: inner reads (`claims.app_metadata`) are decided before the reads that contain them.
    const visit = (node: ts.Node): void => {
      ts.forEachChild(node, visit);
      switch (node.kind) {
        case ts.SyntaxKind.StringLiteral:
        case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
          finder?.noteModuleSpecifier(node as ts.StringLiteralLike);
          break;
        case ts.SyntaxKind.CallExpression:
        case ts.SyntaxKind.NewExpression:
          finder?.noteCall(node as ts.CallExpression | ts.NewExpression);
          break;
        case ts.SyntaxKind.PropertyAccessExpression: {
          const access = node as ts.PropertyAccessExpression;
          if (claims.length === 0 || readsReported(access.expression)) break;
          const key = access.name.text;
          const matcher = matcherFor(key, () => isTokenLike(ts, likeness, access.expression, key));
          if (matcher) report(access, key, matcher);
          break;
        }
        case ts.SyntaxKind.ElementAccessExpression: {
          const access = node as ts.ElementAccessExpression;
          if (claims.length === 0 || !ts.isStringLiteralLike(access.argumentExpression) || readsReported(access.expression)) break;
          const key = access.argumentExpression.text;
          const matcher = matcherFor(key, () => isTokenLike(ts, likeness, access.expression, key));
          if (matcher) report(access, key, matcher);
          break;
        }
        case ts.SyntaxKind.BindingElement: {
          const element = node as ts.BindingElement;
          if (claims.length === 0 || !ts.isObjectBindingPattern(element.parent)) break;
          const key = propertyNameText(ts, element.propertyName) ?? (ts.isIdentifier(element.name) ? element.name.text : undefined);
          if (key === undefined) break;
          const matcher = matcherFor(key, () => isBindingSourceTokenLike(ts, likeness, element.parent, key));
          if (matcher) report(element, key, matcher);
          break;
        }
      }
    };
    visit(sourceFile);

    for (const { node, provider, callee } of finder?.matches() ?? []) {
      detections.push({ messageId: 'authzWrite', data: { callee, provider: provider.name, platformUserId }, start: node.getStart(sourceFile), end: node.getEnd() });
    }
    return detections.sort((a, b) => a.start - b.start || a.end - b.end);
  },
});
