import type * as ts from 'typescript';
import { z } from 'zod';
import { defineRule, type Detection } from '../detector.js';
import type { AuthzClaim, ProviderCall, ProviderProfile } from '../providers/index.js';
import { perProviderList } from '../providers/per-provider-list.js';
import { calleeTextPattern, claimTextPattern, providerCallFinder } from '../providers/provider-calls.js';
import { isBindingSourceTokenLike, isTokenLike, tokenLikeness } from '../syntax/token-likeness.js';
import { propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import { wordsOf } from '../syntax/words.js';
import { parentOf } from '../syntax/parent.js';

const options = z.strictObject({
  checkAuthLayerReads: z
    .boolean()
    .default(false)
    .describe(
      "Report reads of IdP authorization claims inside the auth layer too. Off by default: the auth layer's mapping code may translate IdP groups into platform roles once. User-editable metadata is reported everywhere regardless.",
    ),
  checkWrites: z
    .boolean()
    .default(true)
    .describe(
      'Report calls that write roles, groups or role metadata into the provider (`AdminAddUserToGroupCommand`, `setCustomUserClaims`, `users.update` with `app_metadata`).',
    ),
  tokenNames: z
    .array(z.string())
    .default([])
    .describe(
      'Further words that mark an object as a token or claims payload, for one-word claims such as `roles` and `groups`.',
    ),
});

interface ClaimMatcher {
  readonly claim: string;
  readonly match: NonNullable<AuthzClaim['match']>;
  readonly userEditable: boolean;
  /** One-word claims (`roles`, `groups`, `metadata`) count only when read from an evident token or claims object. */
  readonly needsTokenLikeObject: boolean;
  readonly providers: string[];
}

const matchersOf = perProviderList((providers) => {
  const byKey = new Map<string, ClaimMatcher>();
  for (const provider of providers) {
    for (const { claim, match = 'exact', userEditable, tokenOnly = false } of provider.authzClaims) {
      const needsTokenLikeObject =
        tokenOnly || (match === 'exact' && /^[A-Za-z]+$/.test(claim) && wordsOf(claim).length === 1);
      const key = `${match}:${claim}:${userEditable}:${needsTokenLikeObject}`;
      const existing = byKey.get(key);
      if (existing) existing.providers.push(provider.name);
      else byKey.set(key, { claim, match, userEditable, needsTokenLikeObject, providers: [provider.name] });
    }
  }
  const claims = [...byKey.values()];
  const writes: { provider: ProviderProfile; call: ProviderCall }[] = providers.flatMap((provider) =>
    provider.authzWrites.map((call) => ({ provider, call })),
  );
  const readCalls: { provider: ProviderProfile; call: ProviderCall }[] = providers.flatMap((provider) =>
    (provider.authzReadCalls ?? []).map((call) => ({ provider, call })),
  );
  return {
    claims,
    writes,
    readCalls,
    readCallSet: new Set(readCalls.map(({ call }) => call)),
    claimText: claimTextPattern(claims),
    writeText: calleeTextPattern(writes),
    readCallText: calleeTextPattern(readCalls),
  };
});

function claimMatches(matcher: ClaimMatcher, key: string): boolean {
  if (matcher.match === 'prefix') return key.length > matcher.claim.length && key.startsWith(matcher.claim);
  if (matcher.match === 'suffix') return key.length > matcher.claim.length && key.endsWith(matcher.claim);
  return key === matcher.claim;
}

/** Words of metadata keys that carry authorization: `role`, `isAdmin`, `permissions`, `plan`, `tier`. */
const AUTHZ_WORDS = new Set([
  'role',
  'roles',
  'admin',
  'admins',
  'administrator',
  'permission',
  'permissions',
  'perm',
  'perms',
  'group',
  'groups',
  'scope',
  'scopes',
  'access',
  'plan',
  'plans',
  'tier',
  'subscription',
  'entitlement',
  'entitlements',
  'feature',
  'features',
  'privilege',
  'privileges',
  'superuser',
  'staff',
  'moderator',
  'owner',
  'rights',
  'approved',
  'allowed',
  'banned',
  'tenant',
  'tenants',
  'org',
  'organization',
]);

/** Words of a callee or its receiver that log: `console.log`, `logger.info`, `logRoleChange`, `auditLog.write`. */
const LOG_WORDS = new Set(['console', 'log', 'logger', 'logging', 'audit', 'debug', 'trace']);
/** JSX attributes that only shape what is shown. */
const DISPLAY_ATTRIBUTES = new Set([
  'className',
  'class',
  'style',
  'title',
  'alt',
  'aria-label',
  'placeholder',
  'label',
  'variant',
  'color',
]);

/** Words of the role-like claims an Auth.js callback copies (`access_token`, `scope` and `tenant` are no roles). */
const ROLE_WORDS = new Set(['role', 'roles', 'group', 'groups', 'permission', 'permissions', 'admin']);
const hasAuthzWord = (name: string) => wordsOf(name).some((word) => ROLE_WORDS.has(word));
/** Text of an Auth.js callback that may copy roles: `jwt(` / `session(` beside a role-like word. */
const AUTHJS_CALLBACK_TEXT = /\b(?:jwt|session)\b[\s\S]*\b(?:roles?|groups|permissions)\b/;

/** A metadata container (`user_metadata`, `publicMetadata`, Ory `traits`) also holds profile data such as names. */
const isMetadataContainer = (claim: string) => claim === 'traits' || wordsOf(claim).includes('metadata');

const providerList = (names: readonly string[]) =>
  names.length <= 2 ? names.join(' or ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} other providers`;

export const noAuthzFromIdpAttributes = defineRule({
  id: 'no-authz-from-idp-attributes',
  meta: {
    type: 'problem',
    description:
      'Reject authorization read from identity-provider attributes and metadata, or written into the identity provider.',
    preset: 'recommended',
    messages: {
      authzRead:
        "`{{claim}}` is authorization data kept in {{provider}}. Decide access from the platform's own authorization data (roles and permissions the platform stores for `{{platformUserId}}`); if IdP groups must seed them, map them once in the auth layer.",
      userEditableRead:
        "`{{claim}}` is {{provider}} metadata that users can change themselves, so anyone can grant themselves access through it. Never decide access from it: use the platform's own authorization data for `{{platformUserId}}`.",
      authzWrite:
        "`{{callee}}` writes authorization into {{provider}}. Keep roles and permissions in the platform's own authorization store, keyed by `{{platformUserId}}`, not in the identity provider.",
    },
    options,
  },
  appliesTo: () => true,
  create({ ts, sourceFile, config, file, options }) {
    const { claims, writes, readCalls, readCallSet, claimText, writeText, readCallText } = matchersOf(config.providers);
    const detections: Detection[] = [];
    const inAuthLayer = file.layer === 'auth';
    // Most files name none of the claims and calls: one text scan instead of a walk of the tree.
    const mayRead = claimText?.test(sourceFile.text) ?? false;
    const mayWrite = options.checkWrites && (writeText?.test(sourceFile.text) ?? false);
    const mayCallRead = (!inAuthLayer || options.checkAuthLayerReads) && (readCallText?.test(sourceFile.text) ?? false);
    const authjsConfigured = config.providers.some((provider) => provider.id === 'authjs');
    if (!mayRead && !mayWrite && !mayCallRead && !(authjsConfigured && AUTHJS_CALLBACK_TEXT.test(sourceFile.text)))
      return null;
    const likeness = tokenLikeness(options.tokenNames);
    const platformUserId = config.data.platformUserId;
    const finder =
      mayWrite || mayCallRead
        ? providerCallFinder(ts, sourceFile, [...(mayWrite ? writes : []), ...(mayCallRead ? readCalls : [])])
        : undefined;
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
    /**
     * The keys read from a metadata container: `meta.role`, `meta['plan']`, `const { name } = meta`, and through
     * one local variable (`const meta = user.user_metadata || {}; meta.name`). Undefined when the value goes
     * anywhere else (passed, returned, spread), so nothing can be said about what it is used for.
     */
    const keysReadFrom = (node: ts.Node): string[] | undefined => {
      let value = node;
      while (
        parentOf(value) !== undefined &&
        (ts.isParenthesizedExpression(value.parent) ||
          ts.isNonNullExpression(value.parent) ||
          ts.isAsExpression(value.parent) ||
          ts.isSatisfiesExpression(value.parent) ||
          (ts.isBinaryExpression(value.parent) &&
            value.parent.left === value &&
            (value.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
              value.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)))
      )
        value = value.parent;
      const parent = parentOf(value);
      if (parent === undefined) return undefined;
      // `metadata.public.role` (Clerk's session claim nests publicMetadata): every name of the chain counts.
      if (ts.isPropertyAccessExpression(parent) && parent.expression === value) return memberChainFrom(parent);
      if (ts.isElementAccessExpression(parent) && parent.expression === value)
        return ts.isStringLiteralLike(parent.argumentExpression) ? [parent.argumentExpression.text] : undefined;
      const binding = ts.isBindingElement(node)
        ? node.name
        : ts.isVariableDeclaration(parent) && parent.initializer === value
          ? parent.name
          : undefined;
      if (binding === undefined) return undefined;
      if (ts.isObjectBindingPattern(binding))
        return binding.elements
          .map(
            (element) =>
              propertyNameText(ts, element.propertyName) ?? (ts.isIdentifier(element.name) ? element.name.text : ''),
          )
          .filter((key) => key !== '');
      return ts.isIdentifier(binding) ? keysReadThrough(binding) : undefined;
    };
    const memberChainFrom = (access: ts.PropertyAccessExpression): string[] => {
      const names = [access.name.text];
      let current: ts.Node = access;
      while (
        parentOf(current) !== undefined &&
        (ts.isNonNullExpression(current.parent) ||
          (ts.isPropertyAccessExpression(current.parent) && current.parent.expression === current))
      ) {
        current = current.parent;
        if (ts.isPropertyAccessExpression(current)) names.push(current.name.text);
      }
      return names;
    };
    const keysReadThrough = (name: ts.Identifier): string[] | undefined => {
      let scope: ts.Node = name;
      while (parentOf(scope) !== undefined && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope))
        scope = scope.parent;
      const keys: string[] = [];
      // Set inside `visit`: widened, because TypeScript's narrowing does not see assignments in callbacks.
      let unknownUse = false as boolean;
      const visit = (node: ts.Node): void => {
        if (unknownUse) return;
        if (ts.isIdentifier(node) && node.text === name.text && node !== name) {
          const parent = node.parent;
          if (ts.isPropertyAccessExpression(parent) && parent.expression === node) keys.push(parent.name.text);
          else if (
            ts.isElementAccessExpression(parent) &&
            parent.expression === node &&
            ts.isStringLiteralLike(parent.argumentExpression)
          )
            keys.push(parent.argumentExpression.text);
          else if (
            ts.isVariableDeclaration(parent) &&
            parent.initializer === node &&
            ts.isObjectBindingPattern(parent.name)
          )
            keys.push(...(keysReadFrom(node) ?? []));
          else unknownUse = true;
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(scope);
      return unknownUse ? undefined : keys;
    };
    /** Profile reads (`user_metadata.display_name`) are not authorization; only keys that carry it are reported. */
    const readsOnlyProfileData = (node: ts.Node, matcher: ClaimMatcher) => {
      if (!isMetadataContainer(matcher.claim)) return false;
      const keys = keysReadFrom(node);
      return (
        keys !== undefined &&
        keys.length > 0 &&
        keys.every((key) => !wordsOf(key).some((word) => AUTHZ_WORDS.has(word)))
      );
    };

    /**
     * A read whose value is only shown (JSX text, a label or class name chosen from it), logged (an argument of
     * `console.*`, a logger or an audit-log call, also through a template or an object literal), or compared
     * with its new value to decide whether to log a change: it decides nothing. Followed through `const` names
     * and React state (`setRole(u.app_metadata.role)` then `{role === 'admin' ? 'Admin' : 'User'}`). A comparison
     * that guards anything else, `&&` rendering, a `switch`, `includes()`, a return or any other use is a decision.
     * A user-editable container handed on whole (`JSON.stringify(user.unsafeMetadata)`, `{ metadata:
     * user.user_metadata }` in a data export) reads no attribute: it is the user's own profile data moving.
     */
    const isShownLoggedOrExported = (node: ts.Node, matcher: ClaimMatcher): boolean => {
      if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return false;
      let value: ts.Expression = node;
      while (ts.isPropertyAccessExpression(value.parent) && value.parent.expression === value) value = value.parent;
      if (value === node && matcher.userEditable && isMetadataContainer(matcher.claim)) {
        const holder = outerValue(value).parent;
        if (ts.isPropertyAssignment(holder) || (ts.isCallExpression(holder) && isJsonStringify(holder))) return true;
      }
      return isHarmlessUse(value, 0);
    };
    /** Climbs parentheses, assertions and a default (`x.role || 'user'`, `x.role ?? null`). */
    const outerValue = (expression: ts.Expression): ts.Expression => {
      let value = expression;
      for (;;) {
        const parent = value.parent;
        const isDefault =
          ts.isBinaryExpression(parent) &&
          parent.left === value &&
          (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
            parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken);
        const isWrapper =
          ts.isParenthesizedExpression(parent) ||
          ts.isNonNullExpression(parent) ||
          ts.isAsExpression(parent) ||
          ts.isSatisfiesExpression(parent);
        if (isWrapper || isDefault) value = parent;
        else return value;
      }
    };
    const K = ts.SyntaxKind;
    const COMPARISONS = new Set([
      K.EqualsEqualsEqualsToken,
      K.ExclamationEqualsEqualsToken,
      K.EqualsEqualsToken,
      K.ExclamationEqualsToken,
    ]);
    const isComparisonOperator = (kind: ts.SyntaxKind) => COMPARISONS.has(kind);
    const isJsonStringify = (call: ts.CallExpression) => call.expression.getText(sourceFile) === 'JSON.stringify';
    const isLogCall = (call: ts.CallExpression): boolean => {
      const callee = unwrapExpression(ts, call.expression);
      const words = ts.isPropertyAccessExpression(callee)
        ? [...wordsOf(callee.expression.getText(sourceFile)), ...wordsOf(callee.name.text)]
        : ts.isIdentifier(callee)
          ? wordsOf(callee.text)
          : [];
      return words.some((word) => LOG_WORDS.has(word));
    };
    const isLabel = (branch: ts.Expression): boolean => {
      const node = unwrapExpression(ts, branch);
      if (ts.isConditionalExpression(node)) return isLabel(node.whenTrue) && isLabel(node.whenFalse);
      const isText = ts.isStringLiteralLike(node) || ts.isTemplateExpression(node) || ts.isNumericLiteral(node);
      return isText || node.kind === ts.SyntaxKind.NullKeyword;
    };
    const isHarmlessUse = (expression: ts.Expression, depth: number): boolean => {
      if (depth > 4) return false;
      const value = outerValue(expression);
      const parent = value.parent;
      // `{role}` as JSX text, `className={…}` / `title={…}`: shown.
      if (ts.isJsxExpression(parent)) {
        const holder = parent.parent;
        if (ts.isJsxAttribute(holder)) return DISPLAY_ATTRIBUTES.has(holder.name.getText(sourceFile));
        return ts.isJsxElement(holder) || ts.isJsxFragment(holder);
      }
      if (ts.isTemplateSpan(parent)) return isHarmlessUse(parent.parent, depth + 1);
      if (ts.isCallExpression(parent)) {
        if (parent.expression === value) return false;
        if (isLogCall(parent)) return true;
        // `setRole(u.app_metadata.role)`: what the component does with the state.
        const state = stateOfSetter(parent);
        return state !== undefined && usesAreHarmless(state, depth);
      }
      if (ts.isPropertyAssignment(parent) && parent.initializer === value) {
        return isHarmlessUse(parent.parent, depth + 1);
      }
      if (ts.isObjectLiteralExpression(value) || ts.isTemplateExpression(value)) return false;
      // `role === 'admin' ? 'Admin' : 'User'`: a label chosen from it.
      if (ts.isBinaryExpression(parent) && isComparisonOperator(parent.operatorToken.kind)) {
        const comparison = outerValue(parent);
        const use = comparison.parent;
        if (ts.isConditionalExpression(use) && use.condition === comparison) {
          return isLabel(use.whenTrue) && isLabel(use.whenFalse) && isHarmlessUse(use, depth + 1);
        }
        // `if (currentRole !== role) logRoleChange(…)`: change detection for an audit log.
        if (ts.isIfStatement(use) && use.expression === comparison) {
          return use.elseStatement === undefined && logsOnly(use.thenStatement);
        }
        if (ts.isVariableDeclaration(use) && use.initializer === comparison && ts.isIdentifier(use.name)) {
          return usesAreHarmless(use.name, depth);
        }
        return false;
      }
      if (ts.isConditionalExpression(parent) && parent.condition === value) {
        return isLabel(parent.whenTrue) && isLabel(parent.whenFalse) && isHarmlessUse(parent, depth + 1);
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === value && ts.isIdentifier(parent.name)) {
        return usesAreHarmless(parent.name, depth);
      }
      return false;
    };
    const logsOnly = (statement: ts.Statement): boolean => {
      const statements = ts.isBlock(statement) ? statement.statements : [statement];
      return (
        statements.length > 0 &&
        statements.every((each) => {
          if (!ts.isExpressionStatement(each)) return false;
          const call = unwrapExpression(ts, each.expression);
          return ts.isCallExpression(call) && isLogCall(call);
        })
      );
    };
    /** `const [role, setRole] = useState(…)`: the state a setter call writes. */
    const stateOfSetter = (call: ts.CallExpression): ts.Identifier | undefined => {
      const callee = call.expression;
      if (!ts.isIdentifier(callee) || !/^set[A-Z]/.test(callee.text)) return undefined;
      for (let scope = parentOf(call); scope !== undefined; scope = parentOf(scope)) {
        if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
        for (const statement of scope.statements) {
          if (!ts.isVariableStatement(statement)) continue;
          for (const declaration of statement.declarationList.declarations) {
            const pattern = declaration.name;
            if (!ts.isArrayBindingPattern(pattern) || pattern.elements.length !== 2) continue;
            const [state, setter] = pattern.elements;
            if (state === undefined || setter === undefined) continue;
            if (ts.isOmittedExpression(state) || ts.isOmittedExpression(setter)) continue;
            const setsThis = ts.isIdentifier(setter.name) && setter.name.text === callee.text;
            if (setsThis && ts.isIdentifier(state.name)) return state.name;
          }
        }
      }
      return undefined;
    };
    /** Every use of a local name, in the function (or file) that declares it, is harmless. */
    const usesAreHarmless = (name: ts.Identifier, depth: number): boolean => {
      let scope: ts.Node = name;
      while (!ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
      const uses: ts.Identifier[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && node.text === name.text && node !== name && isValueUse(node)) uses.push(node);
        ts.forEachChild(node, visit);
      };
      visit(scope);
      return uses.length > 0 && uses.every((use) => isHarmlessUse(use, depth + 1));
    };
    const isValueUse = (identifier: ts.Identifier): boolean => {
      const parent = identifier.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
      const named = ts.isPropertyAssignment(parent) || ts.isBindingElement(parent) || ts.isJsxAttribute(parent);
      if (named && parent.name === identifier) return false;
      return !(ts.isBindingElement(parent) && parent.propertyName === identifier);
    };

    const report = (node: ts.Node, key: string, matcher: ClaimMatcher) => {
      if (readsOnlyProfileData(node, matcher) || isShownLoggedOrExported(node, matcher)) return;
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

    /**
     * Auth.js `jwt` / `session` callbacks that copy the provider's roles into the token or session as they are
     * (`token.roles = profile.roles`, `session.user.roles = token.roles`): the provider's authorization handed
     * to the whole application, in the auth layer too (a mapping to platform roles reads them and writes others).
     */
    const copiesAuthjsRoles = authjsConfigured && /\b(?:jwt|session)\b/.test(sourceFile.text);
    const onAssignment = (node: ts.Node) => {
      const assignment = node as ts.BinaryExpression;
      if (
        assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
        !ts.isPropertyAccessExpression(assignment.left)
      )
        return;
      const target = assignment.left;
      if (!hasAuthzWord(target.name.text) || !isTokenLike(ts, likeness, target.expression, target.name.text)) return;
      let value = unwrapExpression(ts, assignment.right);
      while (
        ts.isBinaryExpression(value) &&
        (value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          value.operatorToken.kind === ts.SyntaxKind.BarBarToken)
      )
        value = unwrapExpression(ts, value.left);
      const key = ts.isPropertyAccessExpression(value)
        ? value.name.text
        : ts.isElementAccessExpression(value) && ts.isStringLiteralLike(value.argumentExpression)
          ? value.argumentExpression.text
          : undefined;
      if (key === undefined || !hasAuthzWord(key) || reported.has(value) || !isInAuthjsCallback(assignment)) return;
      reported.add(value);
      detections.push({
        messageId: 'authzRead',
        data: { claim: key, provider: 'Auth.js', platformUserId },
        start: value.getStart(sourceFile),
        end: value.getEnd(),
      });
    };
    const isInAuthjsCallback = (node: ts.Node) => {
      for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
        if (!ts.isFunctionLike(current)) continue;
        const name =
          ts.isMethodDeclaration(current) || ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)
            ? current.name
            : ts.isPropertyAssignment(current.parent)
              ? current.parent.name
              : undefined;
        return name !== undefined && ts.isIdentifier(name) && (name.text === 'jwt' || name.text === 'session');
      }
      return false;
    };

    const { SyntaxKind } = ts;
    // Module specifiers and calls matter only when the file may write authorization into the provider.
    const noteSpecifier = (node: ts.Node) => finder?.noteModuleSpecifier(node as ts.StringLiteralLike);
    const noteCall = (node: ts.Node) => finder?.noteCall(node as ts.CallExpression | ts.NewExpression);
    const writeListeners =
      finder === undefined
        ? {}
        : {
            [SyntaxKind.StringLiteral]: noteSpecifier,
            [SyntaxKind.NoSubstitutionTemplateLiteral]: noteSpecifier,
            [SyntaxKind.CallExpression]: noteCall,
            [SyntaxKind.NewExpression]: noteCall,
          };
    return {
      // Children before parents: inner reads (`claims.app_metadata`) are decided before the reads that contain them.
      exit: {
        ...writeListeners,
        ...(copiesAuthjsRoles ? { [SyntaxKind.BinaryExpression]: onAssignment } : {}),
        [SyntaxKind.PropertyAccessExpression]: (node) => {
          const access = node as ts.PropertyAccessExpression;
          if (claims.length === 0 || readsReported(access.expression)) return;
          const key = access.name.text;
          const matcher = matcherFor(key, () => isTokenLike(ts, likeness, access.expression, key));
          if (matcher) report(access, key, matcher);
        },
        [SyntaxKind.ElementAccessExpression]: (node) => {
          const access = node as ts.ElementAccessExpression;
          if (
            claims.length === 0 ||
            !ts.isStringLiteralLike(access.argumentExpression) ||
            readsReported(access.expression)
          )
            return;
          const key = access.argumentExpression.text;
          const matcher = matcherFor(key, () => isTokenLike(ts, likeness, access.expression, key));
          if (matcher) report(access, key, matcher);
        },
        [SyntaxKind.BindingElement]: (node) => {
          const element = node as ts.BindingElement;
          if (claims.length === 0 || !ts.isObjectBindingPattern(element.parent)) return;
          const key =
            propertyNameText(ts, element.propertyName) ??
            (ts.isIdentifier(element.name) ? element.name.text : undefined);
          if (key === undefined) return;
          const matcher = matcherFor(key, () => isBindingSourceTokenLike(ts, likeness, element.parent, key));
          if (matcher) report(element, key, matcher);
        },
      },
      finish() {
        for (const { node, provider, call, callee } of finder?.matches() ?? []) {
          const reported: Pick<Detection, 'messageId' | 'data'> = readCallSet.has(call)
            ? { messageId: 'authzRead', data: { claim: `${callee}()`, provider: provider.name, platformUserId } }
            : { messageId: 'authzWrite', data: { callee, provider: provider.name, platformUserId } };
          detections.push({ ...reported, start: node.getStart(sourceFile), end: node.getEnd() });
        }
        return detections.sort((a, b) => a.start - b.start || a.end - b.end);
      },
    };
  },
});
