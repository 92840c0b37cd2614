import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BaselineError,
  buildIdentityMap,
  readBaselineFingerprints,
  run,
  scan,
  serializeBaseline,
  violationSeries,
  type CliIo,
  type Finding,
} from '@authboundary/scanner';
import { exportOtlp, prometheusRegistry, pushToGateway } from '@authboundary/scanner/export';
import { afterEach, describe, expect, it } from 'vitest';
import { mobilityPlatform } from './support/fixture-repository.js';
import { decodeOtlpGauges, startLoopbackReceiver } from './support/loopback-receiver.js';

const finding = (overrides: Partial<Finding>): Finding => ({
  rule: 'no-provider-id-outside-auth',
  messageId: 'claimRead',
  severity: 'error',
  file: 'src/a.ts',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
  message: 'm',
  layer: 'domain',
  module: 'booking',
  fingerprint: '0'.repeat(32),
  scope: '<module>',
  snippet: 'sub',
  owners: [],
  ...overrides,
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const cliIo: CliIo = {
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
    stdoutIsTty: false,
    stderrIsTty: false,
    cwd,
  };
  return { cliIo, out };
}

describe('violation series', () => {
  it('counts findings per rule, layer, module and owner; several owners form one value, so the series sum to the total', () => {
    const series = violationSeries([
      finding({ owners: ['@org/booking'] }),
      finding({ owners: ['@org/booking'], line: 2 }),
      finding({ owners: ['@org/payments', '@org/booking'], module: 'payment' }),
      finding({ layer: 'unassigned', module: null }),
    ]);
    expect(series).toEqual([
      {
        attributes: { rule: 'no-provider-id-outside-auth', layer: 'domain', module: 'booking', owner: '@org/booking' },
        violations: 2,
        newViolations: undefined,
      },
      {
        attributes: {
          rule: 'no-provider-id-outside-auth',
          layer: 'domain',
          module: 'payment',
          owner: '@org/booking,@org/payments',
        },
        violations: 1,
        newViolations: undefined,
      },
      {
        attributes: { rule: 'no-provider-id-outside-auth', layer: 'unassigned', module: '(none)', owner: '(unowned)' },
        violations: 1,
        newViolations: undefined,
      },
    ]);
  });

  it('with a baseline, counts the findings whose fingerprint it does not hold as new', () => {
    const series = violationSeries(
      [finding({ fingerprint: 'known' }), finding({ fingerprint: 'fresh', line: 2 })],
      new Set(['known']),
    );
    expect(series.map((entry) => [entry.violations, entry.newViolations])).toEqual([[2, 1]]);
  });

  it('reads the fingerprints of a baseline file through the baseline loader, which names what is wrong with a bad one', () => {
    const directory = mkdtempSync(join(tmpdir(), 'authboundary-baseline-'));
    cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
    const entry = (fingerprint: string) => ({
      fingerprint,
      rule: 'no-provider-id-outside-auth',
      file: 'src/a.ts',
      scope: '<module>',
      snippet: 'cognitoSub',
    });
    writeFileSync(
      join(directory, 'baseline.json'),
      serializeBaseline([entry('b'.repeat(32)), entry('a'.repeat(32))], '0.1.0'),
    );
    writeFileSync(join(directory, 'foreign.json'), JSON.stringify({ version: 1, entries: [{ fingerprint: 'c' }] }));
    writeFileSync(join(directory, 'broken.json'), '{"findings": [');
    expect([...readBaselineFingerprints(join(directory, 'baseline.json'))].sort()).toEqual([
      'a'.repeat(32),
      'b'.repeat(32),
    ]);
    expect(() => readBaselineFingerprints(join(directory, 'foreign.json'))).toThrow(BaselineError);
    expect(() => readBaselineFingerprints(join(directory, 'broken.json'))).toThrow(/broken\.json is not valid JSON/);
  });
});

describe('OTLP export', () => {
  it('sends gauge authboundary.violations with rule, layer, module and owner, and .new only with a baseline', async () => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    await exportOtlp(
      violationSeries(
        [
          finding({ fingerprint: 'known', owners: ['@org/booking'] }),
          finding({ fingerprint: 'fresh', line: 2, owners: ['@org/booking'] }),
        ],
        new Set(['known']),
      ),
      { url: receiver.url, repository: 'github.com/acme/billing' },
    );
    await exportOtlp(violationSeries([finding({})]), { url: `${receiver.url}/custom/path`, repository: 'billing' });

    expect(receiver.requests.map((request) => [request.method, request.url, request.headers['content-type']])).toEqual([
      ['POST', '/v1/metrics', 'application/json'],
      ['POST', '/custom/path', 'application/json'],
    ]);
    const first = decodeOtlpGauges(receiver.requests[0]!.body);
    expect(first.resource['service.name']).toBe('authboundary');
    expect(first.gauges).toEqual({
      'authboundary.violations': [
        {
          attributes: {
            repository: 'github.com/acme/billing',
            rule: 'no-provider-id-outside-auth',
            layer: 'domain',
            module: 'booking',
            owner: '@org/booking',
          },
          value: 2,
        },
      ],
      'authboundary.violations.new': [
        {
          attributes: {
            repository: 'github.com/acme/billing',
            rule: 'no-provider-id-outside-auth',
            layer: 'domain',
            module: 'booking',
            owner: '@org/booking',
          },
          value: 1,
        },
      ],
    });
    expect(Object.keys(decodeOtlpGauges(receiver.requests[1]!.body).gauges)).toEqual(['authboundary.violations']);
  });

  it('honours OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS when no URL is given', async () => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    const saved = {
      endpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'],
      headers: process.env['OTEL_EXPORTER_OTLP_HEADERS'],
    };
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = receiver.url;
    process.env['OTEL_EXPORTER_OTLP_HEADERS'] = 'x-team=platform';
    cleanups.push(() => {
      for (const [name, value] of [
        ['OTEL_EXPORTER_OTLP_ENDPOINT', saved.endpoint],
        ['OTEL_EXPORTER_OTLP_HEADERS', saved.headers],
      ] as const) {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- unsets the variable (assigning undefined sets "undefined")
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    await exportOtlp(violationSeries([finding({})]), { repository: 'billing' });
    expect(receiver.requests.map((request) => [request.url, request.headers['x-team']])).toEqual([
      ['/v1/metrics', 'platform'],
    ]);
  });

  it('fails with a usage error when the receiver rejects the metrics', async () => {
    const receiver = await startLoopbackReceiver(400);
    cleanups.push(receiver.close);
    await expect(
      exportOtlp(violationSeries([finding({})]), { url: receiver.url, repository: 'billing' }),
    ).rejects.toThrow(/OTLP export to .* failed/);
  });
});

describe('Pushgateway export', () => {
  it('PUTs the series in the Prometheus exposition format under the job, replacing its previous push', async () => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    await pushToGateway(
      violationSeries([finding({ owners: ['@org/booking'] }), finding({ line: 2, module: 'payment' })]),
      { url: receiver.url, job: 'authboundary ci', repository: 'github.com/acme/billing' },
    );
    // The grouping key: repository@base64 / base64url("github.com/acme/billing").
    expect(receiver.requests.map((request) => [request.method, request.url])).toEqual([
      ['PUT', '/metrics/job/authboundary%20ci/repository%40base64/Z2l0aHViLmNvbS9hY21lL2JpbGxpbmc'],
    ]);
    expect(Buffer.from('Z2l0aHViLmNvbS9hY21lL2JpbGxpbmc', 'base64url').toString()).toBe('github.com/acme/billing');
    const samples = receiver.requests[0]!.body.split('\n').filter((line) => line.startsWith('authboundary_'));
    expect(samples).toEqual([
      'authboundary_violations{repository="github.com/acme/billing",rule="no-provider-id-outside-auth",layer="domain",module="booking",owner="@org/booking"} 1',
      'authboundary_violations{repository="github.com/acme/billing",rule="no-provider-id-outside-auth",layer="domain",module="payment",owner="(unowned)"} 1',
    ]);
    expect(receiver.requests[0]!.body).toContain('# TYPE authboundary_violations gauge');
  });

  it('exposes authboundary_violations_new only with a baseline', async () => {
    expect(await prometheusRegistry(violationSeries([finding({})]), 'billing').metrics()).not.toContain(
      'authboundary_violations_new',
    );
    expect(
      await prometheusRegistry(violationSeries([finding({ fingerprint: 'x' })], new Set()), 'billing').metrics(),
    ).toContain(
      'authboundary_violations_new{repository="billing",rule="no-provider-id-outside-auth",layer="domain",module="booking",owner="(unowned)"} 1',
    );
  });
});

/** The fixture's identity map, as `authboundary map` builds it. */
async function mapOfFixture() {
  const result = await scan({ cwd: mobilityPlatform });
  return buildIdentityMap(result.config.root, result.sites, result.report.findings);
}

describe('authboundary export (CLI)', () => {
  it('scans and pushes the fixture counts; the pushed values sum to the scan total', async () => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    const { cliIo, out } = io(mobilityPlatform);
    expect(await run(['node', 'authboundary', 'export', '--pushgateway', receiver.url, '--job', 'weekly'], cliIo)).toBe(
      0,
    );
    const { report } = await scan({ cwd: mobilityPlatform });
    const pushed = receiver.requests[0]!.body.split('\n')
      .filter((line) => line.startsWith('authboundary_violations{'))
      .map((line) => Number(line.split(' ').at(-1)));
    expect(pushed.reduce((sum, value) => sum + value, 0)).toBe(report.summary.total);
    expect(out.stdout).toContain(`exported ${report.summary.total} violations`);
    expect(out.stdout).toContain('of repository mobility-platform (configuration "name")');
    // Instrumentation coverage beside the violations: the decision sites of the map, per module, owner and instrumented.
    const decisions = receiver.requests[0]!.body.split('\n').filter((line) =>
      line.startsWith('authboundary_auth_decisions{'),
    );
    const map = await mapOfFixture();
    const sum = (instrumented: string) =>
      decisions
        .filter((line) => line.includes(`instrumented="${instrumented}"`))
        .reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
    expect(sum('true')).toBe(map.summary.decisions.instrumented);
    expect(sum('true') + sum('false')).toBe(map.summary.decisions.total);
    expect(decisions).toContain(
      'authboundary_auth_decisions{repository="mobility-platform",module="auth",owner="@mobility/identity",instrumented="true"} 2',
    );
  });

  it('sends the fixture counts over OTLP; the data points sum to the scan total', async () => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    const { cliIo, out } = io(mobilityPlatform);
    expect(await run(['node', 'authboundary', 'export', '--otlp', receiver.url], cliIo), out.stderr).toBe(0);
    const { report } = await scan({ cwd: mobilityPlatform });
    const points = decodeOtlpGauges(receiver.requests[0]!.body).gauges['authboundary.violations']!;
    expect(points.reduce((sum, point) => sum + point.value, 0)).toBe(report.summary.total);
    expect(new Set(points.map((point) => point.attributes['module']))).toEqual(
      new Set(Object.keys(report.summary.byModule)),
    );
  });

  it.each([
    [['export'], /name a destination/],
    [['export', '--pushgateway', 'http://127.0.0.1:9'], /--pushgateway needs --job/],
    [['export', '--otlp', 'not a url'], /--otlp: expected an http\(s\) URL/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { cliIo, out } = io(mobilityPlatform);
    expect(await run(['node', 'authboundary', ...args], cliIo)).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it('a bare --otlp with no OTEL_EXPORTER_OTLP_* endpoint set is exit 2 at once, naming both variables, instead of ~10 s of retries to an endpoint nobody configured', async () => {
    const names = ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;
    const saved = names.map((name) => [name, process.env[name]] as const);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- unsets the variables (assigning undefined sets "undefined")
    for (const name of names) delete process.env[name];
    cleanups.push(() => {
      for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
    });
    const { cliIo, out } = io(mobilityPlatform);
    const started = Date.now();
    expect(await run(['node', 'authboundary', 'export', '--otlp'], cliIo)).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(out.stderr).toContain(
      '--otlp without a URL sends to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, and neither is set; name the collector: --otlp http://localhost:4318',
    );
    expect(out.stdout).toBe('');
  });

  it('an unreachable Pushgateway is exit 2 with the URL named', async () => {
    const receiver = await startLoopbackReceiver(503);
    cleanups.push(receiver.close);
    const { cliIo, out } = io(mobilityPlatform);
    expect(await run(['node', 'authboundary', 'export', '--pushgateway', receiver.url, '--job', 'weekly'], cliIo)).toBe(
      2,
    );
    expect(out.stderr).toContain(`push to the Pushgateway ${receiver.url} failed: push failed with status 503`);
  });

  it.each([301, 302, 303, 307, 308])(
    'a Pushgateway answering %i delivered nothing: exit 2, no "exported" line, the redirect not followed',
    async (status) => {
      const target = await startLoopbackReceiver();
      cleanups.push(target.close);
      const receiver = await startLoopbackReceiver(status, { location: `${target.url}/metrics/job/weekly` });
      cleanups.push(receiver.close);
      const { cliIo, out } = io(mobilityPlatform);
      expect(
        await run(['node', 'authboundary', 'export', '--pushgateway', receiver.url, '--job', 'weekly'], cliIo),
      ).toBe(2);
      expect(out.stderr).toContain(
        `push to the Pushgateway ${receiver.url} failed: answered with status ${status}, not 2xx (redirected to ${target.url}/metrics/job/weekly;`,
      );
      expect(out.stdout).not.toContain('exported');
      expect(target.requests).toEqual([]);
    },
  );
});
