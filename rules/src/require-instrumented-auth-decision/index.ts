import type * as ts from 'typescript';
import { z } from 'zod';
import { defineRule, type Detection, type TypeScript } from '../detector.js';
import { calledName, calleeText } from '../syntax/expression-context.js';
import {
  importedBindings,
  importedReferenceOf,
  isExportOf,
  type ImportedBinding,
} from '../syntax/imported-bindings.js';
import { findLocalDeclaration, propertyNameText, unwrapExpression } from '../syntax/unwrap.js';

/** The module whose exports instrument authentication and authorization decisions. */
export const TELEMETRY_MODULE = '@authboundary/telemetry';

/** The wrappers `@authboundary/telemetry` exports: a decision made inside one of them is recorded. */
export const TELEMETRY_WRAPPERS: readonly string[] = [
  'recordAuthentication',
  'recordAuthorization',
  'withAuthentication',
  'withAuthorization',
  'instrumentVerifier',
  'instrumentPolicyCheck',
  'checkTenantBoundary',
  'createJwtVerifier',
  'authenticateBearer',
  'createNodeAuthentication',
  'expressAuthentication',
  'fastifyAuthentication',
];

/** Provider verifier methods: Firebase Admin (`verifyIdToken`, `verifySessionCookie`), Okta JWT Verifier (`verifyAccessToken`, `verifyIdToken`). */
export const PROVIDER_VERIFIER_METHODS: readonly string[] = [
  'verifyIdToken',
  'verifySessionCookie',
  'verifyAccessToken',
];

/** Token verification functions recognised through the file's imports. */
export const IMPORTED_VERIFIERS: readonly (readonly [module: string, exports: readonly string[]])[] = [
  ['jose', ['jwtVerify']],
  ['jsonwebtoken', ['verify']],
  ['@clerk/backend', ['verifyToken']],
];
const VERIFIER_MODULES: readonly string[] = [...IMPORTED_VERIFIERS.map(([module]) => module), 'aws-jwt-verify'];
/** aws-jwt-verify verifier factories: `X.create(…)` returns an object with `verify` / `verifySync`. */
export const AWS_VERIFIER_CLASSES: readonly string[] = ['CognitoJwtVerifier', 'JwtVerifier'];
const AWS_VERIFY_METHODS: readonly string[] = ['verify', 'verifySync'];

const options = z.strictObject({
  wrappers: z
    .array(z.string())
    .default([...TELEMETRY_WRAPPERS])
    .describe(
      'Names of functions that record an auth decision: a verification or policy check made lexically inside a call to one of them (or in a function passed to one) is instrumented. Any function imported from `@authboundary/telemetry` counts as well.',
    ),
  policyChecks: z
    .array(z.string())
    .default([])
    .describe(
      'Names of your policy-check functions, matched against the end of the callee (`"authorize"` matches `authorize(…)` and `policy.authorize(…)`; `"opa.evaluate"` matches `opa.evaluate(…)`).',
    ),
  verifierMethods: z
    .array(z.string())
    .default([...PROVIDER_VERIFIER_METHODS])
    .describe('Method names of provider SDK verifiers, matched on any object (`getAuth().verifyIdToken(…)`).'),
});

/** Whether `expression` is an aws-jwt-verify verifier: `CognitoJwtVerifier.create(…)` or a local name initialised with it. */
function isAwsVerifier(
  ts: TypeScript,
  bindings: ReadonlyMap<string, ImportedBinding>,
  expression: ts.Expression,
): boolean {
  let node = unwrapExpression(ts, expression);
  if (ts.isIdentifier(node)) {
    const declaration = findLocalDeclaration(ts, node);
    if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined)
      return false;
    node = unwrapExpression(ts, declaration.initializer);
  }
  if (
    !ts.isCallExpression(node) ||
    !ts.isPropertyAccessExpression(node.expression) ||
    node.expression.name.text !== 'create'
  )
    return false;
  return isExportOf(
    importedReferenceOf(ts, bindings, node.expression.expression),
    'aws-jwt-verify',
    AWS_VERIFIER_CLASSES,
  );
}

/** The names a function is known by: its own name, or the variable, property or method that holds it. */
function namesOfFunction(ts: TypeScript, fn: ts.SignatureDeclaration): string[] {
  const names: string[] = [];
  if (
    (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) &&
    fn.name !== undefined
  ) {
    const name = propertyNameText(ts, fn.name);
    if (name !== undefined) names.push(name);
  }
  let holder: ts.Node = fn;
  while (
    ts.isParenthesizedExpression(holder.parent) ||
    ts.isAsExpression(holder.parent) ||
    ts.isSatisfiesExpression(holder.parent)
  )
    holder = holder.parent;
  const parent = holder.parent;
  if (
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
    parent.initializer === holder
  ) {
    const name = propertyNameText(ts, parent.name);
    if (name !== undefined) names.push(name);
  }
  return names;
}

interface PendingDecision {
  readonly call: ts.CallExpression;
  readonly messageId: 'uninstrumentedVerification' | 'uninstrumentedPolicyCheck';
}

