import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../src/report/report.js';
import { standardConfig, temporaryProject } from './temporary-project.js';

const bin = join(import.meta.dirname, '..', 'bin', 'authboundary.js');

/** Runs the real CLI (the built `bin`) as users and CI do. */
function authboundary(args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const leaking = {
  'authboundary.config.json': standardConfig,
  'src/auth/verify.ts': 'export const read = (claims: { sub: string }) => claims.sub;\n',
  'src/bff/home.ts': 'export const home = () => ({ title: "Home" });\n',
  'src/booking/booking.ts': 'export interface Booking {\n  cognitoSub: string;\n}\n',
};

describe('authboundary scan', () => {
  it('exits 1 and prints findings grouped by file when there are violations', () => {
    const { code, stdout, stderr } = authboundary(['scan'], temporaryProject(leaking));
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('src/booking/booking.ts\n  2:3  error  `cognitoSub` names a user identifier of Cognito');
    expect(stdout).toContain('✖ 1 problem (1 error, 0 warnings) in 1 file; 3 files scanned');
  });

  it('exits 0 when the platform is clean', () => {
    const root = temporaryProject({
      ...leaking,
      'src/booking/booking.ts': 'export interface Booking {\n  platformUserId: string;\n}\n',
    });
    const { code, stdout } = authboundary(['scan'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('✔ no problems (3 files scanned)');
  });

  it('writes the JSON contract: paths relative to the config directory, 1-based positions, summary', () => {
    const root = temporaryProject(leaking);
    const { code, stdout } = authboundary(['scan', 'src', '--format', 'json'], root);
    expect(code).toBe(1);
    const report = reportSchema.parse(JSON.parse(stdout));
    expect(report).toMatchObject({
      version: 1,
      findings: [
        {
          rule: 'no-provider-id-outside-auth',
          messageId: 'identifierName',
          file: 'src/booking/booking.ts',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 13,
          layer: 'domain',
          module: 'booking',
          severity: 'error',
        },
      ],
      unscanned: [],
      summary: {
        total: 1,
        byRule: { 'no-provider-id-outside-auth': 1 },
        byLayer: { domain: 1 },
        byModule: { booking: 1 },
      },
    });
    expect(report.root).toMatch(/authboundary-test-/);
  });

  it('finds the configuration by walking up from the scanned path', () => {
    const root = temporaryProject(leaking);
    const { code, stdout } = authboundary(['scan', join(root, 'src', 'booking'), '--format', 'json'], '/');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings[0].file).toBe('src/booking/booking.ts');
  });

  it('writes the report to --output atomically, nothing to stdout, and one summary line to stderr (exit 1 for the violation, as without --output)', () => {
    const root = temporaryProject(leaking);
    const { code, stdout, stderr } = authboundary(['scan', '--format', 'json', '--output', 'out/report.json'], root);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'authboundary: 1 finding (1 error, 0 warnings); 3 files scanned; json report written to out/report.json\n',
    );
    expect(JSON.parse(readFileSync(join(root, 'out', 'report.json'), 'utf8')).summary.total).toBe(1);
  });

  it('with --output and a baseline, the summary line counts the new and fixed findings', () => {
    const root = temporaryProject(leaking);
    expect(authboundary(['baseline', 'create'], root).code).toBe(0);
    const { code, stderr } = authboundary(['check', '--format', 'sarif', '--output', 'report.sarif'], root);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'authboundary: 1 finding (1 error, 0 warnings), 0 new against the baseline, 0 fixed; 3 files scanned; sarif report written to report.sarif\n',
    );
  });

  it('lists an unparsable file as not scanned, with its position, and exits 1', () => {
    const root = temporaryProject({ ...leaking, 'src/booking/broken.ts': 'export function f( {\n  return 1;\n' });
    const json = authboundary(['scan', '--format', 'json'], root);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).unscanned).toEqual([
      { file: 'src/booking/broken.ts', reason: expect.stringMatching(/^syntax error at \d+:\d+: /) },
    ]);
    const text = authboundary(['scan'], root);
    expect(text.stdout).toContain('Not scanned (1 file):\n  src/booking/broken.ts: syntax error at');
    expect(text.stdout).toContain('1 not scanned');
  });

  it('exits 1 when the only problem is a file that could not be scanned', () => {
    const root = temporaryProject({
      'authboundary.config.json': standardConfig,
      'src/auth/a.ts': 'export {};\n',
      'src/bff/b.ts': 'export {};\n',
      'src/booking/broken.ts': 'const = ;\n',
    });
    expect(authboundary(['scan'], root).code).toBe(1);
  });

  describe('usage and configuration errors exit 2 with a message on stderr and nothing on stdout', () => {
    it.each([
      [
        'a broken configuration',
        { ...leaking, 'authboundary.config.json': { layers: { auth: 'src/auth/**', domains: { booking: 42 } } } },
        [],
        /layers\.domains\.booking: expected a glob string or an array of globs, got 42/,
      ],
      [
        'an unknown key',
        { ...leaking, 'authboundary.config.json': { ...standardConfig, ignores: [] } },
        [],
        /ignores: unknown key; did you mean "ignore"\?/,
      ],
      ['invalid JSON', { ...leaking, 'authboundary.config.json': '{ "layers": ' }, [], /not valid JSON/],
      [
        'a missing configuration',
        { 'src/booking/booking.ts': 'export {};\n' },
        [],
        /no authboundary\.config\.json found in .* or any parent directory/,
      ],
      [
        'a --config file that does not exist',
        leaking,
        ['--config', 'nope.json'],
        /nope\.json: invalid configuration\n {2}\(root\): file not found/,
      ],
      ['a path that does not exist', leaking, ['src/nowhere'], /path not found: src\/nowhere/],
      [
        'an auth glob that matches no file',
        {
          ...leaking,
          'authboundary.config.json': { ...standardConfig, layers: { ...standardConfig.layers, auth: 'src/authn/**' } },
        },
        [],
        /layers\.auth: the glob "src\/authn\/\*\*" matches no file/,
      ],
      ['an unknown format', leaking, ['--format', 'xml'], /option '-f, --format <format>' argument 'xml' is invalid/],
      ['an unknown option', leaking, ['--frobnicate'], /unknown option '--frobnicate'/],
    ])('%s', (_name, files, args, message) => {
      const root = temporaryProject(files);
      const { code, stdout, stderr } = authboundary(['scan', ...(args as string[])], root);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('an internal error says it is a bug, prints the stack and exits 70, a code of its own', () => {
    const root = temporaryProject(leaking);
    // Something unexpected: renaming the written report fails without a file-system error code.
    writeFileSync(
      join(root, 'broken-rename.mjs'),
      "import fs from 'node:fs';\nimport { syncBuiltinESMExports } from 'node:module';\n" +
        "fs.renameSync = () => { throw new TypeError('renameSync is broken'); };\nsyncBuiltinESMExports();\n",
    );
    const args = ['--import', './broken-rename.mjs', bin, 'scan', '--no-cache', '-o', 'report.txt'];
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(70);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^authboundary: internal error — this is a bug in authboundary, not in your input; please /,
    );
    expect(result.stderr).toContain('please report it at https://github.com/authboundary/authboundary/issues');
    expect(result.stderr).toContain('\nTypeError: renameSync is broken\n    at ');
    // Without the broken rename, the same command line is a scan with violations.
    expect(authboundary(['scan', '--no-cache', '-o', 'report.txt'], root).code).toBe(1);
  });

  it('warns on stderr about a domain glob that matches no file, and goes on', () => {
    const root = temporaryProject({
      ...leaking,
      'authboundary.config.json': {
        ...standardConfig,
        layers: { ...standardConfig.layers, domains: { booking: 'src/booking/**', wallet: 'src/wallet/**' } },
      },
    });
    const { code, stderr } = authboundary(['scan'], root);
    expect(code).toBe(1);
    expect(stderr).toBe('warning: layers.domains.wallet: the glob "src/wallet/**" matches no file\n');
  });

  it('prints help and the version with exit 0', () => {
    const root = temporaryProject(leaking);
    expect(authboundary(['--version'], root)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
    });
    expect(authboundary(['scan', '--help'], root)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: authboundary scan'),
    });
  });
});
