import type * as ts from 'typescript';
import { z } from 'zod';
import { defineRule, type Detection } from '../detector.js';
import { perProviderList } from '../providers/per-provider-list.js';
import { isModuleOrSubpath, moduleReferenceOf } from '../syntax/module-imports.js';

const options = z.strictObject({
  checkTypeImports: z
    .boolean()
    .default(true)
    .describe(
      'Report type-only imports and re-exports too (`import type { User } from "@clerk/backend"`): provider types outside the auth layer couple code to the provider as much as values do.',
    ),
  dataClientModules: z
    .array(z.string())
    .default(['@supabase/supabase-js', '@supabase/ssr'])
    .describe(
      'SDK modules whose client is also the database client: reported only in files that use its `auth` API (`supabase.auth.getUser()`) or import its identity types (`User`, `Session`).',
    ),
  allowedModules: z
    .array(z.string())
    .default([])
    .describe(
      'SDK modules (and their subpaths) that may be imported outside the auth layer, e.g. `["@clerk/nextjs"]` for sign-in UI components.',
    ),
});

/** Identity types of data-client SDKs (Supabase's `User`, `Session`, `AuthError`). */
export const IDENTITY_TYPES: ReadonlySet<string> = new Set([
  'User',
  'Session',
  'AuthError',
  'AuthChangeEvent',
  'UserAttributes',
  'UserMetadata',
  'AuthUser',
  'AuthSession',
]);

/**
 * Methods of a data client's identity API (Supabase's `auth`: supabase/auth-js `GoTrueClient`, and
 * its `admin` and `mfa` namespaces). `req.auth`, `ctx.auth` or `session.auth` of other libraries are
 * not followed by one of them.
 */
const AUTH_API =
  /\.\s*auth\s*\.\s*(?:admin|mfa|getUser|getSession|getClaims|getUserIdentities|sign[A-Z]\w*|signOut|signUp|setSession|refreshSession|exchangeCodeForSession|verifyOtp|updateUser|resetPasswordForEmail|onAuthStateChange|resend|reauthenticate|linkIdentity|unlinkIdentity|startAutoRefresh|stopAutoRefresh)\b/;

/** Whether a file's text calls a data client's identity API (`supabase.auth.getUser()`), found by a text scan. */
export function reachesAuthApi(text: string): boolean {
  return AUTH_API.test(text);
}

/** A character of `\w`: a letter, a digit or `_`. */
const isWordCharacter = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;

/**
 * Whether `text` matches `/\bword\s*\(/` (`word` a word of `\w` characters): each occurrence found
 * with `indexOf` is checked, which is far cheaper than the regular expression's scan of the whole
 * text (it has no literal prefix to search for, so it tries every position).
 */
function callsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (at > 0 && isWordCharacter(text.charCodeAt(at - 1))) continue;
    let next = at + word.length;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    if (text.charCodeAt(next) === 40) return true;
  }
  return false;
}

/**
 * What the gate looks for in a file's text: a set of words one of which every SDK module's name
 * holds, as few as the modules allow. A module whose name holds another module's
 * (`@auth0/nextjs-auth0` holds `auth0`) needs no search of its own, and the modules of one npm scope
 * are looked for by what their names have in common (`@clerk/`, `@azure/msal-`): one search instead
 * of each. A file whose text has none of the words names no SDK module; one that has a word gets the
 * rule's own walk, which decides. For Cognito and Auth0, 7 searches of each file instead of 12; for
 * every provider, 29 instead of 70.
 */
export const gateWordsOf = perProviderList((providers) => {
  const modules = [...new Set(providers.flatMap((provider) => provider.sdkModules.map(({ module }) => module)))];
  const scopes = new Map<string, string[]>();
  for (const module of modules) {
    if (!module.startsWith('@')) continue;
    const scope = module.slice(0, module.indexOf('/') + 1);
    scopes.set(scope, [...(scopes.get(scope) ?? []), module]);
  }
  // The modules of a scope by what they have in common (`@azure/msal-`, not every `@azure/` package).
  const wordOf = (module: string): string => {
    const inScope = module.startsWith('@') ? scopes.get(module.slice(0, module.indexOf('/') + 1)) : undefined;
    return inScope === undefined || inScope.length === 1 ? module : commonPrefixOf(inScope);
  };
  const words = [...new Set(modules.map(wordOf))];
  return words.filter((word) => !words.some((other) => other !== word && word.includes(other)));
});

