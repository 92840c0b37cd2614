import type * as ts from 'typescript';
import { z } from 'zod';
import { defineRule, type Detection, type TypeScript } from '../detector.js';
import { identifierMatchersOf } from '../providers/identifier-matchers.js';
import { isBindingSourceTokenLike, isTokenLike, tokenLikeness } from '../syntax/token-likeness.js';
import { isModuleSpecifier, propertyNameText } from '../syntax/unwrap.js';
import {
  drizzleAuthUsersColumns,
  prismaProviderIdColumns,
  supabaseTypesProviderIdColumns,
  type SchemaColumn,
} from '../identity/schema-columns.js';
import {
  describeSource,
  identityFlowOf,
  identityIndexListeners,
  identityKindOf,
  identitySourcePattern,
  type IdentityUse,
} from '../identity/identity-flow.js';

/** Listeners of two concerns on the same walk: where both listen to a kind, both run (`first`'s handler first). */
function withListeners(
  first: Readonly<Record<number, (node: ts.Node) => void>> | undefined,
  second: Readonly<Record<number, (node: ts.Node) => void>>,
): Record<number, (node: ts.Node) => void> {
  if (first === undefined) return { ...second };
  const merged: Record<number, (node: ts.Node) => void> = { ...second };
  for (const [key, handler] of Object.entries(first)) {
    const other = merged[Number(key)];
    merged[Number(key)] =
      other === undefined
        ? handler
        : (node) => {
            handler(node);
            other(node);
          };
  }
  return merged;
}

/** How each use reads in messages. */
export const IDENTITY_USE_TEXT: Readonly<Record<IdentityUse, string>> = {
  stored: 'stored',
  filtered: 'used to filter or look up data',
  compared: 'compared',
  passed: 'passed on',
  returned: 'returned to the client',
  metadata: 'put in event or third-party metadata',
};

const options = z.strictObject({
  checkClaimReads: z
    .boolean()
    .default(true)
    .describe(
      'Report identifier claims read from token, claims or session objects (`claims.sub`, `const { sub } = payload`).',
    ),
  checkNames: z.boolean().default(true).describe(
    // eslint-disable-next-line authboundary/no-provider-id-outside-auth -- the description names what the option reports
    'Report declarations, properties, type members and column names that name a provider identifier (`cognitoSub`, `"auth0_user_id"`).',
  ),
  checkLiterals: z
    .boolean()
    .default(true)
    .describe('Report string literals shaped like provider identifiers (`"auth0|…"`, `"user_2a…"`, user pool ids).'),
  checkIdentitySources: z
    .boolean()
    .default(true)
    .describe(
      'Report provider user ids that come from an identity source of the provider (`auth().userId`, `supabase.auth.getUser()` → `data.user.id`) and are stored, filtered, compared, passed on, returned or put in metadata in the same file.',
    ),
  checkSchemaColumns: z
    .boolean()
    .default(true)
    .describe(
      'Report schema columns that hold a provider user id: columns of `.prisma` files named for it or referencing ' +
        'Supabase `auth.users` (scanner only), and generated Supabase types whose foreign key references `auth.users`.',
    ),
  tokenNames: z
    .array(z.string())
    .default([])
    .describe(
      'Further words that mark an object as a token or claims payload, e.g. `["ctx"]` if `ctx.sub` is a claim in your code.',
    ),
});

/** The database name of a column builder call (`"clerk_id"` of `varchar("clerk_id", …).notNull()`), or undefined. */
function columnNameLiteral(ts: TypeScript, initializer: ts.Expression): ts.StringLiteralLike | undefined {
  let current: ts.Expression = initializer;
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current) && !ts.isIdentifier(current.expression)) current = current.expression;
    else break;
  }
  if (!ts.isCallExpression(current)) return undefined;
  const [first] = current.arguments;
  return first !== undefined && ts.isStringLiteralLike(first) ? first : undefined;
}

/** The finding of a schema column (one per column, at its name). */
function columnDetection(column: SchemaColumn, platformUserId: string): Detection {
  const { table, provider, evidence } = column;
  const data = { table, column: column.column, provider, evidence, platformUserId };
  return { messageId: 'providerIdColumn', data, start: column.start, end: column.end };
}

