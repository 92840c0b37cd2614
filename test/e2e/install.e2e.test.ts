import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type CliIo } from '@authboundary/scanner';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../packages/eslint-plugin/src/index.js';
import { createScratchApp, problemsOf, type ScratchApp } from './support/scratch-app.js';

// Issue 18.1: the packages as a user gets them. The tarballs of scripts/pack.mjs are installed with
// npm (from the README's install command) into an application in the system's temporary directory;
// the installed ESLint and CLI must find exactly what the workspace finds on the same files.

let app: ScratchApp;

beforeAll(() => {
  app = createScratchApp();
}, 600_000);

// Unset when beforeAll failed.
afterAll(() => (app as ScratchApp | undefined)?.remove());

interface Finding {
  rule: string;
  file: string;
  line: number;
  column: number;
}

const byPosition = (a: Finding, b: Finding) =>
  a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);

/** The workspace's CLI, in process, on the scratch application. */
async function workspaceCli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: () => undefined,
    stdoutIsTty: false,
    stderrIsTty: false,
    cwd: app.dir,
  };
  const code = await run(['node', 'authboundary', ...args], io);
  return { code, stdout };
}

function eslintFindings(results: ESLint.LintResult[]): Finding[] {
  return results
    .flatMap((result) =>
      result.messages.map((message) => ({
        rule: message.ruleId ?? `fatal: ${message.message}`,
        file: result.filePath.slice(app.dir.length + 1),
        line: message.line,
        column: message.column,
      })),
    )
    .filter((finding) => finding.rule.startsWith('authboundary/') || finding.rule.startsWith('fatal'))
    .sort(byPosition);
}