function commonPrefixOf(texts: readonly string[]): string {
  let prefix = texts[0]!;
  for (const text of texts) while (!text.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Every SDK module of the configured providers, longest first so subpaths find their own package. */
const sdkModulesOf = perProviderList((providers) =>
  providers
    .flatMap((provider) => provider.sdkModules.map(({ module }) => ({ module, provider: provider.name })))
    .sort((a, b) => b.module.length - a.module.length),
);

export const noProviderSdkOutsideAuth = defineRule({
  id: 'no-provider-sdk-outside-auth',
  meta: {
    type: 'problem',
    description: 'Reject imports, re-exports and requires of identity-provider SDKs outside the auth layer.',
    preset: 'recommended',
    messages: {
      sdkImport:
        "`{{module}}` is an SDK of {{provider}}; only the auth layer may depend on it. Depend on the auth layer's own interface here (the authenticated user and its `{{platformUserId}}`), so that the provider stays replaceable.",
    },
    options,
  },
  appliesTo: (file) => file.layer !== 'auth',
  // An SDK import names its module in the text, unless an escape spells it (`'\x40clerk/nextjs'`).
  gate: ({ sourceFile, config }) =>
    sourceFile.text.includes('\\') || gateWordsOf(config.providers).some((word) => sourceFile.text.includes(word)),
  detect({ ts, sourceFile, config, options }) {
    const modules = sdkModulesOf(config.providers);
    const detections: Detection[] = [];
    if (modules.length === 0) return detections;
    const platformUserId = config.data.platformUserId;
    /** Imports of data-client modules, kept until the walk has seen whether the file touches their `auth` API. */
    const dataClientImports: Detection[] = [];
    // Set inside `visit`: widened, because TypeScript's narrowing does not see assignments in callbacks.
    let usesIdentitySurface = false as boolean;

    /** `require(…)` and `import(…)` can sit anywhere; without them, module references are top-level statements. */
    const referencesOnlyAtTop = !callsWord(sourceFile.text, 'require') && !callsWord(sourceFile.text, 'import');
    /** A string literal that may be a module reference: reported when it brings an SDK in. */
    const judgeLiteral = (node: ts.StringLiteralLike): void => {
      const reference = moduleReferenceOf(ts, node);
      if (reference === undefined || (reference.typeOnly && !options.checkTypeImports)) return;
      if (options.allowedModules.some((allowed) => isModuleOrSubpath(reference.specifier, allowed))) return;
      const sdk = modules.find(({ module }) => isModuleOrSubpath(reference.specifier, module));
      if (sdk === undefined) return;
      // The whole statement (or call, or `import('…')` type) that brings the SDK in, so a suppression
      // comment sits above it: the specifier's parent, except under `import x = require(…)` and
      // `typeof import(…)`, where the specifier sits in a node of its own.
      const statement =
        ts.isExternalModuleReference(node.parent) || reference.kind === 'import-type'
          ? node.parent.parent
          : node.parent;
      const detection = {
        messageId: 'sdkImport',
        data: { module: reference.specifier, provider: sdk.provider, platformUserId },
        start: statement.getStart(sourceFile),
        end: statement.getEnd(),
      };
      if (options.dataClientModules.some((module) => isModuleOrSubpath(reference.specifier, module))) {
        if (importsIdentityTypes(node)) usesIdentitySurface = true;
        dataClientImports.push(detection);
      } else detections.push(detection);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node)) judgeLiteral(node);
      else ts.forEachChild(node, visit);
    };
    /** `import type { User, Session } from '@supabase/supabase-js'`: the identity model, not the database. */
    const importsIdentityTypes = (literal: ts.StringLiteralLike) => {
      const bindings = ts.isImportDeclaration(literal.parent) ? literal.parent.importClause?.namedBindings : undefined;
      return (
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.some((element) => IDENTITY_TYPES.has((element.propertyName ?? element.name).text))
      );
    };
    if (referencesOnlyAtTop) {
      // The module references are the specifiers of top-level imports, re-exports and `import x = require(…)`.
      for (const statement of sourceFile.statements) {
        const specifier =
          ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
            ? statement.moduleSpecifier
            : ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
              ? statement.moduleReference.expression
              : undefined;
        if (specifier !== undefined && ts.isStringLiteralLike(specifier)) judgeLiteral(specifier);
      }
    } else visit(sourceFile);
    // A text scan rather than a second walk.
    if (dataClientImports.length > 0 && (usesIdentitySurface || reachesAuthApi(sourceFile.text)))
      detections.push(...dataClientImports);
    return detections.sort((a, b) => a.start - b.start);
  },
});
