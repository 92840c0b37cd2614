import { describe, expect, it } from 'vitest';
import { detect, span, testConfig } from '../testing/index.js';
import { noProviderIdOutsideAuth as rule } from './index.js';

const onlyIds = (code: string, options?: Parameters<typeof detect>[2]) =>
  detect(rule, code, options).map((finding) => `${finding.messageId}:${finding.text}@${span(finding)}`);

describe('no-provider-id-outside-auth', () => {
  describe('claim reads', () => {
    it.each([
      ['a claim of a claims object', 'const id = claims.sub;', 'claimRead:claims.sub@1:12-1:22'],
      [
        'a namespaced claim of any object',
        "const name = row['cognito:username'];",
        "claimRead:row['cognito:username']@1:14-1:37",
      ],
      [
        'a claim of a verified token',
        'const id = (await verifier.verify(token)).sub;',
        'claimRead:(await verifier.verify(token)).sub@1:12-1:46',
      ],
      ['a claim of a decoded token', 'const id = jwt.decode(raw).sub;', 'claimRead:jwt.decode(raw).sub@1:12-1:31'],
      [
        'a claim through the access chain',
        'const id = event.requestContext.authorizer.claims.sub;',
        'claimRead:event.requestContext.authorizer.claims.sub@1:12-1:54',
      ],
      [
        'a claim of the token payload in express-oauth2-jwt-bearer',
        'const id = req.auth.payload.sub;',
        'claimRead:req.auth.payload.sub@1:12-1:32',
      ],
      ['the subject of a request user', 'const id = req.user.sub;', 'claimRead:req.user.sub@1:12-1:24'],
      ['a destructured claim', 'const { sub } = claims;', 'claimRead:sub@1:9-1:12'],
      ['a renamed destructured claim', 'const { sub: userId } = decodedToken;', 'claimRead:sub: userId@1:9-1:20'],
      [
        'a nested destructured claim',
        'const { payload: { sub } } = await jwtVerify(token, keys);',
        'claimRead:sub@1:20-1:23',
      ],
      [
        'a destructured parameter typed as a payload',
        'function f({ sub }: JwtPayload) { return sub; }',
        'claimRead:sub@1:14-1:17',
      ],
      [
        'a claim of a local variable initialised from verify',
        'const data = jwt.verify(raw, key); const id = data.sub;',
        'claimRead:data.sub@1:47-1:55',
      ],
      [
        'a claim of a parameter typed as claims',
        'function f(p: CognitoIdTokenClaims) { return p.sub; }',
        'claimRead:p.sub@1:46-1:51',
      ],
      [
        'the Cognito access-token username claim',
        'const name = accessToken.username;',
        'claimRead:accessToken.username@1:14-1:34',
      ],
    ])('reports %s', (_name, code, expected) => {
      expect(onlyIds(code)).toEqual([expected]);
    });

    it.each([
      ['`sub` of a subscription', 'const sub = topic.subscribe(handler); sub.unsubscribe();'],
      ['`sub` of an object that is not a token', 'const total = order.sub + order.tax;'],
      ['`username` of a platform user', 'const name = user.username;'],
      ['`uid` when no configured provider issues it', 'const id = claims.uid;'],
      ['a claim passed through in a destructuring without a token-like source', 'const { sub } = options;'],
      ['a plain property named after a claim in an object literal', 'const totals = { sub: 1 };'],
    ])('does not report %s', (_name, code) => {
      expect(onlyIds(code, { config: testConfig({ providers: ['cognito', 'auth0'] }) })).toEqual([]);
    });

    it('reports `uid` when Firebase is configured', () => {
      expect(onlyIds('const id = decodedToken.uid;', { config: testConfig({ providers: ['firebase'] }) })).toEqual([
        'claimRead:decodedToken.uid@1:12-1:28',
      ]);
    });

    it('names the providers that issue the claim, and the platform user id to use', () => {
      const [finding] = detect(rule, 'const id = claims.sub;', {
        config: testConfig({ providers: ['cognito', 'auth0'], platformUserId: 'accountId' }),
      });
      expect(span(finding)).toBe('1:12-1:22');
      expect(finding?.data).toEqual({ claim: 'sub', provider: 'Cognito or Auth0', platformUserId: 'accountId' });
    });

    it('summarises long provider lists', () => {
      const [finding] = detect(rule, 'const id = claims.sub;');
      expect(span(finding)).toBe('1:12-1:22');
      expect(finding?.data['provider']).toMatch(/^Cognito, Auth0 and \d+ other providers$/);
    });

    it('honours extra token words from `tokenNames`', () => {
      expect(onlyIds('const id = ctx.sub;')).toEqual([]);
      expect(onlyIds('const id = ctx.sub;', { options: { tokenNames: ['ctx'] } })).toEqual([
        'claimRead:ctx.sub@1:12-1:19',
      ]);
    });
  });

  describe('names', () => {
    it.each([
      ['an interface member', 'interface Booking { cognitoSub: string }', 'identifierName:cognitoSub@1:21-1:31'],
      ['a class property', 'class Driver { auth0Id = "" }', 'identifierName:auth0Id@1:16-1:23'],
      ['a variable', 'const firebaseUid = "x";', 'identifierName:firebaseUid@1:7-1:18'],
      ['a parameter', 'function f(clerkUserId: string) {}', 'identifierName:clerkUserId@1:12-1:23'],
      ['a method', 'class Users { findByCognitoSub() {} }', 'identifierName:findByCognitoSub@1:15-1:31'],
      ['an object literal key', 'const row = { auth0_user_id: id };', 'identifierName:auth0_user_id@1:15-1:28'],
      ['a column name in a string', "table.string('cognito_sub');", "identifierName:'cognito_sub'@1:14-1:27"],
      [
        'a column name inside SQL text',
        "sql('SELECT * FROM t WHERE auth0_user_id = $1');",
        "identifierName:'SELECT * FROM t WHERE auth0_user_id = $1'@1:5-1:47",
      ],
      ['a screaming-case constant', 'const AUTH0_USER_ID = "x";', 'identifierName:AUTH0_USER_ID@1:7-1:20'],
      [
        'a screaming-case user id of a provider with an app word after it',
        'const SUPABASE_USER_ID = process.env.SEED_USER;',
        'identifierName:SUPABASE_USER_ID@1:7-1:23',
      ],
      [
        'a multi-word provider name',
        'type T = { azureAdObjectId: string };',
        'identifierName:azureAdObjectId@1:12-1:27',
      ],
      ['an imported binding', "import { cognitoSub } from './ids';", 'identifierName:cognitoSub@1:10-1:20'],
      [
        'a property of an object declared elsewhere',
        'booking.cognitoSub = value;',
        'identifierName:cognitoSub@1:9-1:19',
      ],
    ])('reports %s', (_name, code, expected) => {
      expect(onlyIds(code)).toEqual([expected]);
    });

    it.each([
      ['provider configuration', 'const cognitoUserPoolClient = new Client(); const auth0Domain = "x";'],
      ['a provider name without an id shape', 'const cognitoGroups = []; function syncAuth0Users() {}'],
      ['the platform id', 'interface Booking { platformUserId: string; userId: string }'],
      ['a module specifier', "import { verify } from './cognito_sub';"],
      [
        'a provider project ref in an environment variable (issue 17)',
        'const ref = process.env.NEXT_PUBLIC_SUPABASE_ID; const url = `https://${ref}.supabase.co`;',
      ],
      ['a provider project ref declared as a constant', 'const NEXT_PUBLIC_SUPABASE_ID = "abcdefghijklmnopqrst";'],
      [
        'an app or tenant id of the provider',
        'const tenantAuth0Id = "x"; const appClerkId = "y"; const projectFirebaseId = "z";',
      ],
    ])('does not report %s', (_name, code) => {
      expect(onlyIds(code)).toEqual([]);
    });

    it('reports a variable used as a shorthand property once, at its declaration', () => {
      expect(onlyIds('const auth0Id = 1; save({ auth0Id });')).toEqual(['identifierName:auth0Id@1:7-1:14']);
    });

    it('reports a declared name once, not at every use', () => {
      expect(onlyIds('const cognitoSub = a; use(cognitoSub); row.cognitoSub = cognitoSub;')).toEqual([
        'identifierName:cognitoSub@1:7-1:17',
      ]);
    });
  });

  describe('literals', () => {
    it.each([
      ['an Auth0 database user id', "const id = 'auth0|64f1c2d9e8b7a6f5e4d3c2b1';", 'Auth0@1:12-1:44'],
      ['an Auth0 social user id', "const id = 'google-oauth2|1099876543210';", 'Auth0@1:12-1:41'],
      ['an Auth0 id built in a template', 'const id = `auth0|${raw}`;', 'Auth0@1:12-1:26'],
      ['a Clerk user id', "const id = 'user_2NNEqL2nrIRdJ194ndJqAHwEfxC';", 'Clerk@1:12-1:46'],
      ['a Cognito user pool id', "const pool = 'eu-west-1_AbC123xyz';", 'Cognito@1:14-1:35'],
      ['a Cognito identity id', "const id = 'us-east-1:23ec4050-6aea-7089-a2dd-08002e0a0b0c';", 'Cognito@1:12-1:60'],
      ['an Okta user id', "const id = '00ub0oNGTSWTBKOLGLNR';", 'Okta@1:12-1:34'],
    ])('reports %s', (_name, code, provider) => {
      const findings = detect(rule, code);
      expect(findings.map((finding) => [finding.messageId, `${finding.data['provider']}@${span(finding)}`])).toEqual([
        ['identifierValue', provider],
      ]);
    });

    it.each([
      ['a `user_id` column', "const column = 'user_id';"],
      ['a short `user_` string', "const prefix = 'user_';"],
      ['a pipe in prose', "const label = 'a | b';"],
      ['an unknown connection prefix', "const id = 'acme|123';"],
      ['a plain UUID', "const id = '9f1c2b3a-1234-4abc-9def-0123456789ab';"],
    ])('does not report %s', (_name, code) => {
      expect(detect(rule, code)).toEqual([]);
    });
  });

  describe('layers', () => {
    const code = 'const { sub } = claims; const cognitoSub = sub;';

    it('allows everything in the auth layer', () => {
      expect(detect(rule, code, { path: 'src/auth/identity-mapping.ts' })).toEqual([]);
    });

    it.each([['src/bff/home.ts'], ['src/booking/booking.ts'], ['scripts/seed.ts']])('reports in %s', (path) => {
      expect(onlyIds(code, { path })).toEqual(['claimRead:sub@1:9-1:12', 'identifierName:cognitoSub@1:31-1:41']);
    });

    it('skips ignored files', () => {
      expect(
        detect(rule, code, { path: 'src/booking/booking.test.ts', config: testConfig({ ignore: ['**/*.test.ts'] }) }),
      ).toEqual([]);
    });
  });

  describe('options', () => {
    it.each([
      ['checkClaimReads', 'const id = claims.sub;', 'claimRead:claims.sub@1:12-1:22'],
      ['checkNames', 'const cognitoSub = 1;', 'identifierName:cognitoSub@1:7-1:17'],
      ['checkLiterals', "const id = 'auth0|abc';", "identifierValue:'auth0|abc'@1:12-1:23"],
    ])('`%s: false` turns its check off', (option, code, reported) => {
      expect(onlyIds(code)).toEqual([reported]);
      expect(detect(rule, code, { options: { [option]: false } })).toEqual([]);
    });

    it('takes options from the configuration file when the host passes none', () => {
      const config = testConfig({ rules: { 'no-provider-id-outside-auth': ['error', { checkLiterals: false }] } });
      expect(detect(rule, "const id = 'auth0|abc';", { config })).toEqual([]);
    });
  });

  it('reports custom providers from the configuration', () => {
    const config = testConfig({
      providers: ['acme-id'],
      customProviders: [
        {
          id: 'acme-id',
          name: 'Acme ID',
          nameWords: ['acme'],
          identifierClaims: ['acme:uid'],
          identifierValues: [{ prefix: 'acme|', shape: 'an Acme user id' }],
        },
      ],
    });
    expect(onlyIds("const a = t['acme:uid']; const acmeUserId = 'acme|42';", { config })).toEqual([
      "claimRead:t['acme:uid']@1:11-1:24",
      'identifierName:acmeUserId@1:32-1:42',
      "identifierValue:'acme|42'@1:45-1:54",
    ]);
  });

  it('reports positions 1-based, from the start of the node', () => {
    const [finding] = detect(rule, '\n  const x = claims.sub;');
    expect(span(finding)).toBe('2:13-2:23');
  });
});