export const requireInstrumentedAuthDecision = defineRule({
  id: 'require-instrumented-auth-decision',
  meta: {
    type: 'suggestion',
    description:
      'Require token verifications and policy checks to be made through the `@authboundary/telemetry` wrappers, so every auth decision is recorded.',
    preset: 'strict',
    messages: {
      uninstrumentedVerification:
        '`{{call}}` verifies a token outside the telemetry wrappers, so this authentication decision is not recorded. Make it through `@authboundary/telemetry`: `withAuthentication(context, () => {{call}}(…))`, a verifier wrapped with `instrumentVerifier(…)`, or `createJwtVerifier(…)`.',
      uninstrumentedPolicyCheck:
        '`{{call}}` makes an authorization decision outside the telemetry wrappers, so it is not recorded. Make it through `@authboundary/telemetry`: `withAuthorization(context, () => {{call}}(…))` or a check wrapped with `instrumentPolicyCheck(…)`.',
    },
    options,
  },
  appliesTo: () => true,
  detect({ ts, sourceFile, options }) {
    const bindings = importedBindings(ts, sourceFile);
    const wrappers = new Set(options.wrappers);
    const verifierMethods = new Set(options.verifierMethods);
    const policyChecks = options.policyChecks.map((name) => name.replace(/\s+/g, ''));
    const policyCheckNames = new Set(policyChecks.map((name) => name.slice(name.lastIndexOf('.') + 1)));
    // Most files import no verifier and name no verifier method or policy check: no walk needed.
    const importsVerifier = [...bindings.values()].some((binding) => VERIFIER_MODULES.includes(binding.module));
    if (!importsVerifier && ![...verifierMethods, ...policyCheckNames].some((name) => sourceFile.text.includes(name)))
      return [];

    const isWrapperCall = (call: ts.CallExpression): boolean => {
      const callee = unwrapExpression(ts, call.expression);
      const name = calledName(ts, callee);
      if (name !== undefined && wrappers.has(name)) return true;
      // Any export of the telemetry module, whatever its local name: `import { withAuthentication as traced }`, `telemetry.withAuthorization`.
      return importedReferenceOf(ts, bindings, callee)?.module === TELEMETRY_MODULE;
    };

    const decisionOf = (call: ts.CallExpression): PendingDecision['messageId'] | undefined => {
      const callee = unwrapExpression(ts, call.expression);
      const name = calledName(ts, callee);
      if (name === undefined) return undefined;
      const reference = importedReferenceOf(ts, bindings, callee);
      if (IMPORTED_VERIFIERS.some(([module, exports]) => isExportOf(reference, module, exports)))
        return 'uninstrumentedVerification';
      if (ts.isPropertyAccessExpression(callee)) {
        if (verifierMethods.has(name)) return 'uninstrumentedVerification';
        if (AWS_VERIFY_METHODS.includes(name) && isAwsVerifier(ts, bindings, callee.expression))
          return 'uninstrumentedVerification';
      }
      if (policyCheckNames.has(name)) {
        const text = calleeText(sourceFile, callee);
        if (policyChecks.some((check) => text === check || text.endsWith(`.${check}`)))
          return 'uninstrumentedPolicyCheck';
      }
      return undefined;
    };

    const pending: PendingDecision[] = [];
    /** Names of functions handed to a wrapper (`instrumentVerifier(verifyRaw)`, `instrumentPolicyCheck(this.check)`). */
    const wrappedNames = new Set<string>();
    let insideWrapper = 0;

    const visit = (node: ts.Node): void => {
      if (node.kind !== ts.SyntaxKind.CallExpression) {
        ts.forEachChild(node, visit);
        return;
      }
      const call = node as ts.CallExpression;
      if (!isWrapperCall(call)) {
        if (insideWrapper === 0) {
          const messageId = decisionOf(call);
          if (messageId !== undefined) pending.push({ call, messageId });
        }
        ts.forEachChild(node, visit);
        return;
      }
      for (const argument of call.arguments) {
        const value = unwrapExpression(ts, argument);
        if (ts.isIdentifier(value)) wrappedNames.add(value.text);
        else if (ts.isPropertyAccessExpression(value)) wrappedNames.add(value.name.text);
      }
      visit(call.expression);
      insideWrapper += 1;
      call.arguments.forEach(visit);
      insideWrapper -= 1;
    };
    visit(sourceFile);

    const isInWrappedFunction = (call: ts.CallExpression): boolean => {
      for (let node: ts.Node = call.parent; !ts.isSourceFile(node); node = node.parent) {
        if (ts.isFunctionLike(node) && namesOfFunction(ts, node).some((name) => wrappedNames.has(name))) return true;
      }
      return false;
    };

    const detections: Detection[] = [];
    for (const { call, messageId } of pending) {
      if (wrappedNames.size > 0 && isInWrappedFunction(call)) continue;
      detections.push({
        messageId,
        data: { call: calleeText(sourceFile, call.expression) },
        start: call.getStart(sourceFile),
        end: call.getEnd(),
      });
    }
    return detections;
  },
});