/** Matches identifier-like words inside string literals (column names, SQL text). */
const WORD_PATTERN = /[A-Za-z_$][\w$:]*/g;

export const noProviderIdOutsideAuth = defineRule({
  id: 'no-provider-id-outside-auth',
  meta: {
    type: 'problem',
    description: 'Reject identity-provider user identifiers — claims, names and literals — outside the auth layer.',
    preset: 'recommended',
    messages: {
      claimRead:
        'The claim `{{claim}}` (user identifier of {{provider}}) is read from a token outside the auth layer. Use `{{platformUserId}}` instead: map the provider identity to your own user id once, in the auth layer.',
      identifierName:
        "`{{name}}` names a user identifier of {{provider}} outside the auth layer. Store and pass `{{platformUserId}}` instead; keep the provider id in the auth layer's identity mapping.",
      providerUserId:
        'The {{provider}} user id {{source}} is {{use}} here, outside the auth layer. Map it to `{{platformUserId}}` in the auth layer and use that instead.',
      providerUser:
        'The {{provider}} user object {{source}}, which carries the provider user id, is {{use}} here, outside the auth layer. Hand on `{{platformUserId}}` (mapped in the auth layer) instead.',
      providerIdColumn:
        'The column `{{table}}.{{column}}` holds the {{provider}} user id ({{evidence}}), outside the auth layer. ' +
        "Key your tables by `{{platformUserId}}` and keep the provider id only in the auth layer's identity mapping.",
      identifierValue:
        'This literal has the shape of {{shape}}, an identifier issued by {{provider}}. Outside the auth layer, refer to users by `{{platformUserId}}`, never by a provider identifier.',
    },
    options,
  },
  appliesTo: (file) => file.layer !== 'auth',
  detectSchema({ text, config, options }) {
    if (!options.checkSchemaColumns) return [];
    return prismaProviderIdColumns(text, config.providers).map((column) => ({
      ...columnDetection(column, config.data.platformUserId),
      scope: `model ${column.table}`,
      key: column.column,
    }));
  },
  create({ ts, sourceFile, config, options }) {
    const matchers = identifierMatchersOf(config.providers);
    // Most files hold no provider name, claim, identifier value or identity source at all: one text scan, no listeners.
    const mayName = matchers.mayMatch(sourceFile.text);
    const maySource =
      options.checkIdentitySources && (identitySourcePattern(config.providers)?.test(sourceFile.text) ?? false);
    // The identity flow's index is built in this walk, for this rule and for no-provider-id-flow on the same tree.
    const identityIndex = options.checkIdentitySources
      ? identityIndexListeners(ts, sourceFile, config.providers)
      : null;
    const { text } = sourceFile;
    const mayColumns =
      options.checkSchemaColumns && (text.includes('referencedRelation') || text.includes('.references('));
    if (!mayName && !maySource && !mayColumns && identityIndex === null) return null;
    const likeness = tokenLikeness(options.tokenNames);
    const platformUserId = config.data.platformUserId;
    const detections: Detection[] = [];
    /** Nodes already reported by a more specific check (a claim read's key, a declaration's name). */
    const handled = new Set<ts.Node>();
    /** Declared names of this file: a property access of one of them is reported at its declaration. */
    const declaredNames = new Set<string>();
    const propertyAccesses: { node: ts.Identifier; provider: string }[] = [];

    const report = (node: ts.Node, messageId: string, data: Record<string, string>) => {
      detections.push({
        messageId,
        data: { ...data, platformUserId },
        start: node.getStart(sourceFile),
        end: node.getEnd(),
      });
    };
    const providersOfClaim = (claim: string) => {
      const names = matchers.claimProviders(claim);
      if (names === undefined) return undefined;
      if (names.length <= 2) return names.join(' or ');
      return `${names.slice(0, 2).join(', ')} and ${names.length - 2} other providers`;
    };
    const isNamespacedClaim = (claim: string) => !/^[A-Za-z_$][\w$]*$/.test(claim);

    const checkDeclarationName = (name: ts.Node | undefined) => {
      const text = propertyNameText(ts, name);
      if (name === undefined || text === undefined) return;
      declaredNames.add(text);
      // Only literals are looked up in `handled` (`checkLiteral`): a name that is an identifier is not kept.
      if (ts.isStringLiteralLike(name)) handled.add(name);
      const provider = options.checkNames ? matchers.providerOfName(text) : undefined;
      if (provider) report(name, 'identifierName', { name: text, provider });
    };

    const checkBindingElement = (element: ts.BindingElement) => {
      const key =
        propertyNameText(ts, element.propertyName) ?? (ts.isIdentifier(element.name) ? element.name.text : undefined);
      const provider = key === undefined ? undefined : providersOfClaim(key);
      if (
        options.checkClaimReads &&
        key !== undefined &&
        provider &&
        (isNamespacedClaim(key) || isBindingSourceTokenLike(ts, likeness, element.parent, key))
      ) {
        report(element, 'claimRead', { claim: key, provider });
        if (element.propertyName) handled.add(element.propertyName);
        if (ts.isIdentifier(element.name)) {
          handled.add(element.name);
          declaredNames.add(element.name.text);
        }
        return;
      }
      if (element.propertyName) checkDeclarationName(element.propertyName);
      if (ts.isIdentifier(element.name)) checkDeclarationName(element.name);
    };

    const checkLiteral = (node: ts.StringLiteralLike | ts.TemplateExpression) => {
      if (handled.has(node)) return;
      if (ts.isStringLiteralLike(node) && isModuleSpecifier(ts, node)) return;
      const texts = ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]
        : [node.text];
      if (options.checkLiterals) {
        const value = matchers.valueMatch(texts[0]!, ts.isTemplateExpression(node));
        if (value) {
          report(node, 'identifierValue', value);
          return;
        }
      }
      if (!options.checkNames) return;
      for (const text of texts) {
        if (!matchers.mayNameProvider(text)) continue;
        for (const [word] of text.matchAll(WORD_PATTERN)) {
          const provider = matchers.providerOfName(word);
          if (provider) {
            report(node, 'identifierName', { name: word, provider });
            return;
          }
        }
      }
    };

    const { SyntaxKind } = ts;
    const checkDeclaration = (node: ts.Node) => {
      const name = (node as ts.NamedDeclaration).name;
      if (name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isPrivateIdentifier(name)))
        checkDeclarationName(name);
      // A Drizzle-style column (`clerkId: varchar("clerk_id")`) is one column: reported at its key, not again at its
      // database name.
      if (
        ts.isPropertyAssignment(node) &&
        detections.length > 0 &&
        detections[detections.length - 1]!.start === node.name.getStart(sourceFile)
      ) {
        const columnName = columnNameLiteral(ts, node.initializer);
        if (columnName !== undefined) handled.add(columnName);
      }
    };
    const declarationKinds = [
      SyntaxKind.VariableDeclaration,
      SyntaxKind.Parameter,
      SyntaxKind.PropertyDeclaration,
      SyntaxKind.PropertySignature,
      SyntaxKind.PropertyAssignment,
      SyntaxKind.MethodDeclaration,
      SyntaxKind.MethodSignature,
      SyntaxKind.GetAccessor,
      SyntaxKind.SetAccessor,
      SyntaxKind.FunctionDeclaration,
      SyntaxKind.ClassDeclaration,
      SyntaxKind.InterfaceDeclaration,
      SyntaxKind.TypeAliasDeclaration,
      SyntaxKind.EnumDeclaration,
      SyntaxKind.EnumMember,
      SyntaxKind.ImportSpecifier,
      SyntaxKind.ImportClause,
      SyntaxKind.NamespaceImport,
    ];
    const literal = (node: ts.Node) => checkLiteral(node as ts.StringLiteralLike | ts.TemplateExpression);
    const reportColumns = () => {
      if (!mayColumns) return;
      const reported = new Set(detections.map((detection) => detection.start));
      const columns = [
        ...supabaseTypesProviderIdColumns(ts, sourceFile, config.providers),
        ...drizzleAuthUsersColumns(ts, sourceFile, config.providers),
      ];
      // A column already reported by its name (`clerkId: …`) is one finding.
      for (const column of columns) {
        if (!reported.has(column.start)) detections.push(columnDetection(column, platformUserId));
      }
    };
    const reportIdentityUses = () => {
      if (!maySource) return;
      const lineOf = (offset: number) => sourceFile.getLineAndCharacterOfPosition(offset).line;
      const useLines = new Set<number>();
      for (const use of identityFlowOf(ts, sourceFile, config.providers, { recordUses: true, openOrigins: true })
        .uses) {
        // Sources that depend on the whole project (Auth.js with or without a database adapter) are the scanner's.
        if (use.origin.kind !== 'source' || use.origin.unless !== undefined) continue;
        report(use.node, identityKindOf(use.origin, use.path) === 'id' ? 'providerUserId' : 'providerUser', {
          provider: use.origin.provider,
          source: describeSource(use.origin, use.path),
          use: IDENTITY_USE_TEXT[use.use],
        });
        useLines.add(lineOf(use.node.getStart(sourceFile)));
      }
      // One leak, one finding: a provider-named key or claim read on the line of a tracked use (`where: { workOsUserId:
      // workOsUser.id }`) is the same leak, which the use's message explains better.
      if (useLines.size === 0) return;
      for (let index = detections.length - 1; index >= 0; index--) {
        const detection = detections[index]!;
        if (
          (detection.messageId === 'identifierName' || detection.messageId === 'claimRead') &&
          useLines.has(lineOf(detection.start))
        )
          detections.splice(index, 1);
      }
    };
    if (!mayName) {
      return {
        enter: identityIndex?.enter ?? {},
        finish() {
          identityIndex?.finish();
          reportIdentityUses();
          reportColumns();
          return detections.sort((a, b) => a.start - b.start || a.end - b.end);
        },
      };
    }
    return {
      // Parents before children: a claim read's key or a declaration's name is marked handled before
      // the walk reaches it as a literal.
      enter: withListeners(identityIndex?.enter, {
        [SyntaxKind.PropertyAccessExpression]: (node) => {
          const access = node as ts.PropertyAccessExpression;
          const claim = access.name.text;
          const provider = providersOfClaim(claim);
          if (options.checkClaimReads && provider && isTokenLike(ts, likeness, access.expression, claim)) {
            report(access, 'claimRead', { claim, provider });
            handled.add(access.name);
          } else if (options.checkNames && ts.isIdentifier(access.name)) {
            const nameProvider = matchers.providerOfName(claim);
            if (nameProvider) propertyAccesses.push({ node: access.name, provider: nameProvider });
          }
        },
        [SyntaxKind.ElementAccessExpression]: (node) => {
          const access = node as ts.ElementAccessExpression;
          const key = access.argumentExpression;
          if (!ts.isStringLiteralLike(key)) return;
          const provider = providersOfClaim(key.text);
          if (
            options.checkClaimReads &&
            provider &&
            (isNamespacedClaim(key.text) || isTokenLike(ts, likeness, access.expression, key.text))
          ) {
            report(access, 'claimRead', { claim: key.text, provider });
            handled.add(key);
          }
        },
        [SyntaxKind.BindingElement]: (node) => checkBindingElement(node as ts.BindingElement),
        ...Object.fromEntries(declarationKinds.map((kind) => [kind, checkDeclaration])),
        [SyntaxKind.StringLiteral]: literal,
        [SyntaxKind.NoSubstitutionTemplateLiteral]: literal,
        [SyntaxKind.TemplateExpression]: literal,
      }),
      finish() {
        identityIndex?.finish();
        for (const { node, provider } of propertyAccesses) {
          if (!declaredNames.has(node.text)) report(node, 'identifierName', { name: node.text, provider });
        }
        reportIdentityUses();
        reportColumns();
        return detections.sort((a, b) => a.start - b.start || a.end - b.end);
      },
    };
  },
});
