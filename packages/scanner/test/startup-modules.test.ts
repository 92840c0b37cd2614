import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeHistory } from '@authboundary/scanner';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackReceiver } from './support/loopback-receiver.js';
import { sampleRecord } from './support/sample-record.js';
import { oneLeakProject, standardConfig, temporaryProject } from './temporary-project.js';

const bin = join(import.meta.dirname, '..', 'bin', 'authboundary.js');
/** The CLI from the modules as built (`dist/cli.js`), which the bin runs only when the bundle is stale. */
const modulesCli = join(import.meta.dirname, 'support', 'modules-cli.mjs');
const moduleLogHooks = join(import.meta.dirname, 'support', 'module-log', 'register.mjs');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * The packages a heavy start-up would load: the compiler and the OpenTelemetry SDK (ts-morph, which
 * the scanner no longer uses, is still listed so that it cannot come back unseen).
 */
const HEAVY = /\/node_modules\/(typescript|ts-morph|@ts-morph\/[^/]+|@opentelemetry\/[^/]+)\//;

/** What loading the compiler shows: `typescript`, which the scanner `require`s (`src/compiler.cjs`). */
const compiler = ['typescript'];

/**
 * Runs the CLI as users do (the bin, which runs the bundle in `dist/bundle/`), under hooks that log
 * every module it resolves; returns the heavy packages it loaded.
 */
async function heavyPackagesLoadedBy(args: readonly string[], cwd: string): Promise<{ code: number; heavy: string[] }> {
  const { code, urls } = await modulesLoadedBy(args, cwd);
  return { code, heavy: [...new Set(urls.flatMap((url) => HEAVY.exec(url)?.[1] ?? []))].sort() };
}

/** A module of the scanner's `dist/` that is not part of the bundle (nor the compiler's loader, which the bundle imports). */
const UNBUNDLED = /\/scanner\/dist\/(?!bundle\/|compiler\.cjs$|compiler-code-cache\.cjs$)/;

/**
 * Runs the CLI under hooks that log every module it resolves; returns them. `bundled`: the bin, as
 * users run it, which must run the bundle (the test setup builds it when `tsc -b` ran after it);
 * `modules`: the modules as built, one file each, to see which of them a command line loads.
 */
async function modulesLoadedBy(
  args: readonly string[],
  cwd: string,
  cli: 'bundled' | 'modules' = 'bundled',
): Promise<{ code: number; urls: string[] }> {
  const log = join(mkdtempSync(join(tmpdir(), 'authboundary-modules-')), 'modules.log');
  cleanups.push(() => rmSync(join(log, '..'), { recursive: true, force: true }));
  let code = 0;
  try {
    await promisify(execFile)(
      process.execPath,
      ['--import', moduleLogHooks, cli === 'bundled' ? bin : modulesCli, ...args],
      {
        cwd,
        env: { ...process.env, NO_COLOR: '1', AUTHBOUNDARY_MODULE_LOG: log },
      },
    );
  } catch (error) {
    code = (error as { code: number }).code;
  }
  const urls = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url !== '');
  if (cli === 'bundled') {
    expect(
      urls.some((url) => url.endsWith('/scanner/dist/bundle/cli.js')),
      'the hooks saw the bundled CLI load',
    ).toBe(true);
    expect(urls.filter((url) => UNBUNDLED.test(url))).toEqual([]);
  } else {
    expect(
      urls.some((url) => url.endsWith('/scanner/dist/cli.js')),
      'the hooks saw the CLI load',
    ).toBe(true);
  }
  return { code, urls };
}

