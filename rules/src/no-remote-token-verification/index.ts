import type * as ts from 'typescript';
import { z } from 'zod';
import { defineRule, type Detection, type Suggestion } from '../detector.js';
import type { ProviderCall, ProviderProfile } from '../providers/index.js';
import { oidcLibraries } from '../providers/oidc.js';
import { perProviderList } from '../providers/per-provider-list.js';
import { calleeTextPattern, providerCallFinder } from '../providers/provider-calls.js';
import { isBrowserCode } from '../syntax/request-scope.js';
import { unwrapExpression } from '../syntax/unwrap.js';

const options = z.strictObject({
  checkVerifierScope: z
    .boolean()
    .default(true)
    .describe(
      'Report JWKS key sets and verifiers created inside a function (`createRemoteJWKSet`, `CognitoJwtVerifier.create`, `new OktaJwtVerifier`, `jwksClient`): their key cache dies with each call.',
    ),
  checkEndpoints: z
    .boolean()
    .default(true)
    .describe('Report `fetch` and `axios` requests to a `/userinfo` or `/introspect` endpoint.'),
});

/** Paths of OpenID Connect endpoints that answer questions about a token (RFC 7662 introspection, OIDC userinfo). */
const TOKEN_ENDPOINT = /\/(userinfo|introspect)\b/i;
/** Sign-in, callback and sign-out routes run once per sign-in, not on every request. */
const SIGN_IN_ROUTE =
  /(^|\/)(callback|login|log-in|signin|sign-in|signup|sign-up|logout|log-out|signout|sign-out)(\/|\.|$)/i;
const HTTP_CLIENT_METHODS = new Set(['get', 'post', 'request']);

const TOKEN_ENDPOINT_TEXT = /userinfo|introspect/i;

interface RemoteCalls {
  readonly entries: { provider: ProviderProfile; call: ProviderCall }[];
  readonly textPattern: RegExp | undefined;
}
const remoteCallsOf = perProviderList((providers): RemoteCalls => {
  const entries = [...providers, oidcLibraries].flatMap((provider) =>
    provider.remoteVerificationCalls.map((call) => ({ provider, call })),
  );
  return { entries, textPattern: calleeTextPattern(entries) };
});

export const noRemoteTokenVerification = defineRule({
  id: 'no-remote-token-verification',
  meta: {
    type: 'problem',
    description:
      'Reject per-request round trips to the identity provider used to establish identity, and JWKS verifiers created per request.',
    preset: 'recommended',
    hasSuggestions: true,
    messages: {
      remoteCall:
        "`{{callee}}` asks {{provider}} over the network, on every request, who the caller is. Verify the JWT locally against the issuer's JWKS instead: one key set created once at module scope (several issuers: one verifier keyed by `iss`), and read identity from the verified claims.",
      perRequestVerifier:
        "`{{callee}}` is created inside a function, so its JWKS cache dies with each call and {{provider}}'s keys are fetched again. Create it once at module scope and reuse it (several issuers: one verifier per `iss`, each created once).",
      tokenEndpoint:
        "This request to a `{{endpoint}}` endpoint asks the provider about the token on every request. Verify the JWT locally against the issuer's JWKS (key set created once at module scope) and read the claims from the verified token.",
      verifyLocally:
        'Drop the per-request revocation check: `{{callee}}` then verifies locally against cached keys (revoked sessions end when the token expires).',
    },
    options,
  },
  appliesTo: (file) => !SIGN_IN_ROUTE.test(file.path),
  create({ ts, sourceFile, config, options }) {
    const { entries, textPattern } = remoteCallsOf(config.providers);
    const detections: Detection[] = [];
    // Most files name none of the calls: one text scan instead of a walk of the tree.
    if (
      !(textPattern?.test(sourceFile.text) ?? false) &&
      !(options.checkEndpoints && TOKEN_ENDPOINT_TEXT.test(sourceFile.text))
    )
      return null;
    const finder = providerCallFinder(ts, sourceFile, entries);

    const endpointOf = (node: ts.CallExpression): string | undefined => {
      const callee = unwrapExpression(ts, node.expression);
      const isHttpCall =
        (ts.isIdentifier(callee) &&
          (callee.text === 'fetch' || callee.text === 'axios' || callee.text === 'got' || callee.text === 'ky')) ||
        (ts.isPropertyAccessExpression(callee) &&
          HTTP_CLIENT_METHODS.has(callee.name.text) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === 'axios');
      const first = node.arguments[0];
      if (!isHttpCall || first === undefined) return undefined;
      let target = unwrapExpression(ts, first);
      if (
        ts.isNewExpression(target) &&
        ts.isIdentifier(target.expression) &&
        target.expression.text === 'URL' &&
        target.arguments?.[0]
      )
        target = unwrapExpression(ts, target.arguments[0]);
      const texts = ts.isStringLiteralLike(target)
        ? [target.text]
        : ts.isTemplateExpression(target)
          ? [target.head.text, ...target.templateSpans.map((span) => span.literal.text)]
          : [];
      for (const text of texts) {
        const match = TOKEN_ENDPOINT.exec(text);
        if (match) return `/${match[1]!.toLowerCase()}`;
      }
      return undefined;
    };

    const { SyntaxKind } = ts;
    const noteCall = (node: ts.Node) => finder.noteCall(node as ts.CallExpression | ts.NewExpression);
    const noteSpecifier = (node: ts.Node) => finder.noteModuleSpecifier(node as ts.StringLiteralLike);
    return {
      enter: {
        [SyntaxKind.StringLiteral]: noteSpecifier,
        [SyntaxKind.NoSubstitutionTemplateLiteral]: noteSpecifier,
        [SyntaxKind.NewExpression]: noteCall,
        [SyntaxKind.CallExpression]: (node) => {
          const call = node as ts.CallExpression;
          finder.noteCall(call);
          if (!options.checkEndpoints) return;
          const endpoint = endpointOf(call);
          if (endpoint && !isBrowserCode(ts, call, sourceFile))
            detections.push({
              messageId: 'tokenEndpoint',
              data: { endpoint },
              start: call.getStart(sourceFile),
              end: call.getEnd(),
            });
        },
      },
      finish,
    };

    function finish(): Detection[] {
      for (const { node, provider, call, callee } of finder.matches()) {
        const perRequestVerifier = call.scope === 'function';
        if ((perRequestVerifier && !options.checkVerifierScope) || isBrowserCode(ts, node, sourceFile)) continue;
        const data = { callee, provider: provider.name };
        let suggestions: Suggestion[] | undefined;
        const condition = call.argument;
        if (condition && 'is' in condition && node.arguments) {
          // Removing the `true` flag is offered, not applied: it trades a per-request revocation check for
          // local verification, a decision the reader makes (autofixes must never change meaning).
          const previous = node.arguments[condition.index - 1];
          const flag = node.arguments[condition.index];
          if (previous && flag && node.arguments.length === condition.index + 1) {
            suggestions = [
              { messageId: 'verifyLocally', data, edits: [{ start: previous.getEnd(), end: flag.getEnd(), text: '' }] },
            ];
          }
        }
        detections.push({
          messageId: perRequestVerifier ? 'perRequestVerifier' : 'remoteCall',
          data,
          start: node.getStart(sourceFile),
          end: node.getEnd(),
          ...(suggestions ? { suggestions } : {}),
        });
      }
      return detections.sort((a, b) => a.start - b.start || a.end - b.end);
    }
  },
});
