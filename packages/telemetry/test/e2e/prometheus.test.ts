import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigningKey, signToken, startJwksServer, type JwksServer, type SigningKey } from '../keySets.js';

/*
 * End to end: the example service (Express + NodeSDK + Prometheus exporter) verifies real JWTs
 * against key sets served on loopback; a real Prometheus scrapes it; PromQL over its HTTP API must
 * show the deny rate by reason and the tenant crossings we caused.
 */

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const serviceEntry = join(repoRoot, 'fixtures/telemetry-service/src/server.js');
const MAIN = 'https://main.e2e.test/';
const PARTNER = 'https://partner.e2e.test/';
const AUDIENCE = 'bookings-api';

const processes: ChildProcess[] = [];
const servers: JwksServer[] = [];
let workDir: string | undefined;
let servicePort = 0;
let prometheusPort = 0;
let auditLog = '';
let spansFile = '';
const output: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => output.push(`[${command}] ${chunk.toString()}`));
  child.stderr.on('data', (chunk: Buffer) => output.push(`[${command}] ${chunk.toString()}`));
  processes.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `probe` until it returns a value, at most `attempts` times. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  attempts = 120,
  intervalMs = 500,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not ready yet
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}\n${output.join('').slice(-4000)}`);
}

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(promql: string): Promise<VectorSample[]> {
  const response = await fetch(`http://127.0.0.1:${prometheusPort}/api/v1/query?query=${encodeURIComponent(promql)}`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as {
    status: string;
    data: { resultType: string; result: VectorSample[] };
    error?: string;
  };
  if (body.status !== 'success') throw new Error(`PromQL ${promql} failed: ${body.error}`);
  return body.data.result;
}

const byLabel = (samples: VectorSample[], label: string): Record<string, number> =>
  Object.fromEntries(samples.map((s) => [s.metric[label] ?? '', Number(s.value[1])]));

let mainKey: SigningKey;
let partnerKey: SigningKey;
let forgerKey: SigningKey;

/** What we send, and therefore what Prometheus must report. */
const plan = {
  valid: 6,
  partnerValid: 3,
  expired: 4,
  forged: 3,
  wrongIssuer: 2,
  missing: 2,
  crossTenant: 5,
  missingRole: 2,
};

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'authboundary-telemetry-e2e-'));
  auditLog = join(workDir, 'audit.jsonl');
  spansFile = join(workDir, 'spans.jsonl');
  [mainKey, partnerKey, forgerKey] = await Promise.all([
    createSigningKey('main-1'),
    createSigningKey('partner-1'),
    createSigningKey('main-1'),
  ]);
  const [mainJwks, partnerJwks] = await Promise.all([
    startJwksServer({ keys: [mainKey.publicJwk] }),
    startJwksServer({ keys: [partnerKey.publicJwk] }),
  ]);
  servers.push(mainJwks, partnerJwks);

  servicePort = await freePort();
  const metricsPort = await freePort();
  prometheusPort = await freePort();
  // Nothing listens there: the policy engine is down, and the reports route fails open.
  const policyEnginePort = await freePort();
  start(process.execPath, [serviceEntry], {
    PORT: String(servicePort),
    METRICS_PORT: String(metricsPort),
    MAIN_ISSUER: MAIN,
    MAIN_JWKS_URI: mainJwks.url,
    PARTNER_ISSUER: PARTNER,
    PARTNER_JWKS_URI: partnerJwks.url,
    AUDIENCE,
    AUTH_TELEMETRY_HASH_KEY: 'e2e-deployment-secret-0123456789',
    AUDIT_LOG: auditLog,
    SPANS_PATH: spansFile,
    POLICY_ENGINE_URL: `http://127.0.0.1:${policyEnginePort}/v1/data/bookings/allow`,
  });
  await until(
    'the service',
    async () => ((await fetch(`http://127.0.0.1:${servicePort}/healthz`)).ok ? true : undefined),
    60,
  );

  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'rule_files:',
    `  - ${join(repoRoot, 'packages/telemetry/dashboards/alerts.prometheus.yml')}`,
    'scrape_configs:',
    '  - job_name: telemetry-service',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${metricsPort}']`,
    '',
  ].join('\n');
  await writeFile(join(workDir, 'prometheus.yml'), config);
  start(
    'prometheus',
    [
      `--config.file=${join(workDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(workDir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ],
    {},
  );
  await until(
    'Prometheus',
    async () => ((await fetch(`http://127.0.0.1:${prometheusPort}/-/ready`)).ok ? true : undefined),
    60,
  );
});