describe('start-up loads neither the compiler nor the OpenTelemetry SDK unless the command needs them', () => {
  const project = () => {
    const root = temporaryProject(oneLeakProject);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    return root;
  };

  it.each([
    [['--version'], 0],
    [['--help'], 0],
    [['scan', '--help'], 0],
    [['export', '--help'], 0],
    [['scan', '--no-such-option'], 2],
    [['check', '--format', 'yaml'], 2],
    [['export'], 2],
    [['trend'], 2],
  ])('authboundary %j (exit %i)', async (args, exitCode) => {
    expect(await heavyPackagesLoadedBy(args, project())).toEqual({ code: exitCode, heavy: [] });
  });

  it('authboundary trend with a history reads it without the compiler', async () => {
    const root = project();
    writeHistory(join(root, 'authboundary.history.json'), {
      version: 1,
      records: [sampleRecord('2026-W45', 3), sampleRecord('2026-W46', 2)],
    });
    expect(await heavyPackagesLoadedBy(['trend'], root)).toEqual({ code: 0, heavy: [] });
  });

  // The same hooks see the heavy packages where they are needed: the checks above can fail.
  it('a scan loads the compiler, and only the compiler', async () => {
    expect(await heavyPackagesLoadedBy(['scan', '--no-cache'], project())).toEqual({ code: 1, heavy: compiler });
  });

  it('a warm scan whose files and imports across modules are all cache hits loads no compiler', async () => {
    const booking = (token: string) =>
      `import { verify } from '../auth/verify';\nexport const cognitoSub = verify('${token}') ? 1 : 0;\n`;
    const root = temporaryProject({
      'authboundary.config.json': standardConfig,
      'src/auth/verify.ts':
        "export const verify = (token: string) => token.length > 0;\nexport { cognitoSub } from '../booking/booking';\n",
      'src/booking/booking.ts': booking('t'),
    });
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const cold = await heavyPackagesLoadedBy(['scan', '--format', 'json'], root);
    expect(cold.heavy).toEqual(compiler);
    const warm = await heavyPackagesLoadedBy(['scan', '--format', 'json'], root);
    expect(warm).toEqual({ code: cold.code, heavy: [] });
    // A changed file is parsed again: the compiler comes back.
    writeFileSync(join(root, 'src/booking/booking.ts'), booking('u'));
    expect((await heavyPackagesLoadedBy(['scan', '--format', 'json'], root)).heavy).toEqual(compiler);
  });

  it('merge combines shard reports without the compiler (the shards were parsed by their scans)', async () => {
    const root = project();
    for (const shard of ['1/2', '2/2']) {
      const output = `shard-${shard[0] ?? ''}.json`;
      await heavyPackagesLoadedBy(['scan', '--no-cache', '--shard', shard, '--format', 'json', '-o', output], root);
    }
    expect(await heavyPackagesLoadedBy(['merge', 'shard-1.json', 'shard-2.json', '--format', 'json'], root)).toEqual({
      code: 1,
      heavy: [],
    });
  });

  it('export --otlp loads the OpenTelemetry SDK', async () => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    const root = project();
    const { code, heavy } = await heavyPackagesLoadedBy(['export', '--otlp', receiver.url], root);
    expect(code).toBe(2); // the temporary project is not a git repository and has no "name"
    expect(heavy).toEqual([]);
    const named = temporaryProject({
      'authboundary.config.json': { ...standardConfig, name: 'booking' },
      'src/auth/verify.ts': 'export const verify = () => true;\n',
    });
    cleanups.push(() => rmSync(named, { recursive: true, force: true }));
    const exported = await heavyPackagesLoadedBy(['export', '--otlp', receiver.url, '--no-such-option'], named);
    expect(exported.heavy).toEqual([]);
    const sent = await heavyPackagesLoadedBy(['export', '--otlp', receiver.url], named);
    expect(sent.code).toBe(0);
    expect(sent.heavy).toEqual(expect.arrayContaining(['@opentelemetry/sdk-metrics', ...compiler]));
  });
});

/** The scanner's command modules (`dist/commands/<name>.js`) among logged module URLs. */
const commandModules = (urls: readonly string[]) =>
  [
    ...new Set(
      urls.flatMap(
        (url) =>
          /\/dist\/commands\/(scan|merge|map|check|baseline|history|trend|report|export|init)\.js$/.exec(url)?.[1] ??
          [],
      ),
    ),
  ].sort();

