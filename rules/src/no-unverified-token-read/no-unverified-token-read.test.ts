import { describe, expect, it } from 'vitest';
import { presetRuleIds } from '../catalogue.js';
import { detect, span, testConfig } from '../testing/index.js';
import { noUnverifiedTokenRead as rule } from './index.js';

/** Each finding's message, data, and the text it underlines with its range (`decode(raw)@2:14-2:25`). */
const findings = (code: string, options?: Parameters<typeof detect>[2]) =>
  detect(rule, code, options).map((finding) => ({
    messageId: finding.messageId,
    data: finding.data,
    text: `${finding.text}@${span(finding)}`,
  }));

describe('no-unverified-token-read', () => {
  describe('the expiry of a token the code fetched itself (found on real code, issue 17)', () => {
    const positions = (code: string) =>
      detect(rule, code, { path: 'src/lib/fetcher.ts' }).map((finding) => ({
        messageId: finding.messageId,
        use: finding.data['use'],
        at: span(finding),
      }));

    it.each([
      [
        '`exp` of a token from the auth client, to cache it',
        "import { decodeJwt } from 'jose';\nconst { data } = await authClient.token();\nconst expiresAt = decodeJwt(data.token).exp * 1000;",
      ],
      [
        "`exp` and `iat` destructured from a token endpoint's JSON body",
        "import { decodeJwt } from 'jose';\nconst body = await (await fetch(tokenUrl, { method: 'POST' })).json();\nconst { exp, iat } = decodeJwt(body.access_token);",
      ],
      [
        '`exp` of a fetched token through a tracked name',
        "import { jwtDecode } from 'jwt-decode';\nconst tokens = await refreshTokens(refreshToken);\nconst decoded = jwtDecode(tokens.accessToken);\nschedule(decoded.exp);",
      ],
    ])('does not report %s', (_name, code) => {
      expect(positions(code)).toEqual([]);
    });

    it.each([
      [
        "`exp` of a token from the request's header (a session check on unverified data)",
        "import { decodeJwt } from 'jose';\nconst token = await request.headers.get('authorization');\nif (decodeJwt(token).exp * 1000 < Date.now()) redirect('/login');",
        '`exp`',
        '3:5-3:21',
      ],
      [
        '`exp` of a token from a cookie',
        "import { decodeJwt } from 'jose';\nconst session = await cookies().get('session');\nconst exp = decodeJwt(session.value).exp;",
        '`exp`',
        '3:13-3:37',
      ],
      [
        '`exp` of a token passed in as a parameter',
        "import { decodeJwt } from 'jose';\nexport const isExpired = (token: string) => decodeJwt(token).exp * 1000 < Date.now();",
        '`exp`',
        '2:45-2:61',
      ],
      [
        'a role read from a fetched token',
        "import { decodeJwt } from 'jose';\nconst { data } = await authClient.token();\nconst role = decodeJwt(data.token).role;",
        '`role`',
        '3:14-3:35',
      ],
    ])('reports %s', (_name, code, use, at) => {
      expect(positions(code)).toEqual([{ messageId: 'unverifiedClaims', use, at }]);
    });
  });

  describe('decoders, tracked through the local names they are imported as', () => {
    it.each([
      [
        'jsonwebtoken `decode` imported by name',
        "import { decode } from 'jsonwebtoken';\nconst role = decode(raw).role;",
        'decode',
        'decode(raw)@2:14-2:25',
        '`role`',
      ],
      [
        'jsonwebtoken `decode` renamed on import',
        "import { decode as d } from 'jsonwebtoken';\nconst role = d(raw).role;",
        'd',
        'd(raw)@2:14-2:20',
        '`role`',
      ],
      [
        'jsonwebtoken default import',
        "import jwt from 'jsonwebtoken';\nconst claims = jwt.decode(raw);\nif (claims.admin) grant();",
        'jwt.decode',
        'jwt.decode(raw)@2:16-2:31',
        '`admin`',
      ],
      [
        'jsonwebtoken namespace import',
        "import * as jsonwebtoken from 'jsonwebtoken';\nconst { sub } = jsonwebtoken.decode(raw);",
        'jsonwebtoken.decode',
        'jsonwebtoken.decode(raw)@2:17-2:41',
        '`sub`',
      ],
      [
        'jsonwebtoken required',
        "const jwt = require('jsonwebtoken');\nreturn jwt.decode(raw).tenant;",
        'jwt.decode',
        'jwt.decode(raw)@2:8-2:23',
        '`tenant`',
      ],
      [
        '`decode` destructured from require',
        "const { decode } = require('jsonwebtoken');\nreturn decode(raw)['custom:tenant'];",
        'decode',
        'decode(raw)@2:8-2:19',
        '`custom:tenant`',
      ],
      [
        'jose `decodeJwt`',
        "import { decodeJwt } from 'jose';\nconst tenant = decodeJwt(token).tenant;",
        'decodeJwt',
        'decodeJwt(token)@2:16-2:32',
        '`tenant`',
      ],
      [
        'jose namespace `decodeJwt`',
        "import * as jose from 'jose';\nreturn jose.decodeJwt(token);",
        'jose.decodeJwt',
        'jose.decodeJwt(token)@2:8-2:29',
        'the whole payload',
      ],
      [
        'jwt-decode 4 `jwtDecode`',
        "import { jwtDecode } from 'jwt-decode';\nconst user = jwtDecode(token);\nshow(user.email);",
        'jwtDecode',
        'jwtDecode(token)@2:14-2:30',
        '`email`',
      ],
      [
        'jwt-decode 3 default import',
        "import decodeToken from 'jwt-decode';\nconst { exp } = decodeToken(token);",
        'decodeToken',
        'decodeToken(token)@2:17-2:35',
        '`exp`',
      ],
      [
        'a decoded payload passed on whole',
        "import { decodeJwt } from 'jose';\nawait audit(decodeJwt(token));",
        'decodeJwt',
        'decodeJwt(token)@2:13-2:29',
        'the whole payload',
      ],
      [
        'a tracked variable returned whole',
        "import { decodeJwt } from 'jose';\nexport function claimsOf(token: string) {\n  const claims = decodeJwt(token);\n  return claims;\n}",
        'decodeJwt',
        'decodeJwt(token)@3:18-3:34',
        'the whole payload',
      ],
      [
        'a decoded payload spread into an object',
        "import { decode } from 'jsonwebtoken';\nconst { ...rest } = decode(raw);",
        'decode',
        'decode(raw)@2:21-2:32',
        'the whole payload',
      ],
      [
        'a decoded payload behind `?? {}`',
        "import { decode } from 'jsonwebtoken';\nconst decoded = decode(raw, { json: true }) ?? {};",
        'decode',
        'decode(raw, { json: true })@2:17-2:44',
        'the whole payload',
      ],
    ])('reports %s', (_name, code, call, text, use) => {
      expect(findings(code)).toEqual([{ messageId: 'unverifiedClaims', data: { call, use }, text }]);
    });

    it.each([
      ['`decode` of another module', "import { decode } from 'html-entities';\nconst text = decode(raw).trim();"],
      [
        'a local function named `decode`',
        'function decode(raw: string) { return JSON.parse(raw); }\nconst role = decode(raw).role;',
      ],
      [
        '`jwt.decode` when `jwt` is not jsonwebtoken',
        "import jwt from './jwt-helpers.js';\nconst role = jwt.decode(raw).role;",
      ],
      [
        'a type-only import of jsonwebtoken',
        "import type { JwtPayload } from 'jsonwebtoken';\nconst decode = (raw: string): JwtPayload => JSON.parse(raw);\nconst role = decode(raw).role;",
      ],
      ['`jwt.verify` of jsonwebtoken', "import jwt from 'jsonwebtoken';\nconst role = jwt.verify(raw, key).role;"],
      [
        'jose `jwtVerify`',
        "import { jwtVerify } from 'jose';\nconst { payload } = await jwtVerify(token, keys, { issuer, audience });",
      ],
      [
        'only `iss` read to pick the verifier',
        "import { decodeJwt } from 'jose';\nconst verifier = verifiers.get(decodeJwt(token).iss);",
      ],
      [
        'only `iss` destructured to pick the verifier',
        "import { decodeJwt } from 'jose';\nconst { iss } = decodeJwt(token);\nconst verifier = verifiers.get(iss);",
      ],
      [
        'only `iss` read from a tracked variable',
        "import { decode } from 'jsonwebtoken';\nconst unverified = decode(raw);\nconst verifier = byIssuer[unverified.iss];",
      ],
      ['a decode whose result is not used', "import { decodeJwt } from 'jose';\ndecodeJwt(token);"],
      [
        'a `decodeJwt` of another library',
        "import { decodeJwt } from './testing-tokens.js';\nconst role = decodeJwt(token).role;",
      ],
      [
        'the verified payload of jsonwebtoken, destructured',
        "const { verify } = require('jsonwebtoken');\nconst { sub } = verify(raw, key, { issuer, audience });",
      ],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });
  });

  describe('the ID token of the token endpoint response in the code flow (OIDC Core 3.1.3.7, issue 17)', () => {
    const at = (code: string) =>
      detect(rule, code).map((finding) => ({ messageId: finding.messageId, text: `${finding.text}@${span(finding)}` }));
    const FETCH_EXCHANGE =
      "const response = await fetch(tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri }) });\nconst tokens = await response.json();\n";

    it.each([
      [
        'oauth4webapi after `processAuthorizationCodeResponse`',
        "import * as oauth from 'oauth4webapi';\nimport { decodeJwt } from 'jose';\nconst result = await oauth.processAuthorizationCodeResponse(as, client, response);\nconst { sub, email } = decodeJwt(result.id_token!);",
      ],
      [
        'oauth4webapi v2, named import, destructured `id_token`',
        "import { processAuthorizationCodeOpenIDResponse } from 'oauth4webapi';\nimport { jwtDecode } from 'jwt-decode';\nconst { id_token } = await processAuthorizationCodeOpenIDResponse(as, client, response);\nconst profile = jwtDecode(id_token);\nsave(profile.email);",
      ],
      [
        'openid-client `callback()`',
        "import { Issuer } from 'openid-client';\nimport jwt from 'jsonwebtoken';\nconst tokenSet = await client.callback(redirectUri, params, { state, nonce });\nconst claims = jwt.decode(tokenSet.id_token);\nreturn claims.sub;",
      ],
      [
        'openid-client v6 `authorizationCodeGrant`, `idToken` in a local name',
        "import * as client from 'openid-client';\nimport { decodeJwt } from 'jose';\nconst tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier });\nconst idToken = tokens.id_token;\nreturn decodeJwt(idToken!).email;",
      ],
      [
        'a hand-written code exchange with `fetch`',
        `import { jwtDecode } from 'jwt-decode';\n${FETCH_EXCHANGE}const { email, name } = jwtDecode(tokens.id_token);`,
      ],
      [
        'a code exchange with axios, the grant type in a local body',
        "import axios from 'axios';\nimport jwt from 'jsonwebtoken';\nconst body = { grant_type: 'authorization_code', code, client_id };\nconst { data } = await axios.post(tokenUrl, body);\nconst user = jwt.decode(data.id_token);\nreturn user.email;",
      ],
      [
        'a manual decode of the exchanged ID token',
        `${FETCH_EXCHANGE}const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());`,
      ],
    ])('does not report %s', (_name, code) => {
      expect(at(code)).toEqual([]);
    });

    it.each([
      [
        'an ID token sent by the browser',
        "import { decodeJwt } from 'jose';\nconst idToken = request.headers.get('x-id-token')!;\nreturn decodeJwt(idToken).email;",
        'decodeJwt(idToken)@3:8-3:26',
      ],
      [
        'an `id_token` of a refresh-token exchange',
        "import { decodeJwt } from 'jose';\nconst tokens = await (await fetch(tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token }) })).json();\nreturn decodeJwt(tokens.id_token).role;",
        'decodeJwt(tokens.id_token)@3:8-3:34',
      ],
      [
        'the access token of a code exchange',
        `import { jwtDecode } from 'jwt-decode';\n${FETCH_EXCHANGE}const { roles } = jwtDecode(tokens.access_token);`,
        'jwtDecode(tokens.access_token)@4:19-4:49',
      ],
      [
        'an ID token stored in the session and decoded later',
        "import { decodeJwt } from 'jose';\nreturn decodeJwt(session.id_token).role;",
        'decodeJwt(session.id_token)@2:8-2:35',
      ],
      [
        '`authorization_code` as a property name only',
        "import { decodeJwt } from 'jose';\nconst tokens = await (await fetch(url, { body: JSON.stringify({ authorization_code: code }) })).json();\nreturn decodeJwt(tokens.id_token).role;",
        'decodeJwt(tokens.id_token)@3:8-3:34',
      ],
    ])('reports %s', (_name, code, text) => {
      expect(at(code)).toEqual([{ messageId: 'unverifiedClaims', text }]);
    });
  });

  describe('decodeProtectedHeader: only key selection (`kid`, `alg`) is legitimate', () => {
    it.each([
      [
        '`kid` read to pick a key',
        "import { decodeProtectedHeader } from 'jose';\nconst key = keys.get(decodeProtectedHeader(token).kid);",
      ],
      [
        '`kid` and `alg` destructured',
        "import { decodeProtectedHeader } from 'jose';\nconst { kid, alg } = decodeProtectedHeader(token);\nconst key = await importJWK(jwks[kid], alg);",
      ],
      [
        '`kid` and `alg` read from a header variable',
        "import * as jose from 'jose';\nconst header = jose.decodeProtectedHeader(token);\nconst key = jwks.find((k) => k.kid === header.kid && k.alg === header.alg);",
      ],
      [
        'jwt-decode with `{ header: true }`, `kid` read',
        "import { jwtDecode } from 'jwt-decode';\nconst key = keys[jwtDecode(token, { header: true }).kid];",
      ],
      [
        'a shadowing parameter of the same name',
        "import { decodeProtectedHeader } from 'jose';\nconst header = decodeProtectedHeader(token);\nuse(header.kid);\nfunction other(header: Record<string, string>) { return header.typ; }",
      ],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });

    it.each([
      [
        'another header member',
        "import { decodeProtectedHeader } from 'jose';\nif (decodeProtectedHeader(token).typ === 'at+jwt') accept();",
        'decodeProtectedHeader',
        'decodeProtectedHeader(token)@2:5-2:33',
        '`typ`',
      ],
      [
        '`jku` destructured (a key URL the attacker chose)',
        "import { decodeProtectedHeader } from 'jose';\nconst { kid, jku } = decodeProtectedHeader(token);",
        'decodeProtectedHeader',
        'decodeProtectedHeader(token)@2:22-2:50',
        '`jku`',
      ],
      [
        'a header variable read beyond `kid`',
        "import { decodeProtectedHeader } from 'jose';\nconst header = decodeProtectedHeader(token);\nconst key = keys.get(header.kid);\nif (header.x5u) fetchKey(header.x5u);",
        'decodeProtectedHeader',
        'decodeProtectedHeader(token)@2:16-2:44',
        '`x5u`',
      ],
      [
        'a header passed on whole',
        "import { decodeProtectedHeader } from 'jose';\nconst header = decodeProtectedHeader(token);\nreturn chooseKey(header);",
        'decodeProtectedHeader',
        'decodeProtectedHeader(token)@2:16-2:44',
        'the whole header',
      ],
      [
        'jwt-decode with `{ header: true }`, `typ` read',
        "import { jwtDecode } from 'jwt-decode';\nconst typ = jwtDecode(token, { header: true }).typ;",
        'jwtDecode',
        'jwtDecode(token, { header: true })@2:13-2:47',
        '`typ`',
      ],
    ])('reports %s', (_name, code, call, text, use) => {
      expect(findings(code)).toEqual([{ messageId: 'unverifiedHeader', data: { call, use }, text }]);
    });
  });

  describe("jsonwebtoken's `decode(t, { complete: true })`: header and payload judged apart", () => {
    const JWT = "import jwt from 'jsonwebtoken';\n";

    it.each([
      [
        '`header.kid` read to pick a signing key (the jwks-rsa pattern)',
        `${JWT}const decoded = jwt.decode(token, { complete: true });\nconst key = await jwks.getSigningKey(decoded.header.kid);`,
      ],
      [
        '`header.kid` read directly',
        `${JWT}const key = await jwks.getSigningKey(jwt.decode(token, { complete: true }).header.kid);`,
      ],
      [
        'a nested destructuring of `kid` and `alg`',
        `${JWT}const { header: { kid, alg } } = jwt.decode(token, { complete: true });`,
      ],
      [
        'a destructured `header` whose `kid` is read',
        `${JWT}const { header } = jwt.decode(token, { complete: true });\nconst key = keys.get(header.kid);`,
      ],
      [
        '`payload.iss` read to pick the verifier',
        `${JWT}const decoded = jwt.decode(token, { complete: true });\nconst verifier = verifiers.get(decoded.payload.iss);`,
      ],
      [
        'a check that decoding gave anything, then `header.kid` (found on real code, issue 17)',
        `${JWT}const decoded = jwt.decode(token, { complete: true });\nif (!decoded) return bad();\nif (decoded === null || decoded == undefined) return bad();\nconst key = await jwks.getSigningKey(decoded.header.kid);`,
      ],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });

    it.each([
      [
        'a payload claim',
        `${JWT}const decoded = jwt.decode(token, { complete: true });\nif (decoded.payload.admin) grant();`,
        'unverifiedClaims',
        '`admin`',
        '2:17-2:54',
      ],
      [
        'a header member other than `kid`/`alg`',
        `${JWT}const { header } = jwt.decode(token, { complete: true });\nconst url = header.jku;`,
        'unverifiedHeader',
        '`jku`',
        '2:20-2:57',
      ],
      [
        'the whole header handed on',
        `${JWT}const decoded = jwt.decode(token, { complete: true });\nreturn resolveKey(decoded.header);`,
        'unverifiedHeader',
        'the whole header',
        '2:17-2:54',
      ],
      [
        'the whole result handed on',
        `${JWT}return jwt.decode(token, { complete: true });`,
        'unverifiedClaims',
        'the whole payload',
        '2:8-2:45',
      ],
      [
        'a payload claim after a presence check',
        `${JWT}const decoded = jwt.decode(token, { complete: true });\nif (!decoded) return bad();\nif (decoded.payload.admin) grant();`,
        'unverifiedClaims',
        '`admin`',
        '2:17-2:54',
      ],
    ])('reports %s', (_name, code, messageId, use, range) => {
      expect(findings(code)).toEqual([
        { messageId, data: { call: 'jwt.decode', use }, text: `jwt.decode(token, { complete: true })@${range}` },
      ]);
    });
  });

  describe('manual base64 decoding of the payload segment', () => {
    it.each([
      [
        'Buffer.from of segment 1, base64',
        "const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64').toString());",
        "Buffer.from(token.split('.')[1], 'base64')@1:27-1:69",
      ],
      [
        'Buffer.from of segment 1, base64url',
        "const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));",
        "Buffer.from(token.split('.')[1]!, 'base64url')@1:27-1:73",
      ],
      ['atob of segment 1', "const claims = JSON.parse(atob(t.split('.')[1]));", "atob(t.split('.')[1])@1:27-1:48"],
      [
        'atob of a base64url segment rewritten to base64',
        "const claims = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));",
        "atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))@1:27-1:86",
      ],
      [
        'a segment destructured from the split',
        "const [, payload] = token.split('.');\nconst claims = JSON.parse(atob(payload + '=='));",
        "atob(payload + '==')@2:27-2:47",
      ],
      [
        'a segment indexed from a split variable',
        "const parts = token.split('.');\nconst json = Buffer.from(parts[1], 'base64url').toString();",
        "Buffer.from(parts[1], 'base64url')@2:14-2:48",
      ],
      [
        '`.at(1)` of the split',
        "const json = atob(token.split('.').at(1)!);",
        "atob(token.split('.').at(1)!)@1:14-1:43",
      ],
      [
        'jose `base64url.decode` of the segment',
        "import { base64url } from 'jose';\nconst json = new TextDecoder().decode(base64url.decode(token.split('.')[1]));",
        "base64url.decode(token.split('.')[1])@2:39-2:76",
      ],
    ])('reports %s', (_name, code, text) => {
      expect(findings(code)).toEqual([{ messageId: 'manualDecode', data: {}, text }]);
    });

    it.each([
      ['the header segment (index 0)', "const header = JSON.parse(atob(token.split('.')[0]));"],
      ['a segment of a string split on another separator', "const second = atob(csv.split(',')[1]);"],
      ['Buffer.from of the segment without a base64 encoding', "const bytes = Buffer.from(token.split('.')[1]);"],
      ['base64 decoding of something else', "const image = Buffer.from(upload.data, 'base64');"],
      [
        'a local `atob` that is imported (not the global)',
        "import { atob } from './codec.js';\nconst value = atob(token.split('.')[1]);",
      ],
      ['counting the segments of a token', "const looksLikeJwt = token.split('.').length === 3;"],
      ['the signature segment (index 2)', "const signature = Buffer.from(token.split('.')[2], 'base64url');"],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });
  });

  describe('test files', () => {
    const code = "import { decodeJwt } from 'jose';\nexpect(decodeJwt(token).sub).toBe('42');";
    const reported = [
      { messageId: 'unverifiedClaims', data: { call: 'decodeJwt', use: '`sub`' }, text: 'decodeJwt(token)@2:8-2:24' },
    ];

    it.each([
      'src/booking/booking.test.ts',
      'src/booking/booking.spec.ts',
      'src/booking/__tests__/booking.ts',
      'test/helpers/tokens.ts',
    ])('does not report in %s (default `testFiles`)', (path) => {
      expect(findings(code, { path })).toEqual([]);
    });

    it('reports in source files, in every layer (the auth layer included)', () => {
      expect(findings(code, { path: 'src/auth/session.ts' })).toEqual(reported);
      expect(findings(code, { path: 'src/bff/home.handler.ts' })).toEqual(reported);
      expect(findings(code, { path: 'scripts/rotate-keys.ts' })).toEqual(reported);
    });

    it('takes the test globs from `testFiles`', () => {
      expect(findings(code, { path: 'src/booking/booking.test.ts', options: { testFiles: [] } })).toEqual(reported);
      expect(findings(code, { path: 'src/booking/fixtures.ts', options: { testFiles: ['**/fixtures.ts'] } })).toEqual(
        [],
      );
    });

    it('never sees files the configuration ignores', () => {
      expect(
        findings(code, { path: 'src/booking/tokens.fake.ts', config: testConfig({ ignore: ['**/*.fake.ts'] }) }),
      ).toEqual([]);
    });
  });

  it('is in the recommended preset (and so in strict)', () => {
    expect(presetRuleIds('recommended')).toContain(rule.id);
    expect(presetRuleIds('strict')).toContain(rule.id);
  });
});