afterAll(async () => {
  for (const child of processes.reverse()) await stop(child);
  for (const server of servers) await server.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

async function call(
  tenant: string,
  token: string | undefined,
  path = `/tenants/${tenant}/bookings/b-${Math.floor(Math.random() * 1e6)}`,
): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${servicePort}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}

interface Alert {
  labels: Record<string, string>;
  state: string;
  value: string;
}

async function firing(alertname: string): Promise<Alert[] | undefined> {
  const response = await fetch(`http://127.0.0.1:${prometheusPort}/api/v1/alerts`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { data: { alerts: Alert[] } };
  const alerts = body.data.alerts.filter((a) => a.labels['alertname'] === alertname && a.state === 'firing');
  return alerts.length > 0 ? alerts : undefined;
}

/** Decisions sent before the rounds below: exactly one tenant crossing and one fail-open. */
const first = { crossTenant: 1, failOpen: 1 };

describe('telemetry-service scraped by a real Prometheus', () => {
  it('the shipped alert rules pass their promtool unit tests', async () => {
    const { stdout } = await promisify(execFile)('promtool', [
      'test',
      'rules',
      join(repoRoot, 'packages/telemetry/test/e2e/alerts.promtool.yml'),
    ]);
    expect(stdout).toContain('SUCCESS');
  });

  it('one tenant crossing and one fail-open each fire their alert', async () => {
    const reader = { aud: AUDIENCE, tenant: 'acme', roles: ['booking.reader'] };
    expect(
      await call('globex', await signToken(mainKey, { ...reader, iss: MAIN, sub: 'u' }, { expiresIn: '5m' })),
    ).toBe(403);
    expect(
      await call(
        'acme',
        await signToken(mainKey, { ...reader, iss: MAIN, sub: 'u' }, { expiresIn: '5m' }),
        '/reports/r-1',
      ),
    ).toBe(200);
    await until('a scrape with both decisions', async () => {
      const [sample] = await query('sum(authn_verification_duration_count)');
      return sample !== undefined && Number(sample.value[1]) === 2 ? true : undefined;
    });
    const [crossing] = await until('the AuthTenantBoundaryCrossed alert', () => firing('AuthTenantBoundaryCrossed'));
    expect(crossing).toMatchObject({ labels: { authz_decision: 'deny', job: 'telemetry-service', severity: 'page' } });
    expect(Number(crossing!.value)).toBe(1);
    const [failOpen] = await until('the AuthzFailingOpen alert', () => firing('AuthzFailingOpen'));
    expect(failOpen).toMatchObject({
      labels: { error_type: 'pdp_unavailable', job: 'telemetry-service', severity: 'page' },
    });
    expect(Number(failOpen!.value)).toBe(1);
    // The same through the ALERTS series the rule manager writes.
    const alerts = await until('ALERTS for both', async () => {
      const samples = await query(
        'ALERTS{alertstate="firing",alertname=~"AuthTenantBoundaryCrossed|AuthzFailingOpen"}',
      );
      return samples.length === 2 ? samples : undefined;
    });
    expect(alerts.map((a) => a.metric['alertname']).sort()).toEqual(['AuthTenantBoundaryCrossed', 'AuthzFailingOpen']);
  });

  it('reports deny rate by reason and tenant crossings through PromQL', async () => {
    const reader = { aud: AUDIENCE, tenant: 'acme', roles: ['booking.reader'] };
    const totalAuthn = Object.values(plan).reduce((a, b) => a + b, 0);
    // Two rounds with a scrape in between, so rate() sees the counters grow.
    for (const round of [1, 2]) {
      const statuses: Record<string, number[]> = {};
      const send = async (name: string, count: number, tenant: string, token: () => Promise<string | undefined>) => {
        for (let i = 0; i < count; i++) (statuses[name] ??= []).push(await call(tenant, await token()));
      };
      await send('valid', plan.valid, 'acme', () =>
        signToken(mainKey, { ...reader, iss: MAIN, sub: `user-${Math.random()}` }, { expiresIn: '5m' }),
      );
      await send('partnerValid', plan.partnerValid, 'acme', () =>
        signToken(partnerKey, { ...reader, iss: PARTNER, sub: 'partner-user' }, { expiresIn: '5m' }),
      );
      await send('expired', plan.expired, 'acme', () =>
        signToken(mainKey, { ...reader, iss: MAIN, sub: 'u' }, { expiresIn: Math.floor(Date.now() / 1000) - 300 }),
      );
      await send('forged', plan.forged, 'acme', () =>
        signToken(forgerKey, { ...reader, iss: MAIN, sub: 'admin' }, { expiresIn: '5m' }),
      );
      await send('wrongIssuer', plan.wrongIssuer, 'acme', () =>
        signToken(mainKey, { ...reader, iss: 'https://evil.e2e.test/', sub: 'u' }, { expiresIn: '5m' }),
      );
      await send('missing', plan.missing, 'acme', async () => undefined);
      await send('crossTenant', plan.crossTenant, 'globex', () =>
        signToken(mainKey, { ...reader, iss: MAIN, sub: 'u' }, { expiresIn: '5m' }),
      );
      await send('missingRole', plan.missingRole, 'acme', () =>
        signToken(mainKey, { aud: AUDIENCE, tenant: 'acme', roles: [], iss: MAIN, sub: 'u' }, { expiresIn: '5m' }),
      );

      expect(statuses).toEqual({
        valid: Array(plan.valid).fill(200),
        partnerValid: Array(plan.partnerValid).fill(200),
        expired: Array(plan.expired).fill(401),
        forged: Array(plan.forged).fill(401),
        wrongIssuer: Array(plan.wrongIssuer).fill(401),
        missing: Array(plan.missing).fill(401),
        crossTenant: Array(plan.crossTenant).fill(403),
        missingRole: Array(plan.missingRole).fill(403),
      });
      await until(`a scrape with every decision of round ${round}`, async () => {
        const [sample] = await query('sum(authn_verification_duration_count)');
        return sample !== undefined &&
          Number(sample.value[1]) === totalAuthn * round + first.crossTenant + first.failOpen
          ? true
          : undefined;
      });
    }
    const rounds = 2;

    // Deny (failure) counts by reason, exactly what we sent.
    const failures = byLabel(
      await query('sum by (authn_failure_reason) (authn_verification_duration_count{authn_result!="success"})'),
      'authn_failure_reason',
    );
    expect(failures).toEqual({
      token_expired: rounds * plan.expired,
      signature_invalid: rounds * plan.forged,
      issuer_mismatch: rounds * plan.wrongIssuer,
      token_missing: rounds * plan.missing,
    });

    // The README's deny-rate query: per service (job) and reason, over a window.
    const rate = await until('a deny rate over two scrapes', async () => {
      const samples = await query(
        'sum by (job, authn_failure_reason) (rate(authn_verification_duration_count{authn_result!="success"}[1m]))',
      );
      return samples.length === 4 && samples.every((s) => Number(s.value[1]) > 0) ? samples : undefined;
    });
    expect(new Set(rate.map((s) => s.metric['job']))).toEqual(new Set(['telemetry-service']));

    // Successes by issuer alias: the multi-issuer verifier picked the right key set.
    const successes = byLabel(
      await query('sum by (authn_issuer) (authn_verification_duration_count{authn_result="success"})'),
      'authn_issuer',
    );
    expect(successes).toEqual({
      main: rounds * (plan.valid + plan.crossTenant + plan.missingRole) + first.crossTenant + first.failOpen,
      partner: rounds * plan.partnerValid,
    });

    // Tenant crossings, and no tenant id anywhere on the metric.
    const [crossings] = await query('sum(authz_decision_duration_count{authz_tenant_cross="true"})');
    expect(Number(crossings!.value[1])).toBe(rounds * plan.crossTenant + first.crossTenant);
    const crossSeries = await query('authz_decision_duration_count{authz_tenant_cross="true"}');
    expect(JSON.stringify(crossSeries)).not.toMatch(/globex|acme/);

    const denials = byLabel(
      await query('sum by (authz_denial_reason) (authz_decision_duration_count{authz_decision="deny"})'),
      'authz_denial_reason',
    );
    expect(denials).toEqual({
      tenant_mismatch: rounds * plan.crossTenant + first.crossTenant,
      missing_role: rounds * plan.missingRole,
    });

    // JWKS telemetry: one initial fetch per issuer, lookups served from cache afterwards.
    const fetches = byLabel(await query('sum by (authn_issuer) (authn_jwks_fetch_duration_count)'), 'authn_issuer');
    expect(fetches).toEqual({ main: 1, partner: 1 });
    const hits = byLabel(
      await query('sum by (authn_jwks_cache_result) (authn_jwks_lookups_total)'),
      'authn_jwks_cache_result',
    );
    expect(hits['miss_refetched']).toBe(2);
    expect(hits['hit']).toBeGreaterThan(0);

    // The tenant-crossing alert counts every crossing of the window exactly (the series is younger than 5 minutes).
    const crossingAlert = await until('the crossing alert to count every crossing', async () => {
      const alerts = await firing('AuthTenantBoundaryCrossed');
      const deny = alerts?.find((a) => a.labels['authz_decision'] === 'deny');
      return deny !== undefined && Number(deny.value) === rounds * plan.crossTenant + first.crossTenant
        ? deny
        : undefined;
    });
    expect(crossingAlert.state).toBe('firing');

    // Every panel of the shipped Grafana dashboard is valid PromQL against the real server.
    const dashboard = JSON.parse(
      await readFile(join(repoRoot, 'packages/telemetry/dashboards/auth-decisions.grafana.json'), 'utf8'),
    ) as { panels: { title: string; targets: { expr: string }[] }[] };
    for (const panel of dashboard.panels) for (const target of panel.targets) await query(target.expr);
    const denyPanel = dashboard.panels.find((p) => p.title.startsWith('Authentication deny rate'))!;
    expect((await query(denyPanel.targets[0]!.expr)).length).toBe(4);

    // Audit events: one per decision, denies included, no token in them.
    const audit = (await readFile(auditLog, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; attributes: Record<string, unknown> });
    expect(audit.filter((e) => e.event === 'authn.verification')).toHaveLength(
      rounds * totalAuthn + first.crossTenant + first.failOpen,
    );
    expect(
      audit.filter((e) => e.event === 'authz.decision' && e.attributes['authz.tenant.cross'] === true),
    ).toHaveLength(rounds * plan.crossTenant + first.crossTenant);
    expect(
      audit.filter((e) => e.event === 'authz.decision' && e.attributes['authz.fallback'] === 'fail_open'),
    ).toHaveLength(first.failOpen);
    expect(JSON.stringify(audit)).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\./);
  });

  it('the spans it exported, joined to the static map of its code, mark every decision site observed', async () => {
    // `authboundary map --observed` with the spans file the service wrote (OTLP JSON lines), as a
    // platform team runs it: the CLI, the service's own configuration, real spans of the rounds above.
    // A checkout of the service with its authboundary configuration (the spans name the files as the
    // service's working directory saw them: the map matches them by their path under its root).
    const checkout = join(workDir!, 'service');
    await cp(join(repoRoot, 'fixtures/telemetry-service/src'), join(checkout, 'src'), { recursive: true });
    await writeFile(join(checkout, 'authboundary.config.json'), JSON.stringify({ layers: { auth: ['src/**'] } }));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(repoRoot, 'packages/scanner/bin/authboundary.js'),
        'map',
        '--no-cache',
        '--format',
        'json',
        '--observed',
        spansFile,
      ],
      { cwd: checkout },
    );
    const map = JSON.parse(stdout) as {
      entries: { kind: string; file: string; line: number; scope: string; observed?: boolean }[];
      observed: { spans: number; sitesObserved: number; unmapped: unknown[] };
    };
    const decisions = map.entries.filter((entry) => entry.kind === 'verification' || entry.kind === 'authorization');
    expect(decisions.map((entry) => [entry.file, entry.line, entry.scope, entry.observed])).toEqual([
      ['src/server.js', 28, 'verifier', true],
      ['src/server.js', 44, 'GET /tenants/:tenantId/bookings/:bookingId', true],
      ['src/server.js', 58, 'GET /tenants/:tenantId/bookings/:bookingId', true],
      ['src/server.js', 74, 'GET /reports/:reportId', true],
    ]);
    expect(map.observed.sitesObserved).toBe(4);
    expect(map.observed.unmapped).toEqual([]);
    expect(map.observed.spans).toBeGreaterThan(0);
    // The code location is on spans only: never in the audit events.
    expect(await readFile(auditLog, 'utf8')).not.toContain('code.file.path');
  });
});
