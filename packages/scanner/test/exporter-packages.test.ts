import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EXPORTER_PACKAGES, requireExporterPackages } from '@authboundary/scanner/export';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackReceiver } from './support/loopback-receiver.js';
import { oneLeakProject, standardConfig, temporaryProject } from './temporary-project.js';

const packageDirectory = join(import.meta.dirname, '..');
const bin = join(packageDirectory, 'bin', 'authboundary.js');
const hidePackages = join(import.meta.dirname, 'support', 'hide-packages', 'register.mjs');
const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

const OTLP = Object.keys(EXPORTER_PACKAGES.otlp);
const ALL = [...OTLP, ...Object.keys(EXPORTER_PACKAGES.pushgateway)];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function namedProject(): string {
  const root = temporaryProject({
    ...oneLeakProject,
    'authboundary.config.json': { ...standardConfig, name: 'booking' },
  });
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** Runs node in `cwd` as on a machine where the `hidden` packages were never installed. */
async function withoutPackages(hidden: readonly string[], args: readonly string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', hidePackages, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', AUTHBOUNDARY_HIDDEN_PACKAGES: hidden.join(',') },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('the exporters are optional peer dependencies', () => {
  it('package.json declares exactly the exporter packages as optional peers, tested at the versions named', () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([...ALL].sort());
    for (const [name, version] of Object.entries({ ...EXPORTER_PACKAGES.otlp, ...EXPORTER_PACKAGES.pushgateway })) {
      expect(manifest.peerDependenciesMeta[name], name).toEqual({ optional: true });
      expect(manifest.devDependencies[name], name).toBe(version);
      expect(manifest.dependencies[name], name).toBeUndefined();
    }
  });

  it('without them, the main entry loads and scan runs', async () => {
    const root = namedProject();
    const importMain = ['--input-type=module', '-e', "await import('@authboundary/scanner')"];
    const entry = await withoutPackages(ALL, importMain, packageDirectory);
    expect(entry).toEqual({ code: 0, stdout: '', stderr: '' });
    const scan = await withoutPackages(ALL, [bin, 'scan', '--no-cache'], root);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain('no-provider-id-outside-auth');
  });

  it('export --pushgateway without prom-client names it and the install command, exit 2, nothing sent', async () => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    const args = [bin, 'export', '--pushgateway', receiver.url, '--job', 'ci'];
    const result = await withoutPackages(['prom-client'], args, namedProject());
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'authboundary: export --pushgateway needs packages that are not installed: prom-client. ' +
        'They are optional peer dependencies of @authboundary/scanner (scan and check install without them); ' +
        'install them beside the scanner:\n' +
        '  npm install --save-dev prom-client@15.1.3\n',
    });
    expect(receiver.requests).toEqual([]);
  });

  it('export --otlp names every missing OpenTelemetry package, and installs only what --otlp needs', async () => {
    const result = await withoutPackages(
      ['@opentelemetry/sdk-metrics', '@opentelemetry/exporter-metrics-otlp-http'],
      [bin, 'export', '--otlp', 'http://127.0.0.1:9', '--pushgateway', 'http://127.0.0.1:9', '--job', 'ci'],
      namedProject(),
    );
    expect(result.code).toBe(2);
    const install = Object.entries(EXPORTER_PACKAGES.otlp).map(([name, version]) => `${name}@${version}`);
    expect(result.stderr).toBe(
      'authboundary: export --otlp needs packages that are not installed: @opentelemetry/exporter-metrics-otlp-http, ' +
        '@opentelemetry/sdk-metrics. They are optional peer dependencies of @authboundary/scanner (scan and check ' +
        'install without them); install them beside the scanner:\n' +
        `  npm install --save-dev ${install.join(' ')}\n`,
    );
  });

  it('export --pushgateway needs prom-client only: it sends without the OpenTelemetry SDK installed', async () => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    const args = [bin, 'export', '--pushgateway', receiver.url, '--job', 'ci'];
    const result = await withoutPackages(OTLP, args, namedProject());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(receiver.requests.map((request) => request.method)).toEqual(['PUT']);
  });

  it('a package that is installed but fails to load is not reported as missing: the error is rethrown', async () => {
    const message = "Cannot find package 'long' imported from /x/prom-client/index.js";
    const broken = Object.assign(new Error(message), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(requireExporterPackages(['pushgateway'], () => Promise.reject(broken))).rejects.toBe(broken);
    await expect(requireExporterPackages(['otlp', 'pushgateway'], () => Promise.resolve({}))).resolves.toBeUndefined();
  });
});
