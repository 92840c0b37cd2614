import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ruleCatalogue } from '../catalogue.js';
import { resolveConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { FileContext } from '../layers.js';
import { resolveRuleOptions, runRules } from '../run-rule.js';
import { testConfig } from '../testing/index.js';
import { surveyFile, surveyListeners, surveyOptionsOf, type SiteKind, type SurfaceSite } from './survey.js';

interface Listed {
  readonly kind: SiteKind;
  /** The site's range, `line:column-endLine:endColumn` (1-based), as rule tests compare findings. */
  readonly at: string;
  readonly scope: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** The sites of a file as the scanner gets them: parsed unlinked, every rule and the survey in one shared walk. */
function inSharedWalk(code: string, path: string, config: ResolvedConfig, file: FileContext): SurfaceSite[] {
  const unlinked = ts.createSourceFile(
    path,
    code,
    ts.ScriptTarget.Latest,
    false,
    path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const listeners = surveyListeners(ts, unlinked, config, file, surveyOptionsOf(config));
  const rules = ruleCatalogue.map((rule) => ({ rule, options: resolveRuleOptions(rule, config) }));
  runRules(rules, ts, unlinked, config, file, { setParents: true }, listeners === null ? [] : [listeners]);
  return listeners?.finish() ?? [];
}

function survey(
  code: string,
  path = 'src/auth/verify.ts',
  config = testConfig({ providers: ['clerk', 'supabase', 'cognito', 'auth0'] }),
): Listed[] {
  const file = config.classify(path);
  if (file === null) throw new Error(`${path} is not selected`);
  const sourceFile = ts.createSourceFile(
    path,
    code,
    ts.ScriptTarget.Latest,
    true,
    path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const sites = surveyFile(ts, sourceFile, config, file, surveyOptionsOf(config));
  // The scanner's way gives the same sites: the survey listening in the rules' shared walk of an unlinked tree.
  expect(inSharedWalk(code, path, config, file)).toEqual(sites);
  return sites.map((site) => {
    const start = sourceFile.getLineAndCharacterOfPosition(site.start);
    const end = sourceFile.getLineAndCharacterOfPosition(site.end);
    const at = `${String(start.line + 1)}:${String(start.character + 1)}-${String(end.line + 1)}:${String(end.character + 1)}`;
    return { kind: site.kind, at, scope: site.scope, detail: site.detail };
  });
}

describe('surveyFile: token verification', () => {
  it('lists a jose verification with remote keys made once, its issuer and algorithms', () => {
    const sites = survey(`import { createRemoteJWKSet, jwtVerify } from 'jose';
const JWKS = createRemoteJWKSet(new URL('https://id.example.com/.well-known/jwks.json'));
export async function verifyBearer(token: string) {
  return jwtVerify(token, JWKS, { issuer: 'https://id.example.com/', algorithms: ['RS256'] });
}`);
    expect(sites).toEqual([
      {
        kind: 'verification',
        at: '4:10-4:94',
        scope: 'verifyBearer',
        detail: {
          call: 'jwtVerify',
          library: 'jose',
          mode: 'local',
          perRequest: false,
          instrumented: false,
          keys: 'remote JWKS',
          keySetCreated: 'once',
          issuers: ['https://id.example.com/'],
          algorithms: ['RS256'],
        },
      },
    ]);
  });

  it('says when the key set is made per call and the verification runs per request', () => {
    const [site] = survey(`import { createRemoteJWKSet, jwtVerify } from 'jose';
export async function GET(request: Request) {
  const keys = createRemoteJWKSet(new URL(process.env.JWKS_URL!));
  await jwtVerify(request.headers.get('authorization')!, keys);
}`);
    expect(site).toMatchObject({
      kind: 'verification',
      at: '4:9-4:63',
      scope: 'GET',
      detail: { keySetCreated: 'per call', perRequest: true },
    });
    expect(site!.detail).not.toHaveProperty('issuers');
  });

  it('marks a verification made inside a telemetry wrapper as instrumented, and the wrapper-made verifier too', () => {
    const sites = survey(`import jwt from 'jsonwebtoken';
import { withAuthentication, createJwtVerifier } from '@authboundary/telemetry';
export const check = (token: string) => withAuthentication({ issuer: 'x' }, () => jwt.verify(token, process.env.KEY!));
export const verifier = createJwtVerifier({ issuer: 'https://id.example.com/' });`);
    expect(sites.map((site) => [site.kind, site.at, site.detail['library'], site.detail['instrumented']])).toEqual([
      ['verification', '3:83-3:118', 'jsonwebtoken', true],
      ['verification', '4:25-4:81', '@authboundary/telemetry', true],
    ]);
  });

  it('lists aws-jwt-verify verifiers and provider SDK verifier methods', () => {
    const sites = survey(`import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { getAuth } from 'firebase-admin/auth';
const verifier = CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_abc', tokenUse: 'access', clientId: 'x' });
export const a = (t: string) => verifier.verify(t);
export const b = (t: string) => getAuth().verifyIdToken(t);`);
    expect(
      sites.filter((site) => site.kind === 'verification').map((site) => [site.at, site.detail['library']]),
    ).toEqual([
      ['4:33-4:51', 'aws-jwt-verify'],
      ['5:33-5:59', 'firebase-admin/auth'],
    ]);
  });

  it('sees an aws-jwt-verify verifier through the telemetry wrapper, as instrumented', () => {
    const sites = survey(`import { instrumentVerifier } from '@authboundary/telemetry';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
const verifier = instrumentVerifier(CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_abc', tokenUse: 'access', clientId: 'x' }));
export const verify = (t: string) => verifier.verify(t);`);
    expect(
      sites
        .filter((site) => site.kind === 'verification')
        .map((site) => [site.at, site.detail['library'], site.detail['instrumented']]),
    ).toEqual([['4:38-4:56', 'aws-jwt-verify', true]]);
  });

  it('does not take a verify method of an unrelated object for a verification', () => {
    expect(
      survey(
        `const schema = { verify: (x: unknown) => x }; export const ok = schema.verify(1); export const hmac = crypto.subtle.verify('HMAC', k, s, d);`,
      ),
    ).toEqual([]);
  });
});

describe('surveyFile: authorization decisions', () => {
  it('lists configured policy checks and policy engines, instrumented or not', () => {
    const config = testConfig({
      rules: { 'require-instrumented-auth-decision': ['error', { policyChecks: ['policy.authorize'] }] },
    });
    const sites = survey(
      `import { defineAbility } from '@casl/ability';
import { withAuthorization } from '@authboundary/telemetry';
export function canEdit(user: { id: string }, doc: unknown) {
  const ability = defineAbility((can) => can('read', 'Doc'));
  if (!ability.can('update', doc)) return false;
  return withAuthorization({ policy: 'doc.update' }, () => policy.authorize(user, 'update', doc));
}
export const other = () => policy.authorize(1, 2, 3);`,
      'src/booking/doc.ts',
      config,
    );
    expect(sites.map((site) => [site.kind, site.at, site.detail['engine'], site.detail['instrumented']])).toEqual([
      ['authorization', '5:8-5:34', 'casl', false],
      ['authorization', '6:60-6:97', 'policy check (configured)', true],
      ['authorization', '8:28-8:53', 'policy check (configured)', false],
    ]);
  });

  it('lists a telemetry wrapper as the decision when the check inside it is not one the survey knows', () => {
    const sites = survey(
      `import { instrumentPolicyCheck } from '@authboundary/telemetry';\nexport const check = instrumentPolicyCheck({ policy: 'x' }, rawCheck);`,
      'src/booking/x.ts',
    );
    expect(sites.map((site) => [site.kind, site.at, site.detail['engine'], site.detail['instrumented']])).toEqual([
      ['authorization', '2:22-2:70', '@authboundary/telemetry', true],
    ]);
  });

  it('does not take `can` of a file without a policy engine for a decision', () => {
    expect(survey(`export const x = permissions.can('read');`, 'src/booking/x.ts')).toEqual([]);
  });
});

describe('surveyFile: provider touchpoints', () => {
  it('lists SDK imports (type-only said) and per-request provider calls', () => {
    const sites = survey(
      `import { auth, clerkClient } from '@clerk/nextjs/server';
import type { User } from '@clerk/nextjs/server';
export async function GET() {
  const { userId } = await auth();
  const user = await (await clerkClient()).users.getUser(userId!);
  return Response.json({ name: user.firstName });
}`,
      'src/bff/me/route.ts',
    );
    expect(sites.filter((site) => site.kind === 'provider-sdk').map((site) => [site.at, site.detail])).toEqual([
      ['1:1-1:58', { provider: 'clerk', module: '@clerk/nextjs/server', typeOnly: false }],
      ['2:1-2:50', { provider: 'clerk', module: '@clerk/nextjs/server', typeOnly: true }],
    ]);
    expect(sites.filter((site) => site.kind === 'verification').map((site) => [site.at, site.detail])).toEqual([
      ['5:22-5:66', { call: 'users.getUser', library: 'clerk', mode: 'remote', perRequest: true, instrumented: false }],
    ]);
  });
});

describe('surveyFile: provider writes', () => {
  it('lists calls that write authorization into the provider', () => {
    const sites = survey(
      `import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
const client = new CognitoIdentityProviderClient({});
export const promote = (username: string) => client.send(new AdminAddUserToGroupCommand({ UserPoolId: 'eu-west-1_abc', Username: username, GroupName: 'admins' }));`,
      'src/booking/roles.ts',
    );
    expect(sites.filter((site) => site.kind === 'provider-call').map((site) => [site.at, site.detail])).toEqual([
      [
        '3:58-3:162',
        {
          provider: 'cognito',
          call: 'new AdminAddUserToGroupCommand',
          purpose: 'writes authorization',
          perRequest: false,
        },
      ],
    ]);
  });
});

describe('surveyFile: BFF handlers', () => {
  it('lists router registrations and route-handler methods of factories', () => {
    const sites = survey(
      `export function routes(router: Router) {\n  router.get('/v1/home', async (req, res) => res.json({}));\n  router.use(cors());\n  cache.get('/not-a-route');\n}\nexport const checkout = () => ({ async GET(request: Request) { return new Response(); } });`,
      'src/bff/home.ts',
    );
    expect(sites.map((site) => [site.at, site.scope, site.detail['handler'], site.detail['kind']])).toEqual([
      ['2:3-2:59', 'routes.GET /v1/home', 'GET /v1/home', 'route registration'],
      ['6:34-6:88', 'checkout.GET', 'GET', 'route handler'],
    ]);
  });

  it('lists handlers exported under a verb: specifiers and destructured exports', () => {
    const trpc = survey(
      `const handler = (req: Request) => fetchRequestHandler({ req });\nexport { handler as GET, handler as POST };`,
      'src/bff/api/trpc/route.ts',
    );
    expect(trpc.map((site) => [site.at, site.detail['handler']])).toEqual([
      ['2:10-2:24', 'GET'],
      ['2:26-2:41', 'POST'],
    ]);
    const nextAuth = survey(
      `export const { handlers: { GET, POST }, auth } = NextAuth(config);`,
      'src/bff/api/auth/route.ts',
    );
    expect(nextAuth.map((site) => site.detail['handler'])).toEqual(['GET', 'POST']);
  });

  it('names calls inside tRPC resolvers by their procedure and runs them per request', () => {
    const sites = survey(
      `import { WorkOS } from '@workos-inc/node';\nexport const teamRouter = createTRPCRouter({\n  addMember: protectedProcedure.input(schema).mutation(async ({ ctx, input }) => {\n    await fetch('https://x.example', { headers: { authorization: process.env.PARTNER_TOKEN! } });\n  }),\n});`,
      'src/booking/team.ts',
    );
    expect(sites.filter((site) => site.kind === 'machine-credential').map((site) => site.scope)).toEqual([
      'teamRouter.addMember',
    ]);
  });

  it('finds machine credentials in BFF files whose only sign of them is a secret-named property or a header in capitals', () => {
    // Neither file names anything of \`INTEREST\` (no \`apiKey\`, no quoted secret, no \`env.X_KEY\`): only the
    // credential names, in any case, keep the BFF file from being surveyed for its handlers alone.
    const client = survey(
      `import { Partner } from 'partner-sdk';\nconst partner = new Partner({ clientSecret: process.env.PARTNER_CLIENT });\nexport async function GET() { return Response.json(await partner.list()); }`,
      'src/bff/partners/route.ts',
    );
    expect(client.map((site) => [site.kind, site.detail['credentials'] ?? site.detail['handler']])).toEqual([
      ['machine-credential', ['env:PARTNER_CLIENT']],
      ['bff-handler', 'GET'],
    ]);
    const header = survey(
      `const service = process.env.PARTNER_SERVICE;\nexport async function POST() {\n  return fetch('https://partner.example', { headers: { AUTHORIZATION: service } });\n}`,
      'src/bff/forward/route.ts',
    );
    expect(header.map((site) => [site.kind, site.detail['headers'] ?? site.detail['handler']])).toEqual([
      ['bff-handler', 'POST'],
      ['machine-credential', ['authorization']],
    ]);
  });

  it('surveys a BFF file without any other site for its handlers alone, with the same sites', () => {
    const code = `import { listOrders } from '../../domains/orders';\nexport async function GET(request: Request) {\n  const url = new URL(request.url);\n  return Response.json(await listOrders(url.searchParams.get('page')));\n}\nrouter.get('/orders', (req, res) => res.json([]));`;
    const sites = survey(code, 'src/bff/orders/route.ts');
    expect(sites.map((site) => [site.kind, site.detail['handler'], site.detail['kind']])).toEqual([
      ['bff-handler', 'GET', 'route handler'],
      ['bff-handler', 'GET /orders', 'route registration'],
    ]);
  });

  it('lists exported request handlers by their parameters', () => {
    const sites = survey(
      `export async function riderAccount(request: RiderAccountRequest) { return {}; }\nexport function format(x: number) { return x; }`,
      'src/bff/rider.handler.ts',
    );
    expect(sites.map((site) => [site.scope, site.detail['handler'], site.detail['kind']])).toEqual([
      ['riderAccount', 'riderAccount', 'request handler'],
    ]);
  });

  it('lists route-handler verbs, server actions and tRPC procedures of BFF files only', () => {
    const route = survey(
      `export async function GET() { return Response.json([]); }\nexport const POST = async () => new Response();\nfunction helper() {}`,
      'src/bff/orders/route.ts',
    );
    expect(route.map((site) => [site.kind, site.at, site.detail['handler'], site.detail['kind']])).toEqual([
      ['bff-handler', '1:1-1:58', 'GET', 'route handler'],
      ['bff-handler', '2:14-2:47', 'POST', 'route handler'],
    ]);
    const actions = survey(
      `'use server';\nexport async function placeOrder(form: FormData) {}\nasync function notExported() {}`,
      'src/bff/actions.ts',
    );
    expect(actions.map((site) => [site.detail['handler'], site.detail['kind']])).toEqual([
      ['placeOrder', 'server action'],
    ]);
    const trpc = survey(
      `export const router = t.router({\n  list: protectedProcedure.query(() => []),\n  add: publicProcedure.input(z.string()).mutation(({ input }) => input),\n});`,
      'src/bff/trpc/orders.ts',
    );
    expect(trpc.map((site) => [site.at, site.detail['handler'], site.detail['kind']])).toEqual([
      ['2:9-2:43', 'list', 'tRPC query'],
      ['3:8-3:72', 'add', 'tRPC mutation'],
    ]);
    expect(survey(`export async function GET() { return Response.json([]); }`, 'src/booking/route.ts')).toEqual([]);
  });
});

describe('surveyFile: machine credentials', () => {
  it('lists outbound requests carrying a static secret by where it comes from, never its value', () => {
    const sites = survey(
      `export async function sync() {
  await fetch('https://api.example.com/x', { headers: { Authorization: \`Bearer \${process.env.PARTNER_TOKEN}\` } });
  await axios.post('https://b.example.com', body, { headers: { 'x-api-key': 'sk_live_not_a_real_key' } });
  const headers = { authorization: 'Basic ' + env.BILLING_SECRET };
  await fetch(url, { method: 'POST', headers });
}`,
      'src/booking/sync.ts',
    );
    expect(sites.map((site) => [site.at, site.detail])).toEqual([
      [
        '2:9-2:114',
        {
          call: 'fetch',
          headers: ['authorization'],
          credentials: ['env:PARTNER_TOKEN'],
          clientCredentialsGrant: false,
        },
      ],
      [
        '3:9-3:106',
        { call: 'axios.post', headers: ['x-api-key'], credentials: ['literal'], clientCredentialsGrant: false },
      ],
      [
        '5:9-5:48',
        {
          call: 'fetch',
          headers: ['authorization'],
          credentials: ['env:BILLING_SECRET'],
          clientCredentialsGrant: false,
        },
      ],
    ]);
    expect(JSON.stringify(sites)).not.toContain('sk_live');
  });

  it('lists SDK clients made with a static secret, named by the variable that holds it', () => {
    const sites = survey(
      `import { WorkOS } from '@workos-inc/node';\nimport Stripe from 'stripe';\nimport { createClient } from '@supabase/supabase-js';\nimport { loadStripe } from '@stripe/stripe-js';\nexport const workos = new WorkOS(process.env.WORKOS_API_KEY);\nexport const stripe = new Stripe(env.STRIPE_SECRET_KEY, { apiVersion: '2025-01-01' });\nexport const admin = createClient(env.SUPABASE_URL, process.env.SUPABASE_SERVICE_ROLE_KEY!);\nexport const url = new URL(process.env.BASE_URL!);\nexport const browser = loadStripe(process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY!);\nexport const anon = createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY);\nexport const cfg = new Config({ region: env.REGION });`,
      'src/booking/clients.ts',
    );
    expect(
      sites
        .filter((site) => site.kind === 'machine-credential')
        .map((site) => [site.at, site.detail['call'], site.detail['credentials']]),
    ).toEqual([
      ['5:23-5:61', 'new WorkOS', ['env:WORKOS_API_KEY']],
      ['6:23-6:86', 'new Stripe', ['env:STRIPE_SECRET_KEY']],
      ['7:22-7:92', 'createClient', ['env:SUPABASE_SERVICE_ROLE_KEY']],
    ]);
  });

  it('lists client-credentials token requests', () => {
    const sites = survey(
      `export const token = () => fetch(TOKEN_URL, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ID }) });`,
      'src/booking/m2m.ts',
    );
    expect(sites).toMatchObject([
      { kind: 'machine-credential', detail: { call: 'fetch', clientCredentialsGrant: true } },
    ]);
  });

  it('does not list a request forwarding the caller’s own token', () => {
    expect(
      survey(
        `export const f = (req: Request) => fetch(u, { headers: { Authorization: req.headers.get('authorization')! } });`,
        'src/booking/f.ts',
      ),
    ).toEqual([]);
  });
});

describe("surveyListeners in the rules' shared walk", () => {
  it('gives every fixture file the sites its own walk gives', () => {
    const fixtures = join(import.meta.dirname, '..', '..', '..', 'fixtures');
    let total = 0;
    for (const project of readdirSync(fixtures)) {
      const root = join(fixtures, project);
      const configPath = join(root, 'authboundary.config.json');
      if (!existsSync(configPath)) continue;
      const config = resolveConfig(JSON.parse(readFileSync(configPath, 'utf8')) as object, root, configPath);
      const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
        (name) => /\.tsx?$/.test(name) && !name.startsWith('node_modules'),
      );
      for (const path of files) {
        const file = config.classify(path);
        if (file === null) continue;
        const code = readFileSync(join(root, path), 'utf8');
        const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
        const linked = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true, kind);
        const alone = surveyFile(ts, linked, config, file, surveyOptionsOf(config));
        expect(inSharedWalk(code, path, config, file), path).toEqual(alone);
        total += alone.length;
      }
    }
    // The fixtures list sites of every kind; an empty survey on both sides would prove nothing.
    expect(total).toBeGreaterThan(20);
  });
});
