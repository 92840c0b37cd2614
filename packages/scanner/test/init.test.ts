import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@authboundary/rules';
import { run, type CliIo } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { configOf, proposeConfig } from '../src/init/propose-config.js';
import { runCli } from './project.js';
import { temporaryProject } from './temporary-project.js';

/** An in-memory repository: paths and contents (objects are JSON files). */
function snapshot(files: Record<string, string | object>) {
  const text = (path: string) => {
    const content = files[path];
    if (content === undefined) throw new Error(`no file ${path}`);
    return typeof content === 'string' ? content : JSON.stringify(content);
  };
  return { files: Object.keys(files), read: text };
}

const globsOf = (list: readonly { glob: string }[]) => list.map(({ glob }) => glob);

describe('init: the proposal', () => {
  it('finds providers in every package.json and the layers of a Next.js + tRPC monorepo', () => {
    const proposal = proposeConfig(
      snapshot({
        'package.json': { name: 'acme', workspaces: ['apps/*', 'packages/*'] },
        'apps/web/package.json': {
          name: '@acme/web',
          dependencies: { next: '15.0.0', '@clerk/nextjs': '6.0.0', '@acme/api': 'workspace:*' },
        },
        'apps/web/src/middleware.ts': 'export default clerkMiddleware();\n',
        'apps/web/src/app/page.tsx': 'export default function Page() { return null; }\n',
        'apps/web/src/app/(auth)/sign-in/page.tsx': 'export default function SignIn() { return null; }\n',
        'apps/web/src/lib/actions.ts':
          "// Server actions of the dashboard.\n'use server';\nexport async function rename() {}\n",
        'apps/web/src/lib/format.ts': 'export const format = (n: number) => String(n);\n',
        'packages/api/package.json': {
          name: '@acme/api',
          dependencies: { '@trpc/server': '11.0.0', 'better-auth': '1.0.0' },
        },
        'packages/api/src/trpc.ts': "import { initTRPC } from '@trpc/server';\nexport const t = initTRPC.create();\n",
        'packages/api/src/router/post.ts': 'export const postRouter = {};\n',
        'packages/billing/package.json': { name: '@acme/billing', devDependencies: { 'aws-jwt-verify': '5.0.0' } },
        'packages/billing/src/invoice.ts': 'export const invoice = 1;\n',
        'packages/billing/src/invoice.test.ts': 'test();\n',
        'packages/billing/eslint.config.js': 'export default [];\n',
        'tooling/eslint/package.json': { name: '@acme/eslint-config' },
        'tooling/eslint/base.js': 'export default [];\n',
      }),
    );
    expect(proposal.detection.providers).toEqual([
      { provider: 'clerk', dependency: '@clerk/nextjs', manifest: 'apps/web/package.json' },
      { provider: 'cognito', dependency: 'aws-jwt-verify', manifest: 'packages/billing/package.json' },
    ]);
    expect(proposal.detection.unknownAuthDependencies).toEqual([
      { dependency: 'better-auth', manifest: 'packages/api/package.json' },
    ]);
    expect(globsOf(proposal.auth)).toEqual(['apps/web/src/app/(auth)/**', 'apps/web/src/middleware.ts']);
    expect(globsOf(proposal.bff)).toEqual([
      'apps/web/src/app/**',
      'apps/web/src/lib/actions.ts',
      'packages/api/src/**',
    ]);
    expect(proposal.domains.map(({ name, glob }) => [name, glob])).toEqual([['billing', 'packages/billing/src/**']]);
    expect(globsOf(proposal.ignore)).toEqual(['**/*.test.*']);

    const config = configOf(proposal);
    expect(config['$schema']).toBe('./node_modules/@authboundary/scanner/schema.json');
    const resolved = resolveConfig(config, '/repo', 'proposal');
    expect(resolved.classify('apps/web/src/app/(auth)/sign-in/page.tsx')?.layer).toBe('auth');
    expect(resolved.classify('apps/web/src/app/page.tsx')?.layer).toBe('bff');
    expect(resolved.classify('packages/billing/src/invoice.ts')?.module).toBe('billing');
    expect(resolved.classify('packages/billing/src/invoice.test.ts')).toBeNull();
  });

  it('proposes the layers of a Remix app: auth modules and the provider directory, routes as BFF, modules as domains', () => {
    const proposal = proposeConfig(
      snapshot({
        'package.json': {
          name: 'remix-app',
          dependencies: { '@remix-run/node': '2.0.0', '@supabase/supabase-js': '2.0.0' },
        },
        'remix.init/package.json': { name: 'remix.init' },
        'remix.init/index.js': 'module.exports = {};\n',
        'app/routes/notes.tsx': 'export async function loader() {}\n',
        'app/session.server.ts': 'export const sessionStorage = 1;\n',
        'app/integrations/supabase/client.ts': 'export const client = 1;\n',
        'app/modules/note/service.server.ts': 'export const notes = 1;\n',
        'app/modules/user/service.server.ts': 'export const users = 1;\n',
        'app/modules/auth/service.server.ts': 'export const auth = 1;\n',
      }),
    );
    expect(proposal.detection.providers.map(({ provider }) => provider)).toEqual(['supabase']);
    expect(globsOf(proposal.auth)).toEqual([
      'app/integrations/supabase/**',
      'app/modules/auth/**',
      'app/session.server.ts',
    ]);
    expect(globsOf(proposal.bff)).toEqual(['app/routes/**']);
    // remix.init has a package.json, but the root declares no workspace: it is no domain.
    expect(proposal.domains.map(({ name, glob }) => [name, glob])).toEqual([
      ['note', 'app/modules/note/**'],
      ['user', 'app/modules/user/**'],
    ]);
  });

  it('reads a server action after a block comment, and not a file that only mentions the directive later', () => {
    const proposal = proposeConfig(
      snapshot({
        'package.json': { name: 'app' },
        'src/auth/index.ts': 'export {};\n',
        'src/a.ts': '/* actions\n * of the app */\n"use server";\nexport async function a() {}\n',
        'src/b.ts': "export const directive = 'use server';\n",
      }),
    );
    expect(globsOf(proposal.bff)).toEqual(['src/a.ts']);
  });
});

