import { execFileSync, spawn } from 'node:child_process';
import { relative, sep } from 'node:path';
import { UsageError } from '../usage-error.js';

/** A commit and its committer time. */
export interface CommitRef {
  readonly hash: string;
  readonly committedAt: Date;
}

/**
 * Read-only access to a git repository: every command here reads refs and objects; none writes
 * the working tree, the index, the stash, a branch or HEAD.
 */
export class GitRepository {
  private constructor(readonly topLevel: string) {}

  /** The repository holding `directory`, or null when it is not inside a git work tree. */
  static at(directory: string): GitRepository | null {
    try {
      return new GitRepository(git(directory, ['rev-parse', '--show-toplevel']).trim());
    } catch {
      return null;
    }
  }

  /** Path of `absolutePath` inside the repository, with forward slashes ('' for the top level). */
  pathInRepository(absolutePath: string): string {
    const path = relative(this.topLevel, absolutePath).split(sep).join('/');
    if (path.startsWith('..')) throw new UsageError(`${absolutePath} is outside the git repository ${this.topLevel}`);
    return path;
  }

  head(): string | null {
    try {
      return git(this.topLevel, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).trim();
    } catch {
      return null; // a repository without commits
    }
  }

  /** Whether tracked files differ from HEAD (in the index or the working tree). */
  isDirty(): boolean {
    return git(this.topLevel, ['status', '--porcelain', '--untracked-files=no']).trim() !== '';
  }

  /** The last commit on the current branch (first parents from HEAD) committed before `instant`, or null. */
  lastCommitBefore(instant: Date): CommitRef | null {
    const line = git(this.topLevel, ['log', '-1', '--first-parent', `--before=${instant.toISOString()}`, '--format=%H %ct', 'HEAD']).trim();
    if (line === '') return null;
    const [hash, seconds] = line.split(' ');
    return { hash: hash!, committedAt: new Date(Number(seconds) * 1000) };
  }

  /** Whether `path` (a file or directory, '' for the whole tree) exists in `commit`. */
  hasPath(commit: string, path: string): boolean {
    if (path === '') return true;
    try {
      git(this.topLevel, ['cat-file', '-e', `${commit}:${path}`]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Writes the files under `path` ('' for all) as they are in `commit` into `destination`, from
   * git objects (`git archive | tar -x`): the work tree and index are not involved.
   */
  async extract(commit: string, path: string, destination: string): Promise<void> {
    const archive = spawn('git', ['-C', this.topLevel, 'archive', '--format=tar', commit, ...(path === '' ? [] : ['--', path])], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', destination], { stdio: ['pipe', 'ignore', 'pipe'] });
    archive.stdout.pipe(tar.stdin);
    const [archiveResult, tarResult] = await Promise.all([finished(archive), finished(tar)]);
    if (archiveResult.code !== 0 || tarResult.code !== 0) {
      throw new Error(`could not extract ${commit}${path === '' ? '' : `:${path}`}: ${archiveResult.stderr || tarResult.stderr}`.trim());
    }
  }
}

function finished(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function git(cwd: string, args: readonly string[]): string {
  // GIT_OPTIONAL_LOCKS=0: `git status` must not even refresh the index's stat cache.
  return execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, maxBuffer: 64 * 1024 * 1024 });
}
