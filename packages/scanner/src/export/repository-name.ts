import { execFileSync } from 'node:child_process';
import type { ResolvedConfig } from '@authboundary/rules';
import { UsageError } from '../usage-error.js';

/**
 * A git remote URL as a repository name for dashboards: `host/owner/repo`, the same for the SSH
 * and HTTPS clones of one repository. User names, passwords and tokens, ports, query strings and a
 * trailing `.git` are dropped, so no credential a CI put into the URL reaches a metric. A local
 * path (a remote on disk) gives its last directory name.
 */
export function normalizeRemoteUrl(remote: string): string {
  const trimmed = remote.trim();
  let host: string | undefined;
  let path: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new UsageError(`the git remote is not a URL authboundary can read; set "name" in authboundary.config.json`);
    }
    host = parsed.protocol === 'file:' ? undefined : parsed.hostname;
    path = parsed.pathname.split('/').map(decodeSegment).join('/');
  } else {
    // scp-like syntax: [user@]host:path (a colon before any slash).
    const scp = /^(?:[^@/]+@)?([^:/]+):(.*)$/.exec(trimmed);
    host = scp?.[1];
    path = scp === null ? trimmed : scp[2]!;
  }
  const segments = path
    .replace(/\.git\/?$/, '')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '~');
  if (segments.length === 0)
    throw new UsageError(`the git remote names no repository path; set "name" in authboundary.config.json`);
  return host === undefined || host === '' ? segments.at(-1)! : [host.toLowerCase(), ...segments].join('/');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Where the name came from, for the export's summary line. */
export interface RepositoryName {
  readonly name: string;
  readonly source: 'config' | 'git remote origin' | `git remote ${string}`;
}

/**
 * The repository every exported series is labelled with: the configuration's `name`, else the git
 * remote of the configuration's repository (`origin`, or the only remote), normalized. Neither is a
 * usage error naming both ways to fix it: the dashboard of many repositories cannot tell an
 * unnamed one apart.
 */
export function repositoryNameOf(config: ResolvedConfig): RepositoryName {
  if (config.data.name !== undefined) return { name: config.data.name.trim(), source: 'config' };
  const remotes = gitLines(config.root, ['remote']);
  if (remotes === undefined) {
    throw new UsageError(
      `export: ${config.root} is not in a git repository, so the series cannot be labelled with its remote; set "name" in ${config.configPath ?? 'authboundary.config.json'}`,
    );
  }
  const remote = remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0]! : undefined;
  if (remote === undefined) {
    const found =
      remotes.length === 0 ? 'it has no remote' : `it has several remotes and none is "origin" (${remotes.join(', ')})`;
    throw new UsageError(
      `export: cannot name the repository for the series' "repository" label: ${found}; set "name" in ${config.configPath ?? 'authboundary.config.json'}`,
    );
  }
  const [url] = gitLines(config.root, ['remote', 'get-url', remote]) ?? [];
  if (url === undefined)
    throw new UsageError(
      `export: git remote "${remote}" has no URL; set "name" in ${config.configPath ?? 'authboundary.config.json'}`,
    );
  return { name: normalizeRemoteUrl(url), source: remote === 'origin' ? 'git remote origin' : `git remote ${remote}` };
}

/** The non-empty output lines of a read-only git command, or undefined when git fails (no repository). */
function gitLines(cwd: string, args: readonly string[]): string[] | undefined {
  try {
    const output = execFileSync('git', ['-C', cwd, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
    return output.split('\n').filter((line) => line.trim() !== '');
  } catch {
    return undefined;
  }
}
