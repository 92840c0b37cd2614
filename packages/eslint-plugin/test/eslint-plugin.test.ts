import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { presetRuleIds } from '@authboundary/rules';
import plugin from '../src/index.js';

const require = createRequire(import.meta.url);

const leak = 'export interface Booking {\n  cognitoSub: string;\n}\n';

async function lint(
  code: string,
  filePath: string,
  {
    cwd,
    settings,
    ruleOptions,
    parser = tsParser,
  }: {
    cwd: string;
    settings?: Record<string, unknown>;
    ruleOptions?: Record<string, unknown>;
    parser?: Linter.Parser | null;
  },
) {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      ...(parser ? [{ files: ['**/*.ts'], languageOptions: { parser } }] : []),
      plugin.configs.recommended,
      ...(settings ? [{ settings }] : []),
      ...(ruleOptions ? [{ rules: { 'authboundary/no-provider-id-outside-auth': ['error', ruleOptions] } }] : []),
    ] as Linter.Config[],
  });
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => ({
    rule: message.ruleId,
    messageId: message.messageId,
    line: message.line,
    column: message.column,
    endLine: message.endLine,
    endColumn: message.endColumn,
    fatal: message.fatal ?? false,
  }));
}

/** Lints `src/booking/*.ts` of a project in a fresh process (the fallback notice is once per process); stdout is the error count per file. */
function lintInChild(root: string): { status: number | null; stdout: string; stderr: string } {
  const url = (specifier: string) => JSON.stringify(pathToFileURL(require.resolve(specifier)).href);
  const script = [
    `const { ESLint } = await import(${url('eslint')});`,
    `const parser = (await import(${url('@typescript-eslint/parser')})).default;`,
    `const plugin = (await import(${JSON.stringify(pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href)})).default;`,
    `const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser } }, plugin.configs.recommended] });`,
    `const results = await eslint.lintFiles(['src/booking/a.ts', 'src/booking/b.ts']);`,
    `process.stdout.write(JSON.stringify(results.map((result) => result.errorCount)));`,
    `process.exitCode = results.some((result) => result.errorCount > 0) ? 1 : 0;`,
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function project(config: object | string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'authboundary-eslint-'));
  mkdirSync(join(root, 'src', 'booking', 'deep'), { recursive: true });
  if (config !== undefined)
    writeFileSync(join(root, 'authboundary.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return root;
}

const config = { providers: ['cognito'], layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } } };

