import { execFileSync } from 'node:child_process';
import { normalizeRemoteUrl, UsageError } from '@authboundary/scanner';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, runCli, testProjectConfig } from './project.js';
import { decodeOtlpGauges, startLoopbackReceiver } from './support/loopback-receiver.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, ...args], { stdio: 'ignore' });
const violation = { 'src/booking/a.ts': 'export const cognitoSub = 1;\n' };

describe('normalizeRemoteUrl', () => {
  it.each([
    ['https://github.com/acme/billing.git', 'github.com/acme/billing'],
    ['https://github.com/acme/billing', 'github.com/acme/billing'],
    ['git@github.com:acme/billing.git', 'github.com/acme/billing'],
    ['ssh://git@GitHub.com:22/acme/billing.git/', 'github.com/acme/billing'],
    ['https://x-access-token:ghs_s3cr3t@github.com/acme/billing.git', 'github.com/acme/billing'],
    [
      'https://ci%40acme:p%40ss@gitlab.acme.io:8443/platform/identity/billing.git?private_token=s3cr3t#main',
      'gitlab.acme.io/platform/identity/billing',
    ],
    ['git://git.acme.io/billing', 'git.acme.io/billing'],
    ['/srv/git/billing.git', 'billing'],
    ['file:///srv/git/billing.git', 'billing'],
    ['../billing', 'billing'],
  ])('%s → %s, with no credential, port or query', (remote, name) => {
    expect(normalizeRemoteUrl(remote)).toBe(name);
  });

  it('refuses a remote that names no path', () => {
    expect(() => normalizeRemoteUrl('https://github.com/')).toThrow(UsageError);
  });
});

describe('the repository label of `export`', () => {
  async function exportedRepository(directory: string): Promise<string> {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    const result = await runCli(directory, 'export', '--otlp', receiver.url);
    expect(result.code, result.stderr).toBe(0);
    const repositories = decodeOtlpGauges(receiver.requests[0]!.body).gauges['authboundary.violations']!.map(
      (point) => point.attributes['repository'],
    );
    expect(new Set(repositories).size).toBe(1);
    expect(result.stdout).toContain(`of repository ${repositories[0]}`);
    return repositories[0]!;
  }

  it('is the git remote origin, normalized, with the token of the URL left out', async () => {
    const directory = createProject(violation);
    git(directory, 'init', '-q');
    git(directory, 'remote', 'add', 'upstream', 'https://github.com/acme/upstream.git');
    git(directory, 'remote', 'add', 'origin', 'https://ci:ghp_t0k3n@github.com/acme/Billing.git');
    expect(await exportedRepository(directory)).toBe('github.com/acme/Billing');
  });

  it('is the only remote when none is called origin', async () => {
    const directory = createProject(violation);
    git(directory, 'init', '-q');
    git(directory, 'remote', 'add', 'github', 'git@github.com:acme/billing.git');
    expect(await exportedRepository(directory)).toBe('github.com/acme/billing');
  });

  it('is the configuration "name" when it has one, whatever the remote', async () => {
    const directory = createProject(violation, { ...testProjectConfig, name: 'billing-service' });
    git(directory, 'init', '-q');
    git(directory, 'remote', 'add', 'origin', 'https://github.com/acme/billing.git');
    expect(await exportedRepository(directory)).toBe('billing-service');
  });

  it.each([
    ['outside a git repository', () => createProject(violation), /not in a git repository.*set "name" in/],
    [
      'in a repository without a remote',
      () => {
        const directory = createProject(violation);
        git(directory, 'init', '-q');
        return directory;
      },
      /it has no remote; set "name" in/,
    ],
    [
      'with several remotes, none of them origin',
      () => {
        const directory = createProject(violation);
        git(directory, 'init', '-q');
        git(directory, 'remote', 'add', 'a', 'https://github.com/acme/a.git');
        git(directory, 'remote', 'add', 'b', 'https://github.com/acme/b.git');
        return directory;
      },
      /several remotes and none is "origin" \(a, b\); set "name" in/,
    ],
  ])('cannot be found %s: exit 2 before anything is sent, naming the fix', async (_case, make, message) => {
    const receiver = await startLoopbackReceiver();
    cleanups.push(receiver.close);
    const result = await runCli(make(), 'export', '--otlp', receiver.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(receiver.requests).toEqual([]);
  });

  it('rejects an empty "name" in the configuration, naming the key', async () => {
    const result = await runCli(createProject(violation, { ...testProjectConfig, name: '  ' }), 'scan');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/name: expected a non-empty name/);
  });
});
