import type * as ts from 'typescript';
import { z } from 'zod';
import { defineRule, type Detection, type Suggestion, type TypeScript } from '../detector.js';
import { calleeText } from '../syntax/expression-context.js';
import {
  importedBindings,
  importedReferenceOf,
  isExportOf,
  type ImportedBinding,
} from '../syntax/imported-bindings.js';
import { constantNumberOf } from '../syntax/constant-number.js';
import { findLocalDeclaration, propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import { isApplicationSecret, isInWebhookCode, isOwnSymmetricKey, keyTextOf, signingKeyOf } from './token-origin.js';

const options = z.strictObject({
  maxClockToleranceSeconds: z
    .number()
    .nonnegative()
    .default(60)
    .describe(
      'The largest accepted `clockTolerance` (jose, jsonwebtoken) or `graceSeconds` (aws-jwt-verify), in seconds. Numbers are seconds; jose\'s strings such as `"5 minutes"` are parsed.',
    ),
  requireIssuer: z.boolean().default(true).describe('Report verification calls whose options do not set `issuer`.'),
  requireAudience: z
    .boolean()
    .default(true)
    .describe(
      'Report verification calls whose options do not set `audience` (turn off for tokens without `aud`, such as Cognito access tokens verified with jose).',
    ),
});

const JOSE_TIME_SPAN =
  /^(\+|-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
const SECONDS_PER_UNIT: readonly [RegExp, number][] = [
  [/^(seconds?|secs?|s)$/, 1],
  [/^(minutes?|mins?|m)$/, 60],
  [/^(hours?|hrs?|h)$/, 3600],
  [/^(days?|d)$/, 86_400],
  [/^(weeks?|w)$/, 604_800],
  [/^(years?|yrs?|y)$/, 31_557_600],
];

/**
 * Seconds of a jose time span (`"30s"`, `"5 minutes"`, `"2 hrs"`): the grammar of jose's `secs()`
 * (panva/jose src/lib/secs.ts), sign and `ago`/`from now` ignored (a tolerance is a magnitude).
 * Undefined when jose would reject the text.
 */
export function joseTimeSpanSeconds(text: string): number | undefined {
  const match = JOSE_TIME_SPAN.exec(text);
  // jose rejects a sign together with `ago` / `from now`.
  if (match === null || (match[1] !== undefined && match[4] !== undefined)) return undefined;
  const unit = match[3]!.toLowerCase();
  const factor = SECONDS_PER_UNIT.find(([pattern]) => pattern.test(unit))?.[1];
  return factor === undefined ? undefined : Math.round(Number(match[2]) * factor);
}

const SYMMETRIC = /^HS\d+$/i;
const ASYMMETRIC = /^(RS|PS|ES)\d+K?$|^EdDSA$|^Ed25519$|^Ed448$/i;

const VERIFIER_MODULES: readonly string[] = ['jose', 'jsonwebtoken', 'aws-jwt-verify'];

/**
 * The file's imported bindings when it imports a verifier module, else null: verification calls are
 * found through imports, so without jose, jsonwebtoken or aws-jwt-verify no walk is needed.
 */
function verifierBindingsOf(ts: TypeScript, sourceFile: ts.SourceFile): ReadonlyMap<string, ImportedBinding> | null {
  const bindings = importedBindings(ts, sourceFile);
  return [...bindings.values()].some((binding) => VERIFIER_MODULES.includes(binding.module)) ? bindings : null;
}
const AWS_VERIFIER_CLASSES: readonly string[] = ['CognitoJwtVerifier', 'JwtVerifier'];

/**
 * aws-jwt-verify options whose explicit `null` skips a check ("Pass null explicitly to not check …":
 * awslabs/aws-jwt-verify src/cognito-verifier.ts `CognitoVerifyProperties`, src/jwt-verifier.ts `VerifyProperties`).
 */
const AWS_SKIPPED_CHECKS: Readonly<Record<string, { check: string; consequence: string }>> = {
  clientId: { check: 'client id', consequence: 'a token issued to any app client of the user pool passes.' },
  tokenUse: {
    check: 'token use',
    consequence: 'an ID token passes where an access token is expected, and the other way round.',
  },
  audience: { check: 'audience', consequence: 'a token issued for another application passes.' },
};

type VerificationOptions =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'literal'; readonly object: ts.ObjectLiteralExpression };

/**
 * The options object of a verification call, where it can be seen: an object literal in the call,
 * or a local variable initialised with one. Anything else (a parameter, a call, an import) is `unknown`.
 */
function verificationOptionsOf(ts: TypeScript, argument: ts.Expression | undefined): VerificationOptions {
  if (argument === undefined) return { kind: 'absent' };
  const node = unwrapExpression(ts, argument);
  if (ts.isObjectLiteralExpression(node)) return { kind: 'literal', object: node };
  if (ts.isIdentifier(node)) {
    if (node.text === 'undefined') return { kind: 'absent' };
    const declaration = findLocalDeclaration(ts, node);
    const initializer =
      declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined
        ? unwrapExpression(ts, declaration.initializer)
        : undefined;
    if (initializer !== undefined && ts.isObjectLiteralExpression(initializer))
      return { kind: 'literal', object: initializer };
  }
  return { kind: 'unknown' };
}

/** The value of a property, following a shorthand (`{ algorithms }`) to its local declaration. */
function propertyValue(ts: TypeScript, property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return unwrapExpression(ts, property.initializer);
  if (ts.isShorthandPropertyAssignment(property)) {
    const declaration = findLocalDeclaration(ts, property.name);
    if (declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined)
      return unwrapExpression(ts, declaration.initializer);
  }
  return undefined;
}

/** An edit that removes one element of a comma-separated list together with its separating comma. */
function removeListElement(
  sourceFile: ts.SourceFile,
  elements: ts.NodeArray<ts.Node>,
  index: number,
): { start: number; end: number; text: string } {
  const element = elements[index]!;
  const next = elements[index + 1];
  if (next !== undefined) return { start: element.getStart(sourceFile), end: next.getStart(sourceFile), text: '' };
  const previous = elements[index - 1];
  if (previous !== undefined) return { start: previous.getEnd(), end: element.getEnd(), text: '' };
  return { start: element.getStart(sourceFile), end: element.getEnd(), text: '' };
}

export const noInsecureTokenVerification = defineRule({
  id: 'no-insecure-token-verification',
  meta: {
    type: 'problem',
    description:
      'Reject token verification options that switch checks off: the `none` algorithm, HMAC mixed with public-key algorithms, ignored expiry, a large clock tolerance, no issuer or audience.',
    preset: 'recommended',
    messages: {
      algorithmNone:
        '`algorithms` accepts `{{algorithm}}`: unsigned tokens would pass verification. List only the algorithms your issuer signs with (e.g. `RS256`).',
      mixedAlgorithms:
        '`algorithms` mixes the HMAC algorithm `{{symmetric}}` with the public-key algorithm `{{asymmetric}}`: a token signed with the public key as an HMAC secret would pass (algorithm confusion). Verify each issuer with the one family it uses.',
      disabledCheck:
        '`{{option}}: true` switches a token check off. Remove it; if clocks drift, allow a small `clockTolerance` instead.',
      clockTolerance:
        '`{{option}}` of {{value}} ({{seconds}} s) keeps expired tokens valid for longer than {{max}} s. Use at most {{max}} seconds; synchronise the clocks instead.',
      skippedCheck:
        '`{{option}}: null` tells aws-jwt-verify to skip its {{check}} check: {{consequence}} Pass the value you expect.',
      missingClaimCheck:
        '`{{call}}` verifies a token without checking its {{missing}}: a token issued by another tenant, or for another application, would pass. Pass `{{options}}` in the options.',
      removeAlgorithm: 'Remove `{{algorithm}}` from `algorithms`.',
      removeOption: 'Remove `{{option}}: true`.',
      limitClockTolerance: 'Set `{{option}}` to {{max}} seconds.',
    },
    options,
    hasSuggestions: true,
  },
  appliesTo: () => true,
  gate: ({ ts, sourceFile }) => verifierBindingsOf(ts, sourceFile) !== null,
  detect({ ts, sourceFile, file, options }) {
    const bindings = verifierBindingsOf(ts, sourceFile);
    if (bindings === null) return [];
    const detections: Detection[] = [];
    /** Option objects already judged (one variable may be passed to several calls). */
    const judged = new Set<ts.ObjectLiteralExpression>();

    const report = (node: ts.Node, messageId: string, data: Record<string, string>, suggestions?: Suggestion[]) => {
      detections.push({
        messageId,
        data,
        start: node.getStart(sourceFile),
        end: node.getEnd(),
        ...(suggestions ? { suggestions } : {}),
      });
    };

    const checkAlgorithms = (value: ts.Expression) => {
      if (!ts.isArrayLiteralExpression(value)) return;
      const names = value.elements.map((element) => (ts.isStringLiteralLike(element) ? element.text : undefined));
      value.elements.forEach((element, index) => {
        const name = names[index];
        if (name?.toLowerCase() !== 'none') return;
        // Removing `none` only narrows what is accepted; offered when another algorithm remains.
        const suggestions: Suggestion[] =
          value.elements.length > 1
            ? [
                {
                  messageId: 'removeAlgorithm',
                  data: { algorithm: name },
                  edits: [removeListElement(sourceFile, value.elements, index)],
                },
              ]
            : [];
        report(element, 'algorithmNone', { algorithm: name }, suggestions);
      });
      const symmetric = names.find((name) => name !== undefined && SYMMETRIC.test(name));
      const asymmetric = names.find((name) => name !== undefined && ASYMMETRIC.test(name));
      if (symmetric !== undefined && asymmetric !== undefined)
        report(value, 'mixedAlgorithms', { symmetric, asymmetric });
    };

    const checkOptionsObject = (
      object: ts.ObjectLiteralExpression,
      verifier: 'jose-or-jsonwebtoken' | 'aws-jwt-verify',
    ) => {
      object.properties.forEach((property, index) => {
        const name = propertyNameText(ts, property.name);
        const value = propertyValue(ts, property);
        if (name === undefined || value === undefined) return;
        if (name === 'algorithms') checkAlgorithms(value);
        else if (
          (name === 'ignoreExpiration' || name === 'ignoreNotBefore') &&
          value.kind === ts.SyntaxKind.TrueKeyword
        ) {
          // Removing the flag restores the library's default check: the token is judged more strictly, never less.
          report(property, 'disabledCheck', { option: name }, [
            {
              messageId: 'removeOption',
              data: { option: name },
              edits: [removeListElement(sourceFile, object.properties, index)],
            },
          ]);
        } else if (name === 'clockTolerance' || (name === 'graceSeconds' && verifier === 'aws-jwt-verify')) {
          const number = constantNumberOf(ts, value);
          const seconds =
            number !== undefined
              ? Math.abs(number)
              : ts.isStringLiteralLike(value)
                ? joseTimeSpanSeconds(value.text)
                : undefined;
          if (seconds === undefined || seconds <= options.maxClockToleranceSeconds) return;
          const max = String(options.maxClockToleranceSeconds);
          const edits = ts.isPropertyAssignment(property)
            ? [{ start: property.initializer.getStart(sourceFile), end: property.initializer.getEnd(), text: max }]
            : [];
          report(
            property,
            'clockTolerance',
            { option: name, value: value.getText(sourceFile), seconds: String(seconds), max },
            edits.length > 0 ? [{ messageId: 'limitClockTolerance', data: { option: name, max }, edits }] : [],
          );
        } else if (verifier === 'aws-jwt-verify' && value.kind === ts.SyntaxKind.NullKeyword) {
          const skipped = AWS_SKIPPED_CHECKS[name];
          if (skipped !== undefined) report(property, 'skippedCheck', { option: name, ...skipped });
        }
      });
    };

    /** Verifications without `issuer` or `audience`, judged after the walk, when every signing key of the file is known. */
    const unchecked: {
      call: ts.CallExpression;
      key: ts.Expression | undefined;
      missing: string[];
      hmacOnly: boolean;
    }[] = [];
    /** Keys the file signs tokens with (jsonwebtoken `sign`, jose `SignJWT`), as text. */
    const signingKeys = new Set<string>();

    const onVerification = (call: ts.CallExpression, optionsArgument: ts.Expression | undefined) => {
      const seen = verificationOptionsOf(ts, optionsArgument);
      if (seen.kind === 'unknown') return;
      let present = new Set<string>();
      let hasSpread = false;
      if (seen.kind === 'literal') {
        if (!judged.has(seen.object)) {
          judged.add(seen.object);
          checkOptionsObject(seen.object, 'jose-or-jsonwebtoken');
        }
        hasSpread = seen.object.properties.some((property) => ts.isSpreadAssignment(property));
        present = new Set(
          seen.object.properties
            .map((property) => propertyNameText(ts, property.name))
            .filter((name): name is string => name !== undefined),
        );
      }
      // Properties a spread may bring in cannot be seen: no guess.
      if (hasSpread) return;
      const missing = [
        options.requireIssuer && !present.has('issuer') ? 'issuer' : undefined,
        options.requireAudience && !present.has('audience') ? 'audience' : undefined,
      ].filter((name) => name !== undefined);
      if (missing.length > 0)
        unchecked.push({
          call,
          key: call.arguments[1],
          missing,
          hmacOnly: seen.kind === 'literal' && acceptsHmacOnly(seen.object),
        });
    };

    /**
     * Issuer and audience tell one issuer's identity tokens from another's. They are not demanded of
     * tokens the application issues to itself (the file signs with the same key, or the key is the
     * application's own secret) nor of webhook JWTs, which authenticate their sender by its key.
     */
    const isIdentityToken = (call: ts.CallExpression, key: ts.Expression | undefined, hmacOnly: boolean) =>
      !(
        key !== undefined &&
        (signingKeys.has(keyTextOf(sourceFile, unwrapExpression(ts, key))) ||
          isApplicationSecret(ts, key) ||
          (hmacOnly && isOwnSymmetricKey(ts, key)))
      ) && !isInWebhookCode(ts, file.path, call);
    /** `algorithms` lists HMAC algorithms only: the key is a shared secret. */
    const acceptsHmacOnly = (object: ts.ObjectLiteralExpression) => {
      const property = object.properties.find((candidate) => propertyNameText(ts, candidate.name) === 'algorithms');
      const value = property === undefined ? undefined : propertyValue(ts, property);
      return (
        value !== undefined &&
        ts.isArrayLiteralExpression(value) &&
        value.elements.length > 0 &&
        value.elements.every((element) => ts.isStringLiteralLike(element) && SYMMETRIC.test(element.text))
      );
    };

    /** `CognitoJwtVerifier.create(props)` / `JwtVerifier.create(props)`; an array of props for several issuers. */
    const onAwsVerifierCreation = (call: ts.CallExpression) => {
      const argument = call.arguments[0] === undefined ? undefined : unwrapExpression(ts, call.arguments[0]);
      const candidates =
        argument !== undefined && ts.isArrayLiteralExpression(argument) ? argument.elements : [argument];
      for (const candidate of candidates) {
        const seen = verificationOptionsOf(ts, candidate);
        if (seen.kind !== 'literal' || judged.has(seen.object)) continue;
        judged.add(seen.object);
        checkOptionsObject(seen.object, 'aws-jwt-verify');
      }
    };

    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.CallExpression) {
        const call = node as ts.CallExpression;
        const reference = importedReferenceOf(ts, bindings, call.expression);
        const callee = unwrapExpression(ts, call.expression);
        if (
          ts.isPropertyAccessExpression(callee) &&
          callee.name.text === 'create' &&
          isExportOf(importedReferenceOf(ts, bindings, callee.expression), 'aws-jwt-verify', AWS_VERIFIER_CLASSES)
        )
          onAwsVerifierCreation(call);
        else if (isExportOf(reference, 'jose', ['jwtVerify'])) onVerification(call, call.arguments[2]);
        else if (isExportOf(reference, 'jsonwebtoken', ['verify'])) {
          // verify(token, key, options?, callback?): a function in third place is the callback.
          const third = call.arguments[2];
          onVerification(
            call,
            third !== undefined && (ts.isArrowFunction(third) || ts.isFunctionExpression(third)) ? undefined : third,
          );
        } else {
          const signingKey = signingKeyOf(ts, bindings, call);
          if (signingKey !== undefined) signingKeys.add(keyTextOf(sourceFile, unwrapExpression(ts, signingKey)));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    for (const { call, key, missing, hmacOnly } of unchecked) {
      if (!isIdentityToken(call, key, hmacOnly)) continue;
      report(call.expression, 'missingClaimCheck', {
        call: calleeText(sourceFile, call.expression),
        missing: missing.join(' and '),
        options: `{ ${missing.map((name) => `${name}: …`).join(', ')} }`,
      });
    }
    return detections.sort((a, b) => a.start - b.start || a.end - b.end);
  },
});