describe('@authboundary/eslint-plugin', () => {
  it('finds authboundary.config.json by walking up from the linted file', async () => {
    const root = project(config);
    expect(await lint(leak, join(root, 'src', 'booking', 'deep', 'booking.ts'), { cwd: root })).toEqual([
      {
        rule: 'authboundary/no-provider-id-outside-auth',
        messageId: 'identifierName',
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 13,
        fatal: false,
      },
    ]);
    expect(await lint(leak, join(root, 'src', 'auth', 'booking.ts'), { cwd: root })).toEqual([]);
  });

  it('reloads the configuration file when it changes (editor servers live long)', async () => {
    const root = project(config);
    const file = join(root, 'src', 'booking', 'booking.ts');
    expect(await lint(leak, file, { cwd: root })).toHaveLength(1);
    writeFileSync(join(root, 'authboundary.config.json'), JSON.stringify({ ...config, ignore: ['src/booking/**'] }));
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, 'authboundary.config.json'), later, later);
    expect(await lint(leak, file, { cwd: root })).toEqual([]);
  });

  it('accepts the configuration inline as settings.authboundary, laid over the file', async () => {
    const root = project(config);
    const file = join(root, 'src', 'booking', 'booking.ts');
    expect(
      await lint(leak, file, { cwd: root, settings: { authboundary: { layers: { auth: 'src/booking/**' } } } }),
    ).toEqual([]);
    const inlineOnly = project(undefined);
    expect(
      await lint(leak, join(inlineOnly, 'src', 'booking', 'b.ts'), {
        cwd: inlineOnly,
        settings: { authboundary: config },
      }),
    ).toHaveLength(1);
  });

  it('classifies files under a Next.js route group, a dynamic segment and a dot-directory as the scanner does', async () => {
    const root = project({
      providers: ['cognito'],
      layers: { auth: ['src/app/(auth)/**', 'app/[id]/**', 'app/.server/**'], domains: { booking: 'src/**' } },
    });
    for (const file of [
      join(root, 'src', 'app', '(auth)', 'login.ts'),
      join(root, 'app', '[id]', 'page.ts'),
      join(root, 'app', '.server', 'session.ts'),
    ]) {
      expect(await lint(leak, file, { cwd: root })).toEqual([]);
    }
    expect(await lint(leak, join(root, 'src', 'app', 'auth', 'login.ts'), { cwd: root })).toHaveLength(1);
  });

  it('without any configuration, treats auth/ directories as the auth layer', async () => {
    const root = project(undefined);
    expect(await lint(leak, join(root, 'src', 'booking', 'b.ts'), { cwd: root })).toHaveLength(1);
    expect(await lint(leak, join(root, 'src', 'auth', 'b.ts'), { cwd: root })).toEqual([]);
  });

  it('says once per run, on stderr, that it fell back to its defaults when no configuration exists', () => {
    const root = project(undefined);
    for (const name of ['a.ts', 'b.ts']) writeFileSync(join(root, 'src', 'booking', name), leak);
    const run = lintInChild(root);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([1, 1]);
    const said = run.stderr.split('\n').filter((line) => line.includes('no authboundary.config.json found above'));
    // ESLint reads the files concurrently and lints each as its read completes, so under load either file
    // can be the first the plugin sees: the message names that one, once.
    expect(said).toHaveLength(1);
    expect([join(root, 'src', 'booking', 'a.ts'), join(root, 'src', 'booking', 'b.ts')]).toContainEqual(
      /(\/\S+\.ts)/.exec(said[0]!)?.[1],
    );
    expect(said[0]).toContain('auth layer "**/auth/**"');
    expect(said[0]).toContain('npx authboundary init');

    writeFileSync(join(root, 'authboundary.config.json'), JSON.stringify(config));
    const configured = lintInChild(root);
    expect(configured.stderr).toBe('');
    expect(JSON.parse(configured.stdout)).toEqual([1, 1]);
  });

  it('finds the configuration again when the cached file was deleted (editor servers outlive it)', async () => {
    const root = project({ ...config, layers: { auth: 'src/booking/**' } });
    const file = join(root, 'src', 'booking', 'booking.ts');
    expect(await lint(leak, file, { cwd: root })).toEqual([]);
    rmSync(join(root, 'authboundary.config.json'));
    expect(await lint(leak, file, { cwd: root })).toHaveLength(1);
  });

  it('rule options override the configuration file, which overrides the defaults', async () => {
    const root = project({ ...config, rules: { 'no-provider-id-outside-auth': ['error', { checkNames: false }] } });
    const file = join(root, 'src', 'booking', 'booking.ts');
    expect(await lint(leak, file, { cwd: root })).toEqual([]);
    expect(await lint(leak, file, { cwd: root, ruleOptions: { checkNames: true } })).toHaveLength(1);
  });

  it('works under another parser by parsing the text itself (JavaScript with espree)', async () => {
    const root = project(config);
    const messages = await lint(
      "const owner = 'auth0|64f1c2d9e8b7a6f5e4d3c2b1';\nexport const cognitoSub = claims.sub;\n",
      join(root, 'src', 'booking', 'legacy.js'),
      { cwd: root, parser: null, settings: { authboundary: { providers: ['cognito', 'auth0'] } } },
    );
    expect(messages.map((message) => `${message.line}:${message.column} ${message.messageId}`)).toEqual([
      '1:15 identifierValue',
      '2:14 identifierName',
      '2:27 claimRead',
    ]);
  });

  it('stops with the configuration problem, naming the key, when the file is broken', async () => {
    const root = project({ layers: { auth: 'src/auth/**', domains: { booking: 42 } } });
    await expect(lint(leak, join(root, 'src', 'booking', 'b.ts'), { cwd: root })).rejects.toThrow(
      /layers\.domains\.booking: expected a glob string or an array of globs, got 42/,
    );
  });

  it('rejects invalid rule options through the schema generated from the rule', async () => {
    const root = project(config);
    await expect(
      lint(leak, join(root, 'src', 'booking', 'b.ts'), { cwd: root, ruleOptions: { checkNames: 'yes' } }),
    ).rejects.toThrow(/no-provider-id-outside-auth":\s+Value "yes" should be boolean/);
  });

  it('generates the presets from rule metadata', () => {
    expect(plugin.configs.recommended.rules).toEqual(
      Object.fromEntries(presetRuleIds('recommended').map((id) => [`authboundary/${id}`, 'error'])),
    );
    expect(plugin.configs.recommended.rules).toHaveProperty(['authboundary/no-provider-id-outside-auth'], 'error');
    expect(Object.keys(plugin.configs.strict.rules ?? {})).toEqual(
      expect.arrayContaining(Object.keys(plugin.configs.recommended.rules ?? {})),
    );
    expect(plugin.meta).toMatchObject({ name: '@authboundary/eslint-plugin', namespace: 'authboundary' });
  });

  it('links every rule to its documentation page', () => {
    for (const [id, rule] of Object.entries(plugin.rules ?? {}))
      expect(rule.meta?.docs?.url).toMatch(new RegExp(`rules/src/${id}/README\\.md$`));
  });
});
