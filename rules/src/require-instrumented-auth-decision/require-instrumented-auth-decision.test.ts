import { describe, expect, it } from 'vitest';
import { presetRuleIds } from '../catalogue.js';
import { detect, span } from '../testing/index.js';
import { requireInstrumentedAuthDecision as rule, TELEMETRY_WRAPPERS } from './index.js';

/** Each finding's message, data, and the text it underlines with its range (`jwtVerify(token, keys)@2:7-2:29`). */
const findings = (code: string, options?: Parameters<typeof detect>[2]) =>
  detect(rule, code, { path: 'src/auth/verify.ts', ...options }).map((finding) => ({
    messageId: finding.messageId,
    data: finding.data,
    text: `${finding.text}@${span(finding)}`,
  }));
const JOSE = "import { jwtVerify } from 'jose';\n";
const TELEMETRY =
  "import { instrumentVerifier, withAuthentication, withAuthorization } from '@authboundary/telemetry';\n";
const AWS =
  "import { CognitoJwtVerifier } from 'aws-jwt-verify';\nconst verifier = CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_Mob1l1ty', tokenUse: 'access', clientId: 'mobility' });\n";

describe('require-instrumented-auth-decision', () => {
  describe('token verification', () => {
    it.each([
      [
        'jose `jwtVerify`',
        `${JOSE}const { payload } = await jwtVerify(token, keys, options);`,
        'jwtVerify',
        'jwtVerify(token, keys, options)@2:27-2:58',
      ],
      [
        'jose `jwtVerify` renamed',
        "import { jwtVerify as verifyJwt } from 'jose';\nawait verifyJwt(token, keys);",
        'verifyJwt',
        'verifyJwt(token, keys)@2:7-2:29',
      ],
      [
        'jsonwebtoken `verify`',
        "import jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, key, options);",
        'jwt.verify',
        'jwt.verify(token, key, options)@2:16-2:47',
      ],
      [
        'an aws-jwt-verify verifier held in a variable',
        `${AWS}const claims = await verifier.verify(token);`,
        'verifier.verify',
        'verifier.verify(token)@3:22-3:44',
      ],
      [
        'an aws-jwt-verify verifier used directly',
        "import { JwtVerifier } from 'aws-jwt-verify';\nJwtVerifier.create({ issuer, audience, jwksUri }).verifySync(token);",
        'JwtVerifier.create({issuer,audience,jwksUri}).verifySync',
        'JwtVerifier.create({ issuer, audience, jwksUri }).verifySync(token)@2:1-2:68',
      ],
      [
        'Firebase `verifyIdToken`',
        "import { getAuth } from 'firebase-admin/auth';\nconst decoded = await getAuth().verifyIdToken(idToken);",
        'getAuth().verifyIdToken',
        'getAuth().verifyIdToken(idToken)@2:23-2:55',
      ],
      [
        'Clerk `verifyToken`',
        "import { verifyToken } from '@clerk/backend';\nconst session = await verifyToken(token, { jwtKey });",
        'verifyToken',
        'verifyToken(token, { jwtKey })@2:23-2:53',
      ],
      [
        'a verification next to, not inside, a wrapper',
        `${TELEMETRY}${JOSE}const result = await jwtVerify(token, keys);\nwithAuthentication(context, () => result);`,
        'jwtVerify',
        'jwtVerify(token, keys)@3:22-3:44',
      ],
      [
        'a verification inside the callee expression of a wrapper call',
        `${TELEMETRY}${JOSE}pickWrapper(await jwtVerify(token, keys)).call(context);`,
        'jwtVerify',
        'jwtVerify(token, keys)@3:19-3:41',
      ],
      [
        'the raw verifier used although an instrumented one exists',
        `${TELEMETRY}${AWS}export const instrumented = instrumentVerifier(verifier);\nconst claims = await verifier.verify(token);`,
        'verifier.verify',
        'verifier.verify(token)@5:22-5:44',
      ],
    ])('reports %s', (_name, code, call, text) => {
      expect(findings(code)).toEqual([{ messageId: 'uninstrumentedVerification', data: { call }, text }]);
    });

    it.each([
      [
        'inside `withAuthentication`',
        `${TELEMETRY}${JOSE}const { payload } = await withAuthentication(context, () => jwtVerify(token, keys, options));`,
      ],
      [
        'inside a wrapper imported under another name',
        `import { withAuthentication as traced } from '@authboundary/telemetry';\n${JOSE}await traced(context, async () => (await jwtVerify(token, keys)).payload);`,
      ],
      [
        'inside a wrapper of the telemetry namespace',
        `import * as telemetry from '@authboundary/telemetry';\n${JOSE}await telemetry.recordAuthentication(context, () => jwtVerify(token, keys));`,
      ],
      [
        'inside a wrapper re-exported by a local module (matched by name)',
        `import { withAuthentication } from '../observability/auth.js';\n${JOSE}await withAuthentication(context, () => jwtVerify(token, keys));`,
      ],
      [
        'a verifier created through `instrumentVerifier`',
        `${TELEMETRY}import { CognitoJwtVerifier } from 'aws-jwt-verify';\nconst verifier = instrumentVerifier(CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId }));\nawait verifier.verify(token);`,
      ],
      [
        'a function wrapped through a variable',
        `${TELEMETRY}${JOSE}const verifyRaw = (token: string) => jwtVerify(token, keys, options);\nexport const verify = instrumentVerifier(verifyRaw);`,
      ],
      [
        'a function declaration wrapped by name',
        `${TELEMETRY}${JOSE}async function verifyRaw(token: string) {\n  const { payload } = await jwtVerify(token, keys, options);\n  return payload;\n}\nexport const verify = instrumentVerifier(verifyRaw);`,
      ],
      [
        'a method wrapped as `this.method`',
        `${TELEMETRY}${JOSE}class TokenGate {\n  private readonly verify = instrumentVerifier(this.verifyRaw);\n  async verifyRaw(token: string) { return jwtVerify(token, keys); }\n}`,
      ],
      [
        'a verifier from `createJwtVerifier`',
        "import { createJwtVerifier } from '@authboundary/telemetry';\nconst verifier = createJwtVerifier({ issuers });\nawait verifier.verify(token);",
      ],
      [
        '`verify` of an object that is not an aws-jwt-verify verifier',
        'const verifier = createCustomVerifier();\nawait verifier.verify(token);',
      ],
      [
        '`verify` of node:crypto',
        "import { verify } from 'node:crypto';\nverify('sha256', data, publicKey, signature);",
      ],
      ['a reference to the verification function that is not a call', `${JOSE}export const verifyToken = jwtVerify;`],
    ])('does not report a verification %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });

    it('takes provider verifier methods from `verifierMethods`', () => {
      const code = 'const result = await oktaVerifier.checkAccessToken(token, audience);';
      expect(findings(code)).toEqual([]);
      expect(findings(code, { options: { verifierMethods: ['checkAccessToken'] } })).toEqual([
        {
          messageId: 'uninstrumentedVerification',
          data: { call: 'oktaVerifier.checkAccessToken' },
          text: 'oktaVerifier.checkAccessToken(token, audience)@1:22-1:68',
        },
      ]);
    });
  });

  describe('policy checks', () => {
    const options = { policyChecks: ['authorize', 'opa.evaluate'] };

    it.each([
      [
        'a configured function',
        'if (!(await authorize(user, "booking:cancel", booking))) deny();',
        'authorize',
        'authorize(user, "booking:cancel", booking)@1:13-1:55',
      ],
      [
        'a configured function called as a method',
        'await policy.authorize(user, action, resource);',
        'policy.authorize',
        'policy.authorize(user, action, resource)@1:7-1:47',
      ],
      [
        'a configured dotted name',
        'const allowed = await opa.evaluate({ input });',
        'opa.evaluate',
        'opa.evaluate({ input })@1:23-1:46',
      ],
    ])('reports %s', (_name, code, call, text) => {
      expect(findings(code, { options })).toEqual([{ messageId: 'uninstrumentedPolicyCheck', data: { call }, text }]);
    });

    it.each([
      [
        'inside `withAuthorization`',
        `${TELEMETRY}const allowed = await withAuthorization(context, () => authorize(user, action, resource));`,
      ],
      [
        'passed to `instrumentPolicyCheck` through a variable',
        "import { instrumentPolicyCheck } from '@authboundary/telemetry';\nconst check = (user: User, action: string) => authorize(user, action, resource);\nexport const authorizeTraced = instrumentPolicyCheck(check);",
      ],
      ['a dotted name whose object differs', 'const result = await cache.evaluate(key);'],
      ['a name that only ends like a configured one', 'await preauthorize(payment);'],
    ])('does not report a policy check %s', (_name, code) => {
      expect(findings(code, { options })).toEqual([]);
    });

    it('reports no policy check when none is configured (the default)', () => {
      expect(findings('await authorize(user, action, resource);')).toEqual([]);
    });
  });

  describe('wrappers', () => {
    it('defaults to every wrapper @authboundary/telemetry exports', () => {
      expect(rule.meta.options.parse({}).wrappers).toEqual(TELEMETRY_WRAPPERS);
    });

    it('takes wrapper names from `wrappers`', () => {
      const code = `${JOSE}await traceAuth(() => jwtVerify(token, keys));`;
      expect(findings(code).map((finding) => `${finding.messageId}:${finding.text}`)).toEqual([
        'uninstrumentedVerification:jwtVerify(token, keys)@2:23-2:45',
      ]);
      expect(findings(code, { options: { wrappers: ['traceAuth'] } })).toEqual([]);
    });
  });

  it('looks at every layer', () => {
    const code = `${JOSE}await jwtVerify(token, keys);`;
    for (const path of ['src/auth/verify.ts', 'src/bff/home.ts', 'src/booking/booking.service.ts', 'scripts/check.ts'])
      expect(findings(code, { path }).map((finding) => finding.text)).toEqual(['jwtVerify(token, keys)@2:7-2:29']);
  });

  it('is in the strict preset only: off in recommended', () => {
    expect(presetRuleIds('recommended')).not.toContain(rule.id);
    expect(presetRuleIds('strict')).toContain(rule.id);
  });
});
