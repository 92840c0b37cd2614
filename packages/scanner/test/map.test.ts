import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityMapSchema, type IdentityMap } from '../src/map/identity-map.js';
import { describeSite } from '../src/outputs/map-formats.js';
import { standardConfig, temporaryProject } from './temporary-project.js';

const bin = join(import.meta.dirname, '..', 'bin', 'authboundary.js');
const fixture = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'mobility-platform');

function authboundary(args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function fixtureCopy(): string {
  const directory = mkdtempSync(join(tmpdir(), 'authboundary-map-'));
  cpSync(fixture, directory, { recursive: true, filter: (source) => !source.split(/[\\/]/).includes('node_modules') });
  return directory;
}

function mapOf(cwd: string, args: readonly string[] = []): IdentityMap {
  const { code, stdout, stderr } = authboundary(['map', '--no-cache', '--format', 'json', ...args], cwd);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return identityMapSchema.parse(JSON.parse(stdout));
}

/**
 * The identity surface of the bundled platform, read by hand from its sources: every verification,
 * provider touchpoint and BFF handler, with the facts a reviewer checks. A site the survey adds,
 * loses or describes differently fails here.
 */
const MOBILITY_SURFACE = [
  'provider-sdk src/auth/cognito-verifier.ts:2 <module> aws-jwt-verify (cognito)',
  'verification src/auth/cognito-verifier.ts:23 verifyCognitoAccessToken accessTokenVerifier.verify (aws-jwt-verify); not in a request handler; instrumented',
  'verification src/auth/partner-tokens.ts:22 authenticatePartner jwtVerify (jose); local key; algorithms RS256, ES256; not in a request handler; instrumented',
  'verification src/backoffice/admin-audit.ts:19 reviewerOf verify (jsonwebtoken); not in a request handler; not instrumented ✗ no-insecure-token-verification, require-instrumented-auth-decision',
  'provider-sdk src/backoffice/partner-reports.ts:1 <module> @kinde-oss/kinde-auth-nextjs/server (kinde) ✗ no-provider-sdk-outside-auth',
  'authorization src/backoffice/partner-reports.ts:7 canSeePartnerReports getPermission("read:partner-reports") (identity-provider attributes); not instrumented ✗ no-authz-from-idp-attributes',
  'verification src/backoffice/reviewer-session.ts:12 reviewerOfSession jwtVerify (jose); local key; algorithms HS256; not in a request handler; not instrumented ✗ no-insecure-token-verification, require-instrumented-auth-decision',
  'bff-handler src/bff/checkout.handler.ts:13 checkoutRoute.GET GET (route handler); composes payment, users ✗ no-business-policy-in-bff',
  'bff-handler src/bff/checkout.handler.ts:30 checkoutRoute.HEAD HEAD (route handler); composes payment, users',
  'bff-handler src/bff/driver-documents.handler.ts:8 driverDocuments driverDocuments (request handler); composes no domain module ✗ no-provider-id-outside-auth, no-remote-token-verification',
  'verification src/bff/driver-documents.handler.ts:9 driverDocuments supabase.auth.getUser (supabase); per request; not instrumented ✗ no-remote-token-verification',
  'bff-handler src/bff/fleet-dashboard.handler.ts:11 fleetDashboardRoutes.GET /v1/fleet GET /v1/fleet (route registration); composes no domain module ✗ no-idp-through-wrapper',
  'bff-handler src/bff/home-screen.handler.ts:21 homeScreenRoutes.GET /v1/home GET /v1/home (route registration); composes booking, users, wallet ✗ no-business-policy-in-bff',
  'bff-handler src/bff/home-screen.handler.ts:36 homeScreenRoutes.GET /v2/home GET /v2/home (route registration); composes booking, users, wallet',
  'bff-handler src/bff/mobile-home.handler.ts:16 mobileHome mobileHome (request handler); composes booking, wallet ✗ no-provider-id-outside-auth',
  'provider-sdk src/bff/rider-account.handler.ts:1 <module> @aws-sdk/client-cognito-identity-provider (cognito) ✗ no-provider-sdk-outside-auth',
  'bff-handler src/bff/rider-account.handler.ts:21 riderAccount riderAccount (request handler); composes no domain module ✗ no-insecure-token-verification, no-remote-token-verification, require-instrumented-auth-decision',
  'verification src/bff/rider-account.handler.ts:23 riderAccount new GetUserCommand (cognito); per request; not instrumented ✗ no-remote-token-verification',
  'verification src/bff/rider-account.handler.ts:32 riderAccount jwtVerify (jose); remote JWKS, key set made per call; issuer https://partners.mobility.example/; per request; not instrumented ✗ no-insecure-token-verification, require-instrumented-auth-decision',
  'bff-handler src/bff/support-chat.handler.ts:11 openSupportTicket openSupportTicket (request handler); composes no domain module ✗ no-provider-id-outside-auth',
  'bff-handler src/bff/trip-planner.handler.ts:12 tripPlannerRoutes.GET /trip-planner GET /trip-planner (route registration); composes lines, wallet ✗ no-business-policy-in-bff',
  'provider-sdk src/drivers/driver-roles.ts:1 <module> @aws-sdk/client-cognito-identity-provider (cognito) ✗ no-provider-sdk-outside-auth',
  'provider-call src/drivers/driver-roles.ts:10 promoteToDispatcher new AdminAddUserToGroupCommand (cognito): writes authorization; not in a request handler ✗ no-authz-from-idp-attributes',
  'authorization src/drivers/driver-roles.ts:14 canAssignShifts tokenClaims["custom:fleet_role"] (identity-provider attributes); not instrumented ✗ no-authz-from-idp-attributes',
  'authorization src/drivers/shift-access.ts:13 mayStartShift decodedToken.admin (identity-provider attributes); not instrumented ✗ no-authz-from-idp-attributes',
  'verification src/payment/psp-webhook.ts:13 pspEventOf jwtVerify (jose); remote JWKS, key set made once; issuer https://paylink.example/; not in a request handler; not instrumented ✗ no-insecure-token-verification, require-instrumented-auth-decision',
  'provider-sdk src/payment/receipt-archive.ts:1 <module> @supabase/supabase-js (supabase), types only',
  'provider-sdk src/shared/cognito-admin.ts:1 <module> @aws-sdk/client-cognito-identity-provider (cognito) ✗ no-provider-sdk-outside-auth',
  'provider-sdk src/shared/supabase-storage.ts:1 <module> @supabase/supabase-js (supabase)',
  'machine-credential src/shared/supabase-storage.ts:7 supabase createClient; a client holding env:SUPABASE_SERVICE_KEY',
  'authorization src/users/account-tier.ts:15 hasFreeCancellations record.app_metadata (identity-provider attributes); not instrumented ✗ no-authz-from-idp-attributes',
  'authorization src/users/account-tier.ts:20 hasPriorityBoarding record.user_metadata (identity-provider attributes); not instrumented ✗ no-authz-from-idp-attributes',
  'verification src/wallet/top-up-voucher.ts:12 voucherOf jwt.verify (jsonwebtoken); not in a request handler; instrumented',
];

describe('authboundary map on the bundled platform', () => {
  const root = fixtureCopy();
  const text = authboundary(['map', '--no-cache'], root);
  const map = mapOf(root);

  it('lists every site read by hand, with its facts and the rules that report it', () => {
    const listed = map.entries.map(
      (entry) =>
        `${entry.kind} ${entry.file}:${entry.line} ${entry.scope} ${describeSite(entry)}${entry.violations.length > 0 ? ` ✗ ${entry.violations.join(', ')}` : ''}`,
    );
    expect(listed).toEqual(MOBILITY_SURFACE);
    // The text format says the same, grouped by kind.
    for (const entry of map.entries) expect(text.stdout).toContain(`    ${describeSite(entry)}`);
    expect(text.code).toBe(0);
  });

  it('counts decision coverage over verifications and authorization decisions, per module and owner', () => {
    expect(map.summary.decisions).toEqual({ total: 14, instrumented: 3 });
    expect(map.summary.decisionsByModule).toEqual({
      auth: { total: 2, instrumented: 2 },
      backoffice: { total: 3, instrumented: 0 },
      bff: { total: 3, instrumented: 0 },
      drivers: { total: 2, instrumented: 0 },
      payment: { total: 1, instrumented: 0 },
      users: { total: 2, instrumented: 0 },
      wallet: { total: 1, instrumented: 1 },
    });
    expect(map.summary.decisionsByOwner['@mobility/identity']).toEqual({ total: 4, instrumented: 2 });
    expect(map.summary.byKind).toEqual({
      verification: 9,
      authorization: 5,
      'provider-sdk': 7,
      'provider-call': 1,
      'bff-handler': 10,
      'machine-credential': 1,
    });
    expect(text.stdout).toContain(
      `33 sites; decisions: 3/14 instrumented (21 %); 24 sites with findings; ${map.summary.findingsOnNoSite} findings on no site (authboundary scan lists them)`,
    );
    // The rest of the findings name identifiers, claims and policies outside every site: `scan` lists them.
    expect(map.summary.findingsOnNoSite).toBeGreaterThan(0);
  });

  it('writes Markdown whose every cell is text, whatever the source holds', () => {
    const hostile = temporaryProject({
      'authboundary.config.json': standardConfig,
      'src/auth/a.ts': 'export {};\n',
      'src/booking/c.ts': 'export {};\n',
      'src/bff/<img src=x onerror=alert(1)>|`.ts':
        "export async function GET() {}\nexport const x = () => fetch('u', { headers: { authorization: process.env['<b>|`TOKEN'] } });\n",
    });
    const markdown = authboundary(['map', '--no-cache', '--format', 'markdown'], hostile).stdout;
    expect(markdown).toContain('## BFF handlers (1)');
    // Every `<`, `|` and backtick of source text is escaped: no raw HTML, no broken table, no code span.
    const rows = markdown.split('\n').filter((line) => line.startsWith('| src'));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).not.toMatch(/(^|[^\\])[<`]/);
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
    }
    expect(authboundary(['map', '--no-cache', '--format', 'markdown'], root).stdout).toContain(
      '## Token verification (9)',
    );
  });

  it('writes a self-contained HTML page with the modules, the crossings and every list', () => {
    const html = authboundary(['map', '--no-cache', '--format', 'html'], root).stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html).toContain('<h4>auth</h4>');
    expect(html).toContain('bff → booking (3)');
  });
});

/** The identity surface of the other bundled platforms, read by hand from their sources. */
const OTHER_SURFACES: Readonly<Record<string, readonly string[]>> = {
  'saas-platform': [
    'bff-handler src/app/api/notes/route.ts:5 GET GET (route handler); composes notes ✗ no-provider-id-flow',
    'provider-sdk src/app/dashboard/page.tsx:1 <module> @clerk/nextjs/server (clerk) ✗ no-provider-sdk-outside-auth',
    'bff-handler src/app/dashboard/page.tsx:4 DashboardPage DashboardPage (route module); composes notes ✗ no-provider-id-outside-auth, no-remote-token-verification',
    'verification src/app/dashboard/page.tsx:5 DashboardPage currentUser (clerk); per request; not instrumented ✗ no-remote-token-verification',
    'provider-sdk src/app/notes/actions.ts:3 <module> @clerk/nextjs/server (clerk) ✗ no-provider-sdk-outside-auth',
    'bff-handler src/app/notes/actions.ts:9 createNote createNote (server action); composes data ✗ no-provider-id-outside-auth',
    'bff-handler src/app/notes/actions.ts:17 createNoteAsPlatformUser createNoteAsPlatformUser (server action); composes data',
    'provider-sdk src/middleware.ts:1 <module> @clerk/nextjs/server (clerk)',
    'bff-handler src/server/api/routers/note.ts:7 noteRouter.mine mine (tRPC query); composes data ✗ no-provider-id-flow',
    'bff-handler src/server/api/routers/note.ts:9 noteRouter.create create (tRPC mutation); composes data ✗ no-provider-id-flow',
    'bff-handler src/server/api/routers/note.ts:15 noteRouter.ofOrganization ofOrganization (tRPC query); composes data',
    'provider-sdk src/server/api/trpc.ts:1 <module> @clerk/nextjs/server (clerk)',
    'provider-sdk src/server/auth/session.ts:1 <module> @clerk/nextjs/server (clerk)',
    'machine-credential src/server/billing/checkout.ts:4 stripe new Stripe; a client holding env:STRIPE_SECRET_KEY',
  ],
  'nextjs-shop': [
    'bff-handler app/actions/award-badges.ts:6 awardBadges awardBadges (server action); composes no domain module ✗ no-business-policy-in-bff',
    'bff-handler app/actions/enroll.ts:7 enroll enroll (server action); composes no domain module ✗ no-business-policy-in-bff',
    'bff-handler app/api/courses/[id]/publish/route.ts:5 POST POST (route handler); composes no domain module ✗ no-business-policy-in-bff',
    'bff-handler app/api/courses/[id]/route.ts:7 PATCH PATCH (route handler); composes no domain module ✗ no-business-policy-in-bff',
    'bff-handler app/api/courses/[id]/route.ts:24 GET GET (route handler); composes no domain module',
    'bff-handler app/api/courses/[id]/route.ts:31 DELETE DELETE (route handler); composes no domain module ✗ no-business-policy-in-bff',
    'bff-handler app/api/generate/route.ts:6 POST POST (route handler); composes no domain module ✗ no-business-policy-in-bff',
    'bff-handler app/api/orders/route.ts:5 POST POST (route handler); composes no domain module ✗ no-business-policy-in-bff',
    'bff-handler app/api/orders/route.ts:26 GET GET (route handler); composes no domain module',
    'provider-sdk lib/supabase.ts:1 <module> @supabase/supabase-js (supabase)',
    'machine-credential lib/supabase.ts:4 createClient createSupabaseClient; a client holding env:SUPABASE_SERVICE_KEY',
  ],
};

describe.each(Object.entries(OTHER_SURFACES))('authboundary map on the bundled %s', (name, expected) => {
  it('lists every site read by hand', () => {
    const directory = mkdtempSync(join(tmpdir(), 'authboundary-map-'));
    cpSync(join(fixture, '..', name), directory, {
      recursive: true,
      filter: (source) => !source.split(/[\\/]/).includes('node_modules'),
    });
    const map = mapOf(directory);
    expect(
      map.entries.map(
        (entry) =>
          `${entry.kind} ${entry.file}:${entry.line} ${entry.scope} ${describeSite(entry)}${entry.violations.length > 0 ? ` ✗ ${entry.violations.join(', ')}` : ''}`,
      ),
    ).toEqual(expected);
  });
});

describe('authboundary map --observed', () => {
  const span = (name: string, attributes: Record<string, string | number>) => ({
    name,
    attributes: Object.entries(attributes).map(([key, value]) => ({
      key,
      value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
    })),
  });
  const request = (...spans: ReturnType<typeof span>[]) =>
    JSON.stringify({
      resourceSpans: [
        { resource: { attributes: [] }, scopeSpans: [{ scope: { name: '@authboundary/telemetry' }, spans }] },
      ],
    });

  it('marks the decision sites spans came from and lists run-time places the map does not know', () => {
    const root = fixtureCopy();
    // The Collector's file exporter: one request per line; absolute and relative paths, old attribute names.
    writeFileSync(
      join(root, 'spans.jsonl'),
      [
        request(
          span('authn.verify', {
            'code.file.path': join(root, 'src/auth/cognito-verifier.ts'),
            'code.line.number': 23,
            'code.function.name': 'verifyCognitoAccessToken',
          }),
        ),
        request(
          span('authn.verify', {
            'code.filepath': 'services/mobility/src/wallet/top-up-voucher.ts',
            'code.lineno': 12,
          }),
          span('authz.check', { 'code.file.path': 'src/lines/unknown.ts', 'code.line.number': 4 }),
        ),
        request(
          span('authz.check', { 'code.file.path': 'src/lines/unknown.ts', 'code.line.number': 4 }),
          span('http.server', {}),
        ),
      ].join('\n'),
    );
    const map = mapOf(root, ['--observed', 'spans.jsonl']);
    const observed = map.entries
      .filter((entry) => entry.observed === true)
      .map((entry) => `${entry.file}:${entry.line}`);
    expect(observed).toEqual(['src/auth/cognito-verifier.ts:23', 'src/wallet/top-up-voucher.ts:12']);
    expect(
      map.entries
        .filter((entry) => entry.kind === 'verification')
        .every((entry) => typeof entry.observed === 'boolean'),
    ).toBe(true);
    expect(
      map.entries.filter((entry) => entry.kind === 'bff-handler').every((entry) => entry.observed === undefined),
    ).toBe(true);
    expect(map.observed).toEqual({
      spans: 5,
      sitesObserved: 2,
      unmapped: [{ name: 'authz.check', file: 'src/lines/unknown.ts', line: 4, count: 2 }],
    });
  });

  it('exits 2 naming the file when it is missing or not OTLP JSON', () => {
    const root = temporaryProject({
      'authboundary.config.json': standardConfig,
      'src/auth/a.ts': 'export {};\n',
      'src/bff/b.ts': 'export {};\n',
      'src/booking/c.ts': 'export {};\n',
      'not-otlp.json': '{"spans": []}',
      'broken.jsonl': '{"resourceSpans": []}\n{oops\n',
    });
    const missing = authboundary(['map', '--observed', 'nope.json'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--observed: cannot read');
    expect(missing.stdout).toBe('');
    expect(authboundary(['map', '--observed', 'not-otlp.json'], root).stderr).toContain('holds no OTLP trace data');
    expect(authboundary(['map', '--observed', 'broken.jsonl'], root).stderr).toContain('broken.jsonl:2 is not JSON');
  });
});

describe('authboundary map on hostile and broken input', () => {
  it('names files it could not scan on stderr and in the JSON, and still maps the rest', () => {
    const root = temporaryProject({
      'authboundary.config.json': standardConfig,
      'src/auth/verify.ts':
        "import { jwtVerify } from 'jose';\nexport const v = (t: string, k: CryptoKey) => jwtVerify(t, k, { issuer: 'https://id.example/' });\n",
      'src/bff/broken.ts': 'export const = ;\n',
      'src/booking/c.ts': 'export {};\n',
    });
    const { code, stdout, stderr } = authboundary(['map', '--no-cache', '--format', 'json'], root);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /warning: not scanned, its sites are missing from the map: src\/bff\/broken\.ts: syntax error/,
    );
    const map = identityMapSchema.parse(JSON.parse(stdout));
    expect(map.unscanned.map((file) => file.file)).toEqual(['src/bff/broken.ts']);
    expect(map.entries.map((entry) => `${entry.kind} ${entry.file}:${entry.line}`)).toEqual([
      'verification src/auth/verify.ts:2',
    ]);
  });

  it('never records the value of a literal credential', () => {
    const root = temporaryProject({
      'authboundary.config.json': standardConfig,
      'src/auth/a.ts': 'export {};\n',
      'src/bff/b.ts': 'export {};\n',
      'src/booking/sync.ts':
        "export const sync = () => fetch('https://partner.example/api', { headers: { 'X-Api-Key': 'pk_live_51HxyzSECRET' } });\n",
    });
    const { stdout } = authboundary(['map', '--no-cache', '--format', 'json'], root);
    expect(stdout).toContain('"credentials": [\n');
    expect(stdout).not.toContain('pk_live');
    expect(readFileSync(join(root, 'src/booking/sync.ts'), 'utf8')).toContain('pk_live');
  });
});
