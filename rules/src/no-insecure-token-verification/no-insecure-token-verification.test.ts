import { describe, expect, it } from 'vitest';
import { presetRuleIds } from '../catalogue.js';
import { detect, span } from '../testing/index.js';
import { joseTimeSpanSeconds, noInsecureTokenVerification as rule } from './index.js';

/** Each finding's message, data, and the text it underlines with its range (`'none'@2:55-2:61`). */
const findings = (code: string, options?: Parameters<typeof detect>[2]) =>
  detect(rule, code, options).map((finding) => ({
    messageId: finding.messageId,
    data: finding.data,
    text: `${finding.text}@${span(finding)}`,
  }));
const JOSE = "import { jwtVerify } from 'jose';\n";
const JWT = "import jwt from 'jsonwebtoken';\n";
/** Issuer and audience, so a case shows only the check it is about. */
const CHECKED = "issuer: 'https://login.example.com/', audience: 'mobility-api'";

describe('no-insecure-token-verification', () => {
  describe('issuer and audience', () => {
    it.each([
      [
        'jose `jwtVerify` without options',
        `${JOSE}await jwtVerify(token, keys);`,
        'jwtVerify',
        'issuer and audience',
        '{ issuer: …, audience: … }',
        '2:7-2:16',
      ],
      [
        'jose `jwtVerify` without `audience`',
        `${JOSE}await jwtVerify(token, keys, { issuer: 'https://login.example.com/' });`,
        'jwtVerify',
        'audience',
        '{ audience: … }',
        '2:7-2:16',
      ],
      [
        'jose namespace `jwtVerify` without `issuer`',
        "import * as jose from 'jose';\nawait jose.jwtVerify(token, keys, { audience: 'mobility-api' });",
        'jose.jwtVerify',
        'issuer',
        '{ issuer: … }',
        '2:7-2:21',
      ],
      [
        'jsonwebtoken `verify` without options',
        `${JWT}const claims = jwt.verify(token, publicKey);`,
        'jwt.verify',
        'issuer and audience',
        '{ issuer: …, audience: … }',
        '2:16-2:26',
      ],
      [
        'jsonwebtoken `verify` with a callback and no options',
        "import { verify } from 'jsonwebtoken';\nverify(token, publicKey, (error, claims) => done(error, claims));",
        'verify',
        'issuer and audience',
        '{ issuer: …, audience: … }',
        '2:1-2:7',
      ],
      [
        'jsonwebtoken renamed `verify`, options in a local variable',
        "import { verify as check } from 'jsonwebtoken';\nconst verifyOptions = { algorithms: ['RS256'] };\ncheck(token, publicKey, verifyOptions);",
        'check',
        'issuer and audience',
        '{ issuer: …, audience: … }',
        '3:1-3:6',
      ],
      [
        'jsonwebtoken required',
        "const jwt = require('jsonwebtoken');\njwt.verify(token, key, { issuer: 'https://login.example.com/' });",
        'jwt.verify',
        'audience',
        '{ audience: … }',
        '2:1-2:11',
      ],
    ])('reports %s', (_name, code, call, missing, options, range) => {
      expect(findings(code)).toEqual([
        { messageId: 'missingClaimCheck', data: { call, missing, options }, text: `${call}@${range}` },
      ]);
    });

    it.each([
      ['jose with issuer and audience', `${JOSE}await jwtVerify(token, keys, { ${CHECKED} });`],
      [
        'jsonwebtoken with issuer and audience in a local object',
        `${JWT}const options = { ${CHECKED}, algorithms: ['RS256'] };\njwt.verify(token, key, options);`,
      ],
      [
        'options that are a parameter (cannot be seen)',
        `${JOSE}export const verifyWith = (token: string, options: JWTVerifyOptions) => jwtVerify(token, keys, options);`,
      ],
      [
        'options with a spread (may bring issuer and audience)',
        `${JOSE}await jwtVerify(token, keys, { ...issuerChecks, clockTolerance: 5 });`,
      ],
      ['options built by a call', `${JOSE}await jwtVerify(token, keys, optionsFor(tenant));`],
      [
        'a `verify` of another module',
        "import { verify } from 'node:crypto';\nverify('sha256', data, publicKey, signature);",
      ],
      [
        'a local function named `jwtVerify`',
        'async function jwtVerify(token: string) { return token; }\nawait jwtVerify(token);',
      ],
      [
        'shorthand `issuer` and `audience`',
        `${JOSE}const issuer = 'https://login.example.com/';\nconst audience = 'mobility-api';\nawait jwtVerify(token, keys, { issuer, audience });`,
      ],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });

    it('can leave the audience unchecked, for tokens without `aud`', () => {
      expect(
        findings(
          `${JOSE}await jwtVerify(token, keys, { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Mob1l1ty' });`,
          { options: { requireAudience: false } },
        ),
      ).toEqual([]);
      expect(
        findings(`${JOSE}await jwtVerify(token, keys, { audience: 'mobility-api' });`, {
          options: { requireIssuer: false },
        }),
      ).toEqual([]);
    });
  });

  describe('tokens that are not identity tokens of another issuer (issue 17)', () => {
    const at = (code: string, path?: string) =>
      detect(rule, code, path === undefined ? {} : { path }).map((finding) => ({
        messageId: finding.messageId,
        text: `${finding.text}@${span(finding)}`,
      }));

    it.each([
      [
        'jsonwebtoken with the secret the app signs with in the same file',
        `${JWT}export const issue = (userId: string) => jwt.sign({ userId }, signingKey, { expiresIn: '1h' });\nexport const check = (token: string) => jwt.verify(token, signingKey);`,
      ],
      [
        'a jose `SignJWT` chain and `jwtVerify` with the same key',
        "import { SignJWT, jwtVerify } from 'jose';\nconst key = loadKey();\nexport const encrypt = (payload: JWTPayload) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('7d').sign(key);\nexport const decrypt = (session: string) => jwtVerify(session, key, { algorithms: ['HS256'] });",
      ],
      [
        'a secret from the environment',
        `${JWT}export const check = (token: string) => jwt.verify(token, process.env.JWT_SECRET!);`,
      ],
      [
        'an encoded secret in a local constant',
        `${JOSE}const encodedKey = new TextEncoder().encode(process.env.SESSION_SECRET);\nexport const decrypt = (session: string) => jwtVerify(session, encodedKey, { algorithms: ['HS256'] });`,
      ],
      [
        'a secret read by index from the configuration',
        `${JWT}export const check = (token: string) => jwt.verify(token, config['auth'].jwtSecret);`,
      ],
      [
        'an HMAC-only verification with a key of the configuration (found on real code)',
        `${JWT}export const check = (token: string) => jwt.verify(token, env.ACCESS_TOKEN_KEY, { algorithms: ['HS256'], issuer: 'papers' });`,
      ],
      [
        "the application's private key (an issuer never hands out its own)",
        `${JWT}export const check = (token: string) => jwt.verify(token, String(process.env.PRIVATE_KEY));`,
      ],
      [
        "Auth.js's own secret (Auth.js runs inside the application)",
        `${JOSE}export const check = (token: string) => jwtVerify(token, new TextEncoder().encode(process.env.NEXTAUTH_SECRET));`,
      ],
    ])('does not demand issuer and audience of self-issued tokens: %s', (_name, code) => {
      expect(at(code)).toEqual([]);
    });

    it.each([
      [
        'a webhook file',
        `${JOSE}export const eventOf = (body: string) => jwtVerify(body, senderKeys);`,
        'src/payment/webhooks/plaid.ts',
      ],
      [
        'a function named for a webhook',
        `${JOSE}export async function verifyPlaidWebhook(header: string) {\n  return jwtVerify(header, senderKeys, { maxTokenAge: '5 min' });\n}`,
        'src/payment/plaid.ts',
      ],
    ])('does not demand issuer and audience of webhook JWTs: %s', (_name, code, path) => {
      expect(at(code, path)).toEqual([]);
    });

    it.each([
      [
        "a provider's shared secret (Supabase signs these identity tokens)",
        `${JWT}export const check = (token: string) => jwt.verify(token, process.env.SUPABASE_JWT_SECRET!);`,
        'jwt.verify@2:41-2:51',
      ],
      [
        'a public key from the environment',
        `${JWT}export const check = (token: string) => jwt.verify(token, process.env.JWT_PUBLIC_KEY!);`,
        'jwt.verify@2:41-2:51',
      ],
      [
        'a remote key set',
        `${JOSE}const keys = createRemoteJWKSet(new URL(jwksUrl));\nexport const check = (token: string) => jwtVerify(token, keys);`,
        'jwtVerify@3:41-3:50',
      ],
      [
        'a jwks-rsa signing key',
        `${JWT}const signingKey = (await client.getSigningKey(kid)).getPublicKey();\nexport const check = (token: string) => jwt.verify(token, signingKey);`,
        'jwt.verify@3:41-3:51',
      ],
      [
        "an HMAC-only verification with a provider's secret",
        `${JWT}export const check = (token: string) => jwt.verify(token, process.env.SUPABASE_JWT_SECRET!, { algorithms: ['HS256'] });`,
        'jwt.verify@2:41-2:51',
      ],
      [
        'a key the file signs nothing with',
        `${JWT}export const issue = (p: object) => jwt.sign(p, ownKey);\nexport const check = (token: string) => jwt.verify(token, partnerKey);`,
        'jwt.verify@3:41-3:51',
      ],
    ])('keeps identity tokens strict: %s', (_name, code, text) => {
      expect(at(code)).toEqual([{ messageId: 'missingClaimCheck', text }]);
    });

    it('still judges the other options of self-issued and webhook tokens', () => {
      expect(
        at(
          `${JWT}const claims = jwt.verify(token, process.env.JWT_SECRET!, { algorithms: ['HS256', 'RS256'], ignoreExpiration: true });`,
        ),
      ).toEqual([
        { messageId: 'mixedAlgorithms', text: "['HS256', 'RS256']@2:73-2:91" },
        { messageId: 'disabledCheck', text: 'ignoreExpiration: true@2:93-2:115' },
      ]);
      expect(
        at(`${JOSE}await jwtVerify(body, senderKeys, { clockTolerance: '1 day' });`, 'src/payment/psp-webhook.ts'),
      ).toEqual([{ messageId: 'clockTolerance', text: "clockTolerance: '1 day'@2:37-2:60" }]);
    });
  });

  describe('algorithms', () => {
    it('reports `none` and suggests removing it', () => {
      const [finding, ...rest] = detect(
        rule,
        `${JWT}jwt.verify(token, key, { ${CHECKED}, algorithms: ['RS256', 'none'] });`,
      );
      expect(span(finding)).toBe('2:112-2:118');
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ messageId: 'algorithmNone', data: { algorithm: 'none' }, text: "'none'" });
      expect(finding?.suggestions).toEqual([
        {
          messageId: 'removeAlgorithm',
          data: { algorithm: 'none' },
          output: `${JWT}jwt.verify(token, key, { ${CHECKED}, algorithms: ['RS256'] });`,
        },
      ]);
    });

    it('reports `none` as the only algorithm without a suggestion (nothing would remain)', () => {
      const [finding] = detect(rule, `${JWT}jwt.verify(token, key, { ${CHECKED}, algorithms: ['none'] });`);
      expect(span(finding)).toBe('2:103-2:109');
      expect(finding).toMatchObject({ messageId: 'algorithmNone', suggestions: [] });
    });

    it.each([
      ['HS256 with RS256', "['HS256', 'RS256']@2:107-2:125", 'HS256', 'RS256'],
      ['ES384 with HS512', "['ES384', 'HS512']@2:107-2:125", 'HS512', 'ES384'],
      ['HS256 with EdDSA', "['EdDSA', 'HS256']@2:107-2:125", 'HS256', 'EdDSA'],
    ])('reports HMAC mixed with public-key algorithms: %s', (_name, algorithms, symmetric, asymmetric) => {
      expect(findings(`${JOSE}await jwtVerify(token, key, { ${CHECKED}, algorithms: ${algorithms} });`)).toEqual([
        { messageId: 'mixedAlgorithms', data: { symmetric, asymmetric }, text: algorithms },
      ]);
    });

    it.each([
      ['public-key algorithms only', "['RS256', 'ES256', 'PS256']"],
      ['HMAC algorithms only', "['HS256', 'HS512']"],
      ['a variable (cannot be seen)', 'allowedAlgorithms'],
    ])('does not report %s', (_name, algorithms) => {
      expect(findings(`${JOSE}await jwtVerify(token, key, { ${CHECKED}, algorithms: ${algorithms} });`)).toEqual([]);
    });

    it('follows a shorthand `algorithms` to its local array', () => {
      expect(
        findings(
          `${JOSE}const algorithms = ['RS256', 'none'];\nawait jwtVerify(token, key, { ${CHECKED}, algorithms });`,
        ).map((finding) => `${finding.messageId} ${finding.text}`),
      ).toEqual(["algorithmNone 'none'@2:30-2:36"]);
    });
  });

  describe('switched-off checks', () => {
    it.each([
      ['ignoreExpiration', '2:26-2:48'],
      ['ignoreNotBefore', '2:26-2:47'],
    ])('reports `%s: true` and suggests removing it', (option, range) => {
      const [finding] = detect(rule, `${JWT}jwt.verify(token, key, { ${option}: true, ${CHECKED} });`);
      expect(span(finding)).toBe(range);
      expect(finding).toMatchObject({ messageId: 'disabledCheck', data: { option }, text: `${option}: true` });
      expect(finding?.suggestions).toEqual([
        { messageId: 'removeOption', data: { option }, output: `${JWT}jwt.verify(token, key, { ${CHECKED} });` },
      ]);
    });

    it('reports the flag in a local options object once, though two calls use it', () => {
      const code = `${JWT}const options = { ${CHECKED}, ignoreExpiration: true };\njwt.verify(a, key, options);\njwt.verify(b, key, options);`;
      const [finding, ...rest] = detect(rule, code);
      expect(span(finding)).toBe('2:83-2:105');
      expect(rest).toEqual([]);
      expect(finding?.suggestions[0]?.output).toBe(
        `${JWT}const options = { ${CHECKED} };\njwt.verify(a, key, options);\njwt.verify(b, key, options);`,
      );
    });

    it.each([
      ['`ignoreExpiration: false`', `${JWT}jwt.verify(token, key, { ${CHECKED}, ignoreExpiration: false });`],
      [
        '`ignoreExpiration` from a variable (cannot be seen)',
        `${JWT}jwt.verify(token, key, { ${CHECKED}, ignoreExpiration: isReplay });`,
      ],
      [
        '`ignoreExpiration: true` in an object not passed to a verification',
        'const cacheOptions = { ignoreExpiration: true };',
      ],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });
  });

  describe('clockTolerance', () => {
    it.each([
      ['seconds beyond the bound', '300', '300', '300', '2:96-2:115'],
      ["jose's string form", "'5 minutes'", '300', "'5 minutes'", '2:96-2:123'],
      ['hours', "'2h'", '7200', "'2h'", '2:96-2:116'],
      ['fractional hours', "'1.5 hours'", '5400', "'1.5 hours'", '2:96-2:123'],
    ])('reports %s and suggests the bound', (_name, value, seconds, text, range) => {
      const [finding] = detect(rule, `${JOSE}await jwtVerify(token, keys, { ${CHECKED}, clockTolerance: ${value} });`);
      expect(span(finding)).toBe(range);
      expect(finding).toMatchObject({
        messageId: 'clockTolerance',
        data: { option: 'clockTolerance', value: text, seconds, max: '60' },
      });
      expect(finding?.suggestions).toEqual([
        {
          messageId: 'limitClockTolerance',
          data: { option: 'clockTolerance', max: '60' },
          output: `${JOSE}await jwtVerify(token, keys, { ${CHECKED}, clockTolerance: 60 });`,
        },
      ]);
    });

    it.each([
      ['seven days written as a product', '7 * 24 * 60 * 60', '604800', '3:3-3:35'],
      ['a product with parentheses and a numeric separator', '(2 * 60) * 1_000 / 1_000', '120', '3:3-3:43'],
    ])('evaluates constant expressions: reports %s', (_name, value, seconds, range) => {
      const [finding, ...rest] = detect(
        rule,
        `${JOSE}await jwtVerify(token, keys, { ${CHECKED},\n  clockTolerance: ${value} });`,
      );
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({
        messageId: 'clockTolerance',
        data: { option: 'clockTolerance', value, seconds, max: '60' },
      });
      expect(span(finding)).toBe(range);
    });

    it('follows local constants to their values', () => {
      const code = `${JOSE}const DAY = 24 * 60 * 60;\nconst WEEK = 7 * DAY;\nawait jwtVerify(token, keys, { ${CHECKED}, clockTolerance: WEEK });`;
      expect(
        detect(rule, code).map((finding) => ({
          messageId: finding.messageId,
          seconds: finding.data['seconds'],
          at: span(finding),
        })),
      ).toEqual([{ messageId: 'clockTolerance', seconds: '604800', at: '4:96-4:116' }]);
    });

    it.each([
      ['a product within the bound', '2 * 30'],
      ['a `let` (may change before the call)', 'tolerance', 'let tolerance = 7 * 24 * 3600;\n'],
      ['a parameter-dependent expression', 'days * 86400'],
    ])('does not report %s', (_name, value, prelude = '') => {
      expect(
        findings(`${JOSE}${prelude}await jwtVerify(token, keys, { ${CHECKED}, clockTolerance: ${value} });`),
      ).toEqual([]);
    });

    it.each([
      ['seconds within the bound', '30'],
      ['exactly the bound', '60'],
      ["jose's string within the bound", "'45 s'"],
      ['text jose would reject', "'a while'"],
    ])('does not report %s', (_name, value) => {
      expect(findings(`${JOSE}await jwtVerify(token, keys, { ${CHECKED}, clockTolerance: ${value} });`)).toEqual([]);
    });

    it('takes the bound from `maxClockToleranceSeconds`', () => {
      const code = `${JOSE}await jwtVerify(token, keys, { ${CHECKED}, clockTolerance: '2 minutes' });`;
      expect(findings(code, { options: { maxClockToleranceSeconds: 120 } })).toEqual([]);
      expect(
        findings(code, { options: { maxClockToleranceSeconds: 90 } }).map(
          (finding) => `${finding.data['max'] ?? ''} ${finding.text}`,
        ),
      ).toEqual(["90 clockTolerance: '2 minutes'@2:96-2:123"]);
    });
  });

  describe('aws-jwt-verify verifiers', () => {
    const AWS = "import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';\n";

    it.each([
      [
        '`clientId: null`',
        `${AWS}export const verifier = CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_Mob1l1ty', tokenUse: 'access', clientId: null });`,
        'clientId',
        'client id',
        '2:107-2:121',
      ],
      [
        '`tokenUse: null`',
        `${AWS}export const verifier = CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_Mob1l1ty', tokenUse: null, clientId: 'mobility' });`,
        'tokenUse',
        'token use',
        '2:87-2:101',
      ],
      [
        '`audience: null` of the generic verifier',
        `${AWS}export const verifier = JwtVerifier.create({ issuer: 'https://login.example.com/', audience: null, jwksUri });`,
        'audience',
        'audience',
        '2:84-2:98',
      ],
      [
        '`clientId: null` in one pool of several',
        `${AWS}export const verifier = CognitoJwtVerifier.create([{ userPoolId: 'eu-west-1_A', tokenUse: 'id', clientId: 'a' }, { userPoolId: 'eu-west-1_B', tokenUse: 'id', clientId: null }]);`,
        'clientId',
        'client id',
        '2:159-2:173',
      ],
      [
        '`clientId: null` in a local options object',
        `${AWS}const poolOptions = { userPoolId: 'eu-west-1_Mob1l1ty', tokenUse: 'access' as const, clientId: null };\nexport const verifier = CognitoJwtVerifier.create(poolOptions);`,
        'clientId',
        'client id',
        '2:86-2:100',
      ],
    ])('reports %s (the check is skipped)', (_name, code, option, check, range) => {
      const [finding, ...rest] = detect(rule, code);
      expect(rest).toEqual([]);
      expect(span(finding)).toBe(range);
      expect(finding).toMatchObject({
        messageId: 'skippedCheck',
        data: { option, check },
        text: `${option}: null`,
        suggestions: [],
      });
    });

    it('reports `graceSeconds` beyond the bound and suggests the bound', () => {
      const [finding] = detect(
        rule,
        `${AWS}export const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId, graceSeconds: 600 });`,
      );
      expect(span(finding)).toBe('2:95-2:112');
      expect(finding).toMatchObject({
        messageId: 'clockTolerance',
        data: { option: 'graceSeconds', value: '600', seconds: '600', max: '60' },
      });
      expect(finding?.suggestions.map((suggestion) => suggestion.output)).toEqual([
        `${AWS}export const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId, graceSeconds: 60 });`,
      ]);
    });

    it.each([
      [
        'a verifier with every check',
        `${AWS}export const verifier = CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_Mob1l1ty', tokenUse: 'access', clientId: 'mobility', graceSeconds: 5 });`,
      ],
      [
        '`clientId` from a variable (cannot be seen)',
        `${AWS}export const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'id', clientId: process.env.CLIENT_ID ?? null });`,
      ],
      [
        '`groups: null` (an optional extra check, not a skipped one)',
        `${AWS}export const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'id', clientId, groups: null });`,
      ],
      ['`create` of another class', "import { Pool } from 'pg';\nexport const pool = Pool.create({ clientId: null });"],
      [
        '`graceSeconds` in jose options (not a jose option)',
        "import { jwtVerify } from 'jose';\nawait jwtVerify(token, keys, { issuer, audience, graceSeconds: 600 });",
      ],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });
  });

  describe("jose's time spans", () => {
    it.each([
      ['30s', 30],
      ['30 secs', 30],
      ['5 minutes', 300],
      ['5m', 300],
      ['1 hr', 3600],
      ['2 days', 172_800],
      ['1w', 604_800],
      ['1 year', 31_557_600],
      ['-10 s', 10],
      ['10 s ago', 10],
    ])('%s is %d seconds', (text, seconds) => {
      expect(joseTimeSpanSeconds(text)).toBe(seconds);
    });

    it.each(['', '5', 'five minutes', '5 fortnights', '-5 s ago'])('%j is not a jose time span', (text) => {
      expect(joseTimeSpanSeconds(text)).toBeUndefined();
    });
  });

  it('is in the recommended preset (and so in strict)', () => {
    expect(presetRuleIds('recommended')).toContain(rule.id);
    expect(presetRuleIds('strict')).toContain(rule.id);
  });
});