describe('authboundary init', () => {
  const app = () =>
    temporaryProject({
      'package.json': { name: 'shop', dependencies: { '@aws-sdk/client-cognito-identity-provider': '3.0.0' } },
      'src/auth/cognito.ts':
        "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';\nexport const client = new CognitoIdentityProviderClient({});\n",
      'src/modules/booking/booking.ts': 'export interface Booking {\n  cognitoSub: string;\n}\n',
    });

  it('writes a valid configuration with $schema, runs a first scan and prints the next commands', async () => {
    const root = app();
    const result = await runCli(root, 'init', '--yes');
    expect(result.code).toBe(0);
    const config = JSON.parse(readFileSync(join(root, 'authboundary.config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toEqual({
      $schema: './node_modules/@authboundary/scanner/schema.json',
      providers: ['cognito'],
      layers: { auth: 'src/auth/**', domains: { booking: 'src/modules/booking/**' } },
    });
    expect(result.stdout).toContain('cognito    @aws-sdk/client-cognito-identity-provider in package.json');
    expect(result.stdout).toMatch(/1 finding\(s\) \(1 error\(s\), 0 warning\(s\)\) in 2 file\(s\) scanned/);
    expect(result.stdout).toContain('by rule:  no-provider-id-outside-auth 1');
    expect(result.stdout).toContain('npx authboundary baseline create');
    expect((await runCli(root, 'scan', '--format', 'json')).code).toBe(1);
  });

  it('never overwrites a configuration', async () => {
    const root = app();
    writeFileSync(join(root, 'authboundary.config.json'), '{"mine": true}');
    const result = await runCli(root, 'init', '--yes');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists; it is never overwritten');
    expect(readFileSync(join(root, 'authboundary.config.json'), 'utf8')).toBe('{"mine": true}');
  });

  it('asks before writing, writes nothing without a terminal unless --yes, and takes a "n" for no', async () => {
    const root = app();
    const noTerminal = await runCli(root, 'init', root);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('run with --yes');
    let stdout = '';
    const questions: string[] = [];
    const io: CliIo = {
      stdout: (text) => void (stdout += text),
      stderr: () => undefined,
      stdoutIsTty: true,
      stderrIsTty: true,
      cwd: root,
      ask: async (question) => (questions.push(question), 'n'),
    };
    expect(await run(['node', 'authboundary', 'init'], io)).toBe(0);
    expect(questions).toEqual(['Write authboundary.config.json? [Y/n] ']);
    expect(stdout).toContain('"auth": "src/auth/**"');
    expect(stdout).toContain('Nothing written.');
    expect(() => readFileSync(join(root, 'authboundary.config.json'))).toThrow();
  });

  it('says when it finds no auth layer, and takes one from --auth', async () => {
    const root = temporaryProject({
      'package.json': { name: 'plain' },
      'lib/identity-provider.ts': 'export const login = 1;\n',
    });
    const none = await runCli(root, 'init', '--yes');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('found no auth layer; name it with --auth GLOB');
    const given = await runCli(root, 'init', '--yes', '--auth', 'lib/identity-provider.ts');
    expect(given.code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'authboundary.config.json'), 'utf8')).layers).toEqual({
      auth: 'lib/identity-provider.ts',
    });
  });
});
