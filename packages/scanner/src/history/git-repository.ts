import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
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

  /**
   * Where a shallow clone's history is cut (the oldest commit it holds on the current branch), or
   * null for a full clone. CI checkouts are shallow by default (`actions/checkout`: one commit).
   */
  shallowBoundary(): CommitRef | null {
    if (git(this.topLevel, ['rev-parse', '--is-shallow-repository']).trim() !== 'true') return null;
    const line =
      git(this.topLevel, ['log', '--first-parent', '--format=%H %ct', 'HEAD']).trim().split('\n').at(-1) ?? '';
    const [hash, seconds] = line.split(' ');
    return { hash: hash!, committedAt: new Date(Number(seconds) * 1000) };
  }

  /** Whether tracked files differ from HEAD (in the index or the working tree). */
  isDirty(): boolean {
    return git(this.topLevel, ['status', '--porcelain', '--untracked-files=no']).trim() !== '';
  }

  /** The last commit on the current branch (first parents from HEAD) committed before `instant`, or null. */
  lastCommitBefore(instant: Date): CommitRef | null {
    const line = git(this.topLevel, [
      'log',
      '-1',
      '--first-parent',
      `--before=${instant.toISOString()}`,
      '--format=%H %ct',
      'HEAD',
    ]).trim();
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
   * Writes the files under `path` ('' for all) as they are in `commit` into `destination`, read
   * straight from git objects (`ls-tree` + `cat-file --batch`): the work tree and index are not
   * involved, and unlike `git archive`, `export-ignore` attributes cannot hide files from the scan.
   */
  async extract(commit: string, path: string, destination: string): Promise<void> {
    const blobs = git(this.topLevel, [
      'ls-tree',
      '-r',
      '-z',
      '--full-tree',
      commit,
      ...(path === '' ? [] : ['--', path]),
    ])
      .split('\0')
      .filter((line) => line !== '')
      .map((line) => {
        const tab = line.indexOf('\t');
        const [mode, type, hash] = line.slice(0, tab).split(' ');
        return { mode: mode!, type: type!, hash: hash!, file: line.slice(tab + 1) };
      })
      .filter((entry) => entry.type === 'blob'); // submodules (`commit`) have no content here
    const batch = spawn('git', ['-C', this.topLevel, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let pending: Buffer = Buffer.alloc(0);
    let written = 0;
    let failure: unknown;
    batch.stdout.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      try {
        writeArrived();
      } catch (error) {
        failure = error; // e.g. the disk is full: stop reading, report below
        batch.kill();
      }
    });
    const writeArrived = () => {
      for (;;) {
        const entry = blobs[written];
        const headerEnd = pending.indexOf(10);
        if (entry === undefined || headerEnd < 0) return;
        const size = Number(pending.subarray(0, headerEnd).toString('utf8').split(' ')[2]);
        if (pending.length < headerEnd + 1 + size + 1) return; // the object is still arriving
        const content = pending.subarray(headerEnd + 1, headerEnd + 1 + size);
        const target = join(destination, entry.file);
        mkdirSync(dirname(target), { recursive: true });
        if (entry.mode === '120000') symlinkSync(content.toString('utf8'), target);
        else writeFileSync(target, content);
        pending = pending.subarray(headerEnd + 1 + size + 1);
        written += 1;
      }
    };
    batch.stdin.end(blobs.map((entry) => `${entry.hash}\n`).join(''));
    const result = await finished(batch);
    if (failure !== undefined || result.code !== 0 || written !== blobs.length) {
      throw new Error(
        `could not extract ${commit}${path === '' ? '' : `:${path}`} (${written} of ${blobs.length} files): ${failure instanceof Error ? failure.message : result.stderr}`.trim(),
        { cause: failure },
      );
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
  // GIT_LITERAL_PATHSPECS=1: a directory named `*` or `:(…)` is a path, not a pattern.
  return execFileSync('git', ['-C', cwd, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_LITERAL_PATHSPECS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}