describe('the published packages, installed with npm outside the workspace', () => {
  it('every tarball carries what it needs and nothing else', () => {
    expect([...app.tarballs.keys()].sort()).toEqual([
      '@authboundary/eslint-plugin',
      '@authboundary/rules',
      '@authboundary/scanner',
      '@authboundary/telemetry',
    ]);
    for (const tarball of app.tarballs.values()) {
      const { name, files, problems } = problemsOf(tarball);
      expect({ name, problems }).toEqual({ name, problems: [] });
      expect(files).toContain('LICENSE');
      expect(files.some((file) => file.endsWith('.tsbuildinfo'))).toBe(false);
    }
    expect(existsSync(join(app.dir, 'node_modules', '@authboundary', 'scanner', 'schema.json'))).toBe(true);
  });

  it("ESLint with the README's flat config finds what the workspace's plugin finds", async () => {
    const installed = app.run('npx', ['eslint', '--format', 'json', 'src']);
    expect(installed.stderr).toBe('');
    const findings = eslintFindings(JSON.parse(installed.stdout) as ESLint.LintResult[]);
    expect(findings.length).toBeGreaterThan(20);
    expect(findings.filter((finding) => finding.rule.startsWith('fatal'))).toEqual([]);

    const workspace = new ESLint({
      cwd: app.dir,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        plugin.configs.recommended,
        { ignores: ['node_modules/**'] },
      ] as Linter.Config[],
    });
    expect(findings).toEqual(eslintFindings(await workspace.lintFiles(['src'])));
  });

  it('a TypeScript flat config type-checks against the installed plugin, whose types need no typescript-eslint', () => {
    const dir = join(app.dir, 'typecheck');
    mkdirSync(dir, { recursive: true });
    // The README's flat config, typed; and one that imports the plugin alone (no typescript-eslint),
    // whose files must not include @typescript-eslint/utils (a devDependency of the plugin: types only).
    const readmeConfig = readFileSync(join(app.dir, 'eslint.config.js'), 'utf8');
    const typedConfig = readmeConfig.replace('export default [', 'const config: Linter.Config[] = [');
    const readmeTs = `import type { Linter } from 'eslint';\n${typedConfig}\nexport default config;\n`;
    writeFileSync(join(dir, 'readme-config.ts'), readmeTs);
    writeFileSync(
      join(dir, 'plugin-only.ts'),
      [
        "import authboundary, { configs, rules, sourceFiles } from '@authboundary/eslint-plugin';",
        "import type { ESLint, Linter } from 'eslint';",
        'const plugin: ESLint.Plugin = authboundary;',
        'const one: Linter.RulesRecord = { [`authboundary/${Object.keys(rules)[0]}`]: "error" };',
        'const own: Linter.Config = { files: sourceFiles, plugins: { authboundary: plugin }, rules: one };',
        'export default [configs.strict, own] satisfies Linter.Config[];',
        '',
      ].join('\n'),
    );
    const compilerOptions = { module: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: [] };
    const files = ['readme-config.ts', 'plugin-only.ts'];
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
    const typecheck = app.run('npx', ['tsc', '-p', 'typecheck/tsconfig.json']);
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    expect(typecheck.status).toBe(0);

    const pluginOnly = { compilerOptions, files: ['plugin-only.ts'] };
    writeFileSync(join(dir, 'tsconfig.plugin-only.json'), JSON.stringify(pluginOnly));
    const listed = app.run('npx', ['tsc', '-p', 'typecheck/tsconfig.plugin-only.json', '--listFilesOnly']);
    expect(listed.status).toBe(0);
    const loaded = listed.stdout.split('\n').filter((line) => line !== '');
    expect(loaded.some((file) => file.includes('/@authboundary/eslint-plugin/dist/index.d.ts'))).toBe(true);
    expect(loaded.filter((file) => file.includes('/@typescript-eslint/'))).toEqual([]);
  });

  it('the scanner installs without the exporters; export names the package to install and exits 2', () => {
    for (const name of ['prom-client', '@opentelemetry/sdk-metrics', '@opentelemetry/exporter-metrics-otlp-http']) {
      expect(existsSync(join(app.dir, 'node_modules', name)), name).toBe(false);
    }
    const result = app.run('npx', ['authboundary', 'export', '--pushgateway', 'http://127.0.0.1:9', '--job', 'ci']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('export --pushgateway needs packages that are not installed: prom-client.');
    expect(result.stderr).toContain('\n  npm install --save-dev prom-client@15.1.3\n');
    expect(result.stderr).not.toMatch(/\n\s+at /); // one message, no stack
  });

  it('the installed CLI scans as the workspace does, and check and report work', async () => {
    const installed = app.run('npx', ['authboundary', 'scan', '--format', 'json', '--no-cache']);
    expect(installed.status).toBe(1);
    const report = JSON.parse(installed.stdout) as { findings: Finding[]; summary: { total: number } };
    const workspace = await workspaceCli(['scan', '--format', 'json', '--no-cache']);
    expect(workspace.code).toBe(1);
    const workspaceReport = JSON.parse(workspace.stdout) as typeof report;
    expect(report.summary.total).toBeGreaterThan(20);
    expect(report.findings).toEqual(workspaceReport.findings);

    expect(app.run('npx', ['authboundary', 'baseline', 'create']).status).toBe(0);
    expect(app.run('npx', ['authboundary', 'check']).status).toBe(0);
    const booking = join(app.dir, 'src', 'booking', 'booking.entity.ts');
    writeFileSync(
      booking,
      `${readFileSync(booking, 'utf8')}\nexport const ownerSub = (claims: { sub: string }) => claims.sub;\n`,
    );
    const failing = app.run('npx', ['authboundary', 'check']);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('src/booking/booking.entity.ts');

    expect(app.run('npx', ['authboundary', 'history', 'record']).status).toBe(0);
    const html = app.run('npx', ['authboundary', 'report', '--html', 'report.html']);
    expect(html.status).toBe(0);
    expect(readFileSync(join(app.dir, 'report.html'), 'utf8')).toContain('<html');
  });
});
