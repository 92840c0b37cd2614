import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, scan, violationSeries, type CliIo } from '@authboundary/scanner';
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
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)));
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
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(5_000) });
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
    ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', 'scrape_configs:', '  - job_name: pushgateway', '    honor_labels: true', '    static_configs:', `      - targets: ['127.0.0.1:${pushgatewayPort}']`, ''].join('\n'),
  );
  start('prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${pushgatewayPort}`, `--persistence.file=${join(directory, 'pushgateway.data')}`]);
  start('prometheus', [`--config.file=${join(directory, 'prometheus.yml')}`, `--storage.tsdb.path=${join(directory, 'data')}`, `--web.listen-address=127.0.0.1:${prometheusPort}`]);
  for (const url of [pushgatewayUrl, prometheusUrl]) {
    await eventually(`${url}/-/ready`, async () => ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) })).ok ? true : undefined));
  }
});

afterAll(async () => {
  await Promise.all(started.map(stop));
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
});

describe('export to a real Pushgateway, scraped by a real Prometheus', () => {
  it('Prometheus holds exactly the counts of the scan, per series and summed by module and rule', async () => {
    const output = { stdout: '', stderr: '' };
    const io: CliIo = { stdout: (text) => (output.stdout += text), stderr: (text) => (output.stderr += text), stdoutIsTty: false, stderrIsTty: false, cwd: mobilityPlatform };
    expect(await run(['node', 'authboundary', 'export', '--pushgateway', pushgatewayUrl, '--job', JOB], io), output.stderr).toBe(0);

    const { report } = await scan({ cwd: mobilityPlatform, cache: false });
    const expected = violationSeries(report.findings);
    const series = await eventually('the pushed series in Prometheus', async () => {
      const result = await query(`authboundary_violations{job="${JOB}"}`);
      return result.length === expected.length ? result : undefined;
    });

    const key = (labels: Record<string, string>) => `${labels['rule']}|${labels['layer']}|${labels['module']}|${labels['owner']}`;
    expect(Object.fromEntries(series.map((sample) => [key(sample.metric), Number(sample.value[1])]))).toEqual(Object.fromEntries(expected.map((entry) => [key(entry.attributes), entry.violations])));
    const total = await query(`sum(authboundary_violations{job="${JOB}"})`);
    expect(Number(total[0]!.value[1])).toBe(report.summary.total);
    const byModule = await query(`sum by (module) (authboundary_violations{job="${JOB}"})`);
    expect(Object.fromEntries(byModule.map((sample) => [sample.metric['module'], Number(sample.value[1])]))).toEqual(report.summary.byModule);
    const byRule = await query(`sum by (rule) (authboundary_violations{job="${JOB}"})`);
    expect(Object.fromEntries(byRule.map((sample) => [sample.metric['rule'], Number(sample.value[1])]))).toEqual(report.summary.byRule);
  });
});
