import { execFileSync } from 'node:child_process';
import { UsageError } from '../usage-error.js';

/**
 * Runs a read-only git command in `directory`. `--no-optional-locks` keeps even `git diff` from
 * refreshing the index: the user's working tree, index and refs are never written.
 */
function git(directory: string, args: readonly string[]): string {
  return execFileSync('git', ['--no-optional-locks', '-c', 'core.quotepath=off', ...args], {
    cwd: directory,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

const zeroSeparated = (output: string) => output.split('\u0000').filter((path) => path !== '');

/**
 * Files changed since `ref`, relative to `directory` (the configuration directory), forward
 * slashes: everything that differs between the merge base of `ref` and HEAD and the working tree
 * (committed, staged or not), plus untracked files. A rename counts as both of its paths.
 */
export function changedFilesSince(ref: string, directory: string): string[] {
  try {
    git(directory, ['rev-parse', '--is-inside-work-tree']);
  } catch (error) {
    throw new UsageError(`--changed-since needs a git working tree, and ${directory} is not inside one`, {
      cause: error,
    });
  }
  try {
    git(directory, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch (error) {
    throw new UsageError(
      `--changed-since: "${ref}" is not a commit in this repository (in a shallow CI checkout, fetch it first, e.g. actions/checkout with fetch-depth: 0)`,
      { cause: error },
    );
  }
  let base = ref;
  try {
    base = git(directory, ['merge-base', ref, 'HEAD']).trim();
  } catch {
    // No common ancestor (unrelated histories): compare with the ref itself.
  }
  const changed = zeroSeparated(
    git(directory, ['diff', '--name-only', '--no-renames', '--relative', '-z', base, '--']),
  );
  const untracked = zeroSeparated(git(directory, ['ls-files', '--others', '--exclude-standard', '-z']));
  return [...new Set([...changed, ...untracked])].sort();
}