describe('each command loads its own module only', () => {
  const project = () => {
    const root = temporaryProject({
      'authboundary.config.json': standardConfig,
      'src/auth/verify.ts': 'export const verify = () => true;\n',
    });
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    return root;
  };

  it('authboundary --version loads no command, no rule and no schema library', async () => {
    const { code, urls } = await modulesLoadedBy(['--version'], project(), 'modules');
    expect(code).toBe(0);
    expect(commandModules(urls)).toEqual([]);
    expect(urls.filter((url) => /\/(zod|yaml|rules\/dist)\//.test(url))).toEqual([]);
  });

  it.each([
    [['scan', '--no-cache'], ['scan']],
    [['help', 'scan'], ['scan']],
    [['trend'], ['trend']],
    [['--help'], ['baseline', 'check', 'export', 'history', 'init', 'map', 'merge', 'report', 'scan', 'trend']],
    [['scna'], ['baseline', 'check', 'export', 'history', 'init', 'map', 'merge', 'report', 'scan', 'trend']],
  ])('authboundary %j loads the command modules %j', async (args, commands) => {
    const { urls } = await modulesLoadedBy(args, project(), 'modules');
    expect(commandModules(urls)).toEqual(commands);
  });
});

describe('the bin runs the bundled CLI', () => {
  it('authboundary --version loads a few chunks of the bundle: no command, no schema library', async () => {
    const root = temporaryProject({ 'authboundary.config.json': standardConfig });
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const { code, urls } = await modulesLoadedBy(['--version'], root);
    expect(code).toBe(0);
    // rolldown names a chunk after its first module: `scan-<hash>.js` holds `commands/scan.js`,
    // `schemas-<hash>.js` zod's `schemas.js`.
    const chunks = [...new Set(urls.flatMap((url) => /\/scanner\/dist\/bundle\/([^/]+)\.js$/.exec(url)?.[1] ?? []))];
    const commands = /^(scan|merge|map|check|baseline|history|trend|report|export|init)-/;
    expect(chunks.filter((chunk) => commands.test(chunk) || chunk.startsWith('schemas-'))).toEqual([]);
    expect(chunks).toContain('cli');
  });

  it('a scan on two threads starts the bundled worker, and reports what the modules as built report', async () => {
    const files: Record<string, string> = { 'authboundary.config.json': JSON.stringify(standardConfig) };
    for (let index = 0; index < 160; index += 1)
      files[`src/booking/booking-${String(index)}.ts`] = `export const cognitoSub = ${String(index)};\n`;
    files['src/auth/verify.ts'] = 'export const verify = () => true;\n';
    const root = temporaryProject(files);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const args = ['scan', '--no-cache', '--concurrency', '2', '--format', 'json', '-o', 'report.json'];
    const { code, urls } = await modulesLoadedBy(args, root);
    expect(code).toBe(1);
    expect(urls.filter((url) => url.endsWith('extract-worker.js'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/scanner\/dist\/bundle\/extract-worker\.js$/)]),
    );
    const bundled = JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')) as { findings: unknown[] };
    await modulesLoadedBy([...args.slice(0, -1), 'modules.json'], root, 'modules');
    const modules = JSON.parse(readFileSync(join(root, 'modules.json'), 'utf8')) as { findings: unknown[] };
    expect(bundled.findings).toHaveLength(160);
    expect(bundled.findings).toEqual(modules.findings);
  });
});

describe("importing the package's main entry loads no compiler", () => {
  /** Runs an ES module `source` under the module-log hooks (in this package, so `@authboundary/scanner` resolves to it). */
  async function heavyPackagesLoadedByModule(source: string): Promise<{ stdout: string; heavy: string[] }> {
    const log = join(mkdtempSync(join(tmpdir(), 'authboundary-modules-')), 'modules.log');
    cleanups.push(() => rmSync(join(log, '..'), { recursive: true, force: true }));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', moduleLogHooks, '--input-type=module', '-e', source],
      { cwd: join(import.meta.dirname, '..'), env: { ...process.env, AUTHBOUNDARY_MODULE_LOG: log } },
    );
    const urls = readFileSync(log, 'utf8').split('\n');
    expect(urls.some((url) => url.endsWith('/scanner/dist/index.js'))).toBe(true);
    return { stdout, heavy: [...new Set(urls.flatMap((url) => HEAVY.exec(url)?.[1] ?? []))].sort() };
  }

  it('import @authboundary/scanner loads neither the compiler nor the OpenTelemetry SDK', async () => {
    const loaded = await heavyPackagesLoadedByModule(
      "const api = await import('@authboundary/scanner'); console.log(typeof api.normalizedTextOf, typeof api.scopeOf);",
    );
    expect(loaded).toEqual({ stdout: 'function function\n', heavy: [] });
  });

  it('normalizedTextOf and scopeOf load the compiler when called', async () => {
    const loaded = await heavyPackagesLoadedByModule(
      [
        "const { normalizedTextOf, scopeOf } = await import('@authboundary/scanner');",
        "const { createRequire } = await import('node:module');",
        "const ts = createRequire(import.meta.url)('typescript');",
        "console.log(normalizedTextOf('f( a ,\\n b, );'));",
        "const text = 'class A { m() { return 1; } }';",
        "const file = ts.createSourceFile('a.ts', text, ts.ScriptTarget.Latest, true);",
        "console.log(scopeOf(file, text.indexOf('1'), text.indexOf('1') + 1));",
      ].join('\n'),
    );
    expect(loaded).toEqual({ stdout: 'f(a,b)\nA.m\n', heavy: compiler });
  });
});
