import { describe, expect, it } from 'vitest';
import { detect, span, testConfig } from '../testing/index.js';
import { noRemoteTokenVerification as rule } from './index.js';

const findings = (code: string, options?: Parameters<typeof detect>[2]) =>
  detect(rule, code, options).map(
    (finding) => `${finding.messageId}:${finding.data['callee'] ?? finding.data['endpoint']}@${span(finding)}`,
  );

describe('no-remote-token-verification', () => {
  describe('round trips to the provider', () => {
    it.each([
      [
        'Cognito GetUserCommand',
        "import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';\nexport async function me(token: string) { return cognito.send(new GetUserCommand({ AccessToken: token })); }",
        'remoteCall:new GetUserCommand@2:63-2:105',
      ],
      [
        'Amplify fetchUserAttributes on the server',
        "import { fetchUserAttributes } from 'aws-amplify/auth/server';\nconst attributes = await fetchUserAttributes(contextSpec);",
        'remoteCall:fetchUserAttributes@2:26-2:58',
      ],
      [
        'Auth0 /userinfo through the SDK',
        "import { UserInfoClient } from 'auth0';\nconst profile = await userInfo.getUserInfo(accessToken);",
        'remoteCall:userInfo.getUserInfo@2:23-2:56',
      ],
      [
        'Auth0 v3 getProfile',
        'const auth0 = new AuthenticationClient(options);\nconst profile = await auth0.getProfile(accessToken);',
        'remoteCall:auth0.getProfile@2:23-2:52',
      ],
      [
        'Keycloak live validation',
        "import Keycloak from 'keycloak-connect';\nconst ok = await keycloak.grantManager.validateAccessToken(token);",
        'remoteCall:keycloak.grantManager.validateAccessToken@2:18-2:66',
      ],
      [
        'Okta token introspection',
        "import { OktaAuth } from '@okta/okta-auth-js';\nconst result = await authClient.token.introspect('accessToken', token);",
        'remoteCall:authClient.token.introspect@2:22-2:71',
      ],
      [
        'supabase.auth.getUser',
        'const { data } = await supabase.auth.getUser(jwt);',
        'remoteCall:supabase.auth.getUser@1:24-1:50',
      ],
      [
        'getUser on a client from a local Supabase helper',
        "import { createClient } from '@/lib/supabase/server';\nconst client = await createClient();\nconst { data } = await client.auth.getUser();",
        'remoteCall:client.auth.getUser@3:24-3:45',
      ],
      [
        'Firebase verifyIdToken with the revocation check',
        "import { getAuth } from 'firebase-admin/auth';\nconst decoded = await getAuth().verifyIdToken(idToken, true);",
        'remoteCall:verifyIdToken@2:23-2:61',
      ],
      [
        'Firebase verifySessionCookie with the revocation check',
        'const claims = await firebaseAuth.verifySessionCookie(cookie, true);',
        'remoteCall:firebaseAuth.verifySessionCookie@1:22-1:68',
      ],
      [
        'Clerk users.getUser in middleware',
        "import { clerkClient } from '@clerk/express';\napp.use(async (req, res, next) => { req.profile = await clerkClient.users.getUser(req.auth.userId); next(); });",
        'remoteCall:clerkClient.users.getUser@2:57-2:99',
      ],
      [
        'Clerk currentUser() in a route handler',
        "import { currentUser } from '@clerk/nextjs/server';\nexport async function GET() { const user = await currentUser(); return Response.json(user); }",
        'remoteCall:currentUser@2:50-2:63',
      ],
      [
        'Clerk users.getUser on a client from clerkClient()',
        "import { clerkClient } from '@clerk/nextjs/server';\nexport async function POST(request: Request) { const client = await clerkClient(); return client.users.getUser(id); }",
        'remoteCall:client.users.getUser@2:91-2:115',
      ],
      [
        'Ory toSession',
        "import { FrontendApi } from '@ory/client';\nconst { data: session } = await ory.toSession({ cookie: req.headers.cookie });",
        'remoteCall:ory.toSession@2:33-2:78',
      ],
      [
        'Stytch sessions.authenticate',
        "import * as stytch from 'stytch';\nconst { user } = await client.sessions.authenticate({ session_token: token });",
        'remoteCall:client.sessions.authenticate@2:24-2:78',
      ],
      [
        'FusionAuth JWT validation',
        "import { FusionAuthClient } from '@fusionauth/typescript-client';\nconst result = await client.validateJWT(token);",
        'remoteCall:client.validateJWT@2:22-2:47',
      ],
    ])('reports %s', (_name, code, expected) => {
      expect(findings(code)).toEqual([expected]);
    });

    it.each([
      [
        'the userinfo endpoint',
        'const profile = await fetch(`https://${domain}/userinfo`, { headers });',
        'tokenEndpoint:/userinfo@1:23-1:71',
      ],
      [
        'the Cognito userInfo endpoint',
        "const profile = await fetch('https://auth.example.com/oauth2/userInfo');",
        'tokenEndpoint:/userinfo@1:23-1:72',
      ],
      [
        'an introspection endpoint through axios',
        'const { data } = await axios.post(`${issuer}/v1/introspect`, body);',
        'tokenEndpoint:/introspect@1:24-1:67',
      ],
      [
        'an endpoint in new URL()',
        "const response = await fetch(new URL('/protocol/openid-connect/userinfo', realm));",
        'tokenEndpoint:/userinfo@1:24-1:82',
      ],
    ])('reports a request to %s', (_name, code, expected) => {
      expect(findings(code)).toEqual([expected]);
    });

    it.each([
      [
        'a getUser of an unrelated client',
        "import { db } from '../db';\nconst user = await db.users.getUser(id); const row = await repo.auth.getUser(id);",
      ],
      [
        'the IAM GetUserCommand',
        "import { GetUserCommand } from '@aws-sdk/client-iam';\nawait iam.send(new GetUserCommand({ UserName: name }));",
      ],
      [
        'Firebase verifyIdToken without the revocation check',
        "import { getAuth } from 'firebase-admin/auth';\nconst decoded = await getAuth().verifyIdToken(idToken);",
      ],
      [
        'Firebase verifyIdToken with an explicit false',
        'const decoded = await firebaseAuth.verifyIdToken(idToken, false);',
      ],
      [
        'Clerk users.getUser in a back-office script, not a request',
        "import { createClerkClient } from '@clerk/backend';\nasync function backfill(ids: string[]) { for (const id of ids) await clerk.users.getUser(id); }",
      ],
      [
        'a locally defined currentUser()',
        'function currentUser() { return store.user; }\nexport async function GET() { return currentUser(); }',
      ],
      ['a fetch of another endpoint', "await fetch('/api/users/info'); await fetch(`${base}/introspection-docs`);"],
      [
        'Supabase getClaims (local verification with asymmetric keys)',
        'const { data } = await supabase.auth.getClaims();',
      ],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });

    describe('found on real code', () => {
      it.each([['src/app/auth/callback/route.ts'], ['src/app/api/auth/login/route.ts'], ['src/pages/sign-in.tsx']])(
        'does not look at the sign-in route %s (once per sign-in)',
        (path) => {
          expect(
            findings('export async function GET(request: Request) { return supabase.auth.getUser(); }', { path }),
          ).toEqual([]);
        },
      );

      it('still looks at routes whose names only contain those words', () => {
        expect(
          findings('export async function GET(request: Request) { return supabase.auth.getUser(); }', {
            path: 'src/app/api/login-history/route.ts',
          }),
        ).toEqual(['remoteCall:supabase.auth.getUser@1:54-1:77']);
      });

      it('reports currentUser() in an async React Server Component, which renders per request', () => {
        const code =
          "import { currentUser } from '@clerk/nextjs/server';\nconst Navbar = async () => { const user = await currentUser(); return user?.firstName; };";
        expect(findings(code, { path: 'src/components/Navbar.tsx' })).toEqual(['remoteCall:currentUser@2:49-2:62']);
      });

      it.each([
        [
          'a client component',
          "'use client';\nimport { supabase } from '@/lib/supabase';\nexport function Team() { const load = async () => (await supabase.auth.getUser()).data.user; }",
          'src/components/Team.tsx',
        ],
        [
          'a React hook',
          "import { supabase } from '@/lib/supabase';\nexport function useRallies() { const save = async () => { const { data } = await supabase.auth.getUser(); }; }",
          'src/hooks/useRallies.ts',
        ],
        [
          'an async component in a client file',
          "'use client';\nimport { currentUser } from '@clerk/nextjs/server';\nconst Menu = async () => currentUser();",
          'src/components/Menu.tsx',
        ],
      ])('does not report browser code: %s', (_name, code, path) => {
        expect(findings(code, { path })).toEqual([]);
      });
    });

    it('reports in every layer, the auth layer included', () => {
      expect(findings('await supabase.auth.getUser(token);', { path: 'src/auth/session.ts' })).toEqual([
        'remoteCall:supabase.auth.getUser@1:7-1:35',
      ]);
    });

    it('considers only the configured providers', () => {
      expect(
        findings('await supabase.auth.getUser(token);', { config: testConfig({ providers: ['cognito'] }) }),
      ).toEqual([]);
    });

    it('suggests dropping the revocation flag, without fixing automatically', () => {
      const [finding] = detect(rule, 'const d = await firebaseAuth.verifyIdToken(idToken, true);');
      expect(span(finding)).toBe('1:17-1:58');
      expect(finding?.suggestions).toEqual([
        {
          messageId: 'verifyLocally',
          data: { callee: 'firebaseAuth.verifyIdToken', provider: 'Firebase Auth' },
          output: 'const d = await firebaseAuth.verifyIdToken(idToken);',
        },
      ]);
    });

    it('offers no suggestion where no safe edit exists', () => {
      const [finding] = detect(rule, 'await supabase.auth.getUser(token);');
      expect(span(finding)).toBe('1:7-1:35');
      expect(finding?.suggestions).toEqual([]);
    });
  });

  describe('verifiers and key sets created per request', () => {
    it.each([
      [
        'createRemoteJWKSet inside a handler',
        "import { createRemoteJWKSet, jwtVerify } from 'jose';\nexport async function verify(token: string) { const keys = createRemoteJWKSet(new URL(jwksUrl)); return jwtVerify(token, keys); }",
        'perRequestVerifier:createRemoteJWKSet@2:60-2:96',
      ],
      [
        'CognitoJwtVerifier.create inside middleware',
        "import { CognitoJwtVerifier } from 'aws-jwt-verify';\napp.use(async (req, res, next) => { const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId }); await verifier.verify(token); next(); });",
        'perRequestVerifier:CognitoJwtVerifier.create@2:54-2:125',
      ],
      [
        'new OktaJwtVerifier inside a function',
        "import OktaJwtVerifier from '@okta/jwt-verifier';\nasync function check(token: string) { return new OktaJwtVerifier({ issuer }).verifyAccessToken(token, 'api://default'); }",
        'perRequestVerifier:new OktaJwtVerifier@2:46-2:77',
      ],
      [
        'jwksClient inside a function',
        "import jwksClient from 'jwks-rsa';\nfunction getKey(header, callback) { const client = jwksClient({ jwksUri }); client.getSigningKey(header.kid, callback); }",
        'perRequestVerifier:jwksClient@2:52-2:75',
      ],
    ])('reports %s', (_name, code, expected) => {
      expect(findings(code)).toEqual([expected]);
    });

    it.each([
      [
        'a key set created at module scope',
        "import { createRemoteJWKSet, jwtVerify } from 'jose';\nconst keys = createRemoteJWKSet(new URL(jwksUrl));\nexport const verify = (token: string) => jwtVerify(token, keys);",
      ],
      [
        'a verifier created at module scope',
        "import { CognitoJwtVerifier } from 'aws-jwt-verify';\nconst verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId });",
      ],
      [
        'a lazily created key set stored outside the function',
        "import { createRemoteJWKSet } from 'jose';\nlet keys;\nfunction keySet() { keys ??= createRemoteJWKSet(new URL(jwksUrl)); return keys; }",
      ],
      [
        'a verifier stored on the instance in a constructor',
        "import OktaJwtVerifier from '@okta/jwt-verifier';\nclass TokenService { private readonly verifier; constructor() { this.verifier = new OktaJwtVerifier({ issuer }); } }",
      ],
      [
        'a verifier captured by the middleware a factory returns',
        "import { CognitoJwtVerifier } from 'aws-jwt-verify';\nexport function authMiddleware(config) { const verifier = CognitoJwtVerifier.create(config); return async (req, res, next) => { await verifier.verify(req.token); next(); }; }",
      ],
      [
        'a verifier built by a create… factory',
        "import { createRemoteJWKSet } from 'jose';\nexport function createKeySet(url: string) { return createRemoteJWKSet(new URL(url)); }",
      ],
      [
        'a per-issuer map filled once',
        "import { createRemoteJWKSet } from 'jose';\nconst byIssuer = new Map();\nfunction keysFor(iss: string) { let keys = byIssuer.get(iss); if (!keys) { keys = createRemoteJWKSet(new URL(`${iss}/.well-known/jwks.json`)); byIssuer.set(iss, keys); } return keys; }",
      ],
      [
        'createRemoteJWKSet not imported from jose',
        'function createRemoteJWKSet() {}\nfunction f() { return createRemoteJWKSet(); }',
      ],
    ])('does not report %s', (_name, code) => {
      expect(findings(code)).toEqual([]);
    });

    it('leaves verifiers alone when checkVerifierScope is off', () => {
      expect(
        findings(
          "import { createRemoteJWKSet } from 'jose';\nfunction f() { const keys = createRemoteJWKSet(u); return keys; }",
          { options: { checkVerifierScope: false } },
        ),
      ).toEqual([]);
    });

    it('leaves endpoints alone when checkEndpoints is off', () => {
      expect(
        findings("await fetch('https://id.example.com/userinfo');", { options: { checkEndpoints: false } }),
      ).toEqual([]);
    });
  });

  it('knows remote verification calls of custom providers', () => {
    const config = testConfig({
      providers: ['acme-id'],
      customProviders: [
        {
          id: 'acme-id',
          name: 'Acme ID',
          sdkModules: ['@acme/id-sdk'],
          remoteVerificationCalls: [{ callee: '.sessions.lookup' }],
        },
      ],
    });
    expect(findings("import { Acme } from '@acme/id-sdk';\nawait acme.sessions.lookup(token);", { config })).toEqual([
      'remoteCall:acme.sessions.lookup@2:7-2:34',
    ]);
  });
});
