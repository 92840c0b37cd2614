import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIdentityMap, run, scan, violationSeries, type CliIo } from '@authboundary/scanner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobilityPlatform } from '../../packages/scanner/test/support/fixture-repository.js';

const JOB = 'authboundary-e2e';
const started: ChildProcess[] = [];
let directory: string;
let prometheusUrl: string;
let pushgatewayUrl: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(command: string, args: readonly string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)));
  child.on('exit', (code) => {
    if (code !== null && code !== 0) console.error(`${command} exited with ${code}:\n${log}`);
  });
  started.push(child);
  return child;
}

/** Polls `probe` until it returns a value (bounded); the last failure is in the error. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

interface PromVectorResult {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

async function query(promql: string): Promise<PromVectorResult[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { status: string; data: { result: PromVectorResult[] } };
  if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
  return body.data.result;
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'authboundary-prometheus-'));
  const [prometheusPort, pushgatewayPort] = [await freePort(), await freePort()];
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  pushgatewayUrl = `http://127.0.0.1:${pushgatewayPort}`;
  writeFileSync(
    join(directory, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: pushgateway',
      '    honor_labels: true',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${pushgatewayPort}']`,
      '',
    ].join('\n'),
  );
  start('prometheus-pushgateway', [
    `--web.listen-address=127.0.0.1:${pushgatewayPort}`,
    `--persistence.file=${join(directory, 'pushgateway.data')}`,
  ]);
  start('prometheus', [
    `--config.file=${join(directory, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(directory, 'data')}`,
    `--web.listen-address=127.0.0.1:${prometheusPort}`,
  ]);
  for (const url of [pushgatewayUrl, prometheusUrl]) {
    await eventually(`${url}/-/ready`, async () =>
      (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) })).ok ? true : undefined,
    );
  }
});

afterAll(async () => {
  await Promise.all(started.map(stop));
  // Unset when beforeAll failed.
  if ((directory as string | undefined) !== undefined) rmSync(directory, { recursive: true, force: true });
});

describe('export to a real Pushgateway, scraped by a real Prometheus', () => {
  it('Prometheus holds exactly the counts of the scan, per series and summed by module and rule', async () => {
    const output = { stdout: '', stderr: '' };
    const io: CliIo = {
      stdout: (text) => (output.stdout += text),
      stderr: (text) => (output.stderr += text),
      stdoutIsTty: false,
      stderrIsTty: false,
      cwd: mobilityPlatform,
    };
    expect(
      await run(['node', 'authboundary', 'export', '--pushgateway', pushgatewayUrl, '--job', JOB], io),
      output.stderr,
    ).toBe(0);

    const { report } = await scan({ cwd: mobilityPlatform, cache: false });
    const expected = violationSeries(report.findings);
    const series = await eventually('the pushed series in Prometheus', async () => {
      const result = await query(`authboundary_violations{job="${JOB}"}`);
      return result.length === expected.length ? result : undefined;
    });

    const key = (labels: Record<string, string>) =>
      `${labels['repository']}|${labels['rule']}|${labels['layer']}|${labels['module']}|${labels['owner']}`;
    expect(Object.fromEntries(series.map((sample) => [key(sample.metric), Number(sample.value[1])]))).toEqual(
      Object.fromEntries(
        expected.map((entry) => [key({ repository: 'mobility-platform', ...entry.attributes }), entry.violations]),
      ),
    );
    const total = await query(`sum(authboundary_violations{job="${JOB}"})`);
    expect(Number(total[0]!.value[1])).toBe(report.summary.total);
    const byModule = await query(`sum by (module) (authboundary_violations{job="${JOB}"})`);
    expect(Object.fromEntries(byModule.map((sample) => [sample.metric['module'], Number(sample.value[1])]))).toEqual(
      report.summary.byModule,
    );
    const byRule = await query(`sum by (rule) (authboundary_violations{job="${JOB}"})`);
    expect(Object.fromEntries(byRule.map((sample) => [sample.metric['rule'], Number(sample.value[1])]))).toEqual(
      report.summary.byRule,
    );

    // Instrumentation coverage beside the count: the decision sites of the map, as PromQL reads them.
    const { sites } = await scan({ cwd: mobilityPlatform, cache: false });
    const { decisions } = buildIdentityMap(report.root, sites, report.findings).summary;
    const [instrumented] = await query(`sum(authboundary_auth_decisions{job="${JOB}",instrumented="true"})`);
    const [all] = await query(`sum(authboundary_auth_decisions{job="${JOB}"})`);
    expect([Number(instrumented!.value[1]), Number(all!.value[1])]).toEqual([decisions.instrumented, decisions.total]);
  });
});

describe('many repositories, one Prometheus', () => {
  const MANY = 'authboundary-e2e-many';

  /** A copy of the fixture in its own git repository, named by `name` in its configuration or by its remote. */
  function repositoryCopy(
    naming: { name: string } | { remote: string },
    edit?: { file: string; from: string; to: string },
  ): string {
    const copy = mkdtempSync(join(tmpdir(), 'authboundary-repository-'));
    cpSync(mobilityPlatform, copy, { recursive: true });
    const configPath = join(copy, 'authboundary.config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    delete config['$schema'];
    delete config['name'];
    if ('name' in naming) config['name'] = naming.name;
    writeFileSync(configPath, JSON.stringify(config));
    if (edit !== undefined) {
      const path = join(copy, edit.file);
      const text = readFileSync(path, 'utf8');
      expect(text).toContain(edit.from);
      writeFileSync(path, text.replace(edit.from, edit.to));
    }
    execFileSync('git', ['-C', copy, 'init', '-q'], { stdio: 'ignore' });
    if ('remote' in naming)
      execFileSync('git', ['-C', copy, 'remote', 'add', 'origin', naming.remote], { stdio: 'ignore' });
    copies.push(copy);
    return copy;
  }
  const copies: string[] = [];
  afterAll(() => {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  });

  async function exportFrom(cwd: string): Promise<void> {
    const output = { stdout: '', stderr: '' };
    const io: CliIo = {
      stdout: (text) => (output.stdout += text),
      stderr: (text) => (output.stderr += text),
      stdoutIsTty: false,
      stderrIsTty: false,
      cwd,
    };
    expect(
      await run(['node', 'authboundary', 'export', '--pushgateway', pushgatewayUrl, '--job', MANY], io),
      output.stderr,
    ).toBe(0);
  }

  it('two repositories pushed to one job keep their own groups; Prometheus sums them, by repository and in all', async () => {
    const billing = repositoryCopy({ remote: 'https://ci-bot:ghp_s3cr3tT0ken@github.com/acme/billing.git' });
    // The second repository has one violation fewer, so the two counts differ.
    const fleet = repositoryCopy(
      { name: 'fleet' },
      { file: 'src/wallet/wallet.service.ts', from: "'auth0|64f1c2d9e8b7a6f5e4d3c2b1'", to: "'platform-operations'" },
    );
    const totals = {
      'github.com/acme/billing': (await scan({ cwd: billing, cache: false })).report.summary.total,
      fleet: (await scan({ cwd: fleet, cache: false })).report.summary.total,
    };
    expect(totals.fleet).toBeLessThan(totals['github.com/acme/billing']);

    await exportFrom(billing);
    await exportFrom(fleet);
    // A second push of one repository replaces its own group only: the other stays.
    await exportFrom(billing);

    const byRepository = await eventually('both repositories in Prometheus', async () => {
      const result = await query(`sum by (repository) (authboundary_violations{job="${MANY}"})`);
      return result.length === 2 ? result : undefined;
    });
    expect(
      Object.fromEntries(byRepository.map((sample) => [sample.metric['repository'], Number(sample.value[1])])),
    ).toEqual(totals);
    const [sum] = await query(`sum(authboundary_violations{job="${MANY}"})`);
    expect(Number(sum!.value[1])).toBe(totals['github.com/acme/billing'] + totals.fleet);

    // The gateway holds one group per repository, and no credential from the remote URL anywhere.
    const gateway = await (await fetch(`${pushgatewayUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    const groups = new Set(
      gateway
        .split('\n')
        .filter((line) => line.startsWith(`push_time_seconds{`) && line.includes(`job="${MANY}"`))
        .map((line) => /repository="([^"]*)"/.exec(line)?.[1]),
    );
    expect(groups).toEqual(new Set(['github.com/acme/billing', 'fleet']));
    expect(gateway).not.toContain('s3cr3t');
    expect(gateway).not.toContain('ci-bot');

    // Every query of the Grafana dashboard runs on this Prometheus; its organisation view sums the two.
    const dashboard = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'grafana', 'authboundary-violations.json'), 'utf8'),
    ) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const variables: Record<string, string> = { job: MANY, repository: '.*', module: '.*', owner: '.*' };
    const results: Record<string, PromVectorResult[]> = {};
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? [])
        results[panel.title] = await query(target.expr.replace(/\$(\w+)/g, (_whole, name: string) => variables[name]!));
    }
    expect(
      Object.fromEntries(
        results['By repository']!.map((sample) => [sample.metric['repository'], Number(sample.value[1])]),
      ),
    ).toEqual(totals);
    expect(Number(results['Violations now']![0]!.value[1])).toBe(totals['github.com/acme/billing'] + totals.fleet);
    const owners = await query(`sum by (owner) (authboundary_violations{job="${MANY}"})`);
    expect(results['Top owners across repositories']!.map((sample) => sample.metric['owner']).sort()).toEqual(
      owners.map((sample) => sample.metric['owner']).sort(),
    );
  });
});
