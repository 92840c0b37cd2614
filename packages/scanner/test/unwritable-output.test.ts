import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASELINE_FILE_NAME } from '@authboundary/scanner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './project.js';
import { FixtureRepository } from './support/fixture-repository.js';

let repository: FixtureRepository;
beforeEach(() => {
  repository = new FixtureRepository();
  repository.commitAt(new Date().toISOString(), 'now');
});
afterEach(() => {
  for (const directory of ['locked']) {
    try {
      chmodSync(join(repository.directory, directory), 0o755);
    } catch {
      // not created by this test
    }
  }
  repository.remove();
});

const cli = (...args: string[]) => runCli(repository.directory, ...args);

/** Every command that writes a file, with the file it writes placed at `path`. */
const writers: [string, (path: string) => string[]][] = [
  ['scan -o', (path) => ['scan', '--format', 'json', '-o', path]],
  ['report --html', (path) => ['report', '--html', path]],
  ['history record', (path) => ['history', 'record', '--history', path]],
  ['baseline create', (path) => ['baseline', 'create', '--baseline', path]],
  ['baseline update', (path) => ['baseline', 'update', '--baseline', path]],
];
/** The commands that read their file before writing it fail on reading a path under a file, with the reader's message. */
const readsFirst = new Set(['history record', 'baseline update']);

describe('a file that cannot be written is a usage error naming it, with no stack', () => {
  it.each(writers)('%s into a "directory" that is a file', async (name, argsFor) => {
    writeFileSync(join(repository.directory, 'blocker'), 'a file, not a directory\n');
    const target = join(repository.directory, 'blocker', 'out.json');
    if (argsFor('x')[0] === 'report') await cli('history', 'record');
    const result = await cli(...argsFor('blocker/out.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    if (readsFirst.has(name)) expect(result.stderr).toContain(target);
    else
      expect(result.stderr).toBe(
        `authboundary: cannot write ${target}: a part of its directory path is a file, not a directory (EEXIST)\n`,
      );
  });

  // Permissions do not stop root: as root (CI, containers) the command runs as `nobody`, for whom
  // the repository is writable and only `locked/` is not.
  it.each(writers.filter(([name]) => name !== 'baseline update'))(
    '%s into a directory without write permission',
    async (_name, argsFor) => {
      mkdirSync(join(repository.directory, 'locked'));
      if (argsFor('x')[0] === 'report') await cli('history', 'record');
      const result =
        process.getuid?.() === 0
          ? asNobody(argsFor('locked/out.json'))
          : (chmodSync(join(repository.directory, 'locked'), 0o555), await cli(...argsFor('locked/out.json')));
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `authboundary: cannot write ${join(repository.directory, 'locked', 'out.json')}: its directory is not writable (EACCES)\n`,
      );
    },
  );
});

/** Runs the built CLI as `nobody` over the repository, which is opened to it except `locked/`. */
function asNobody(args: readonly string[]) {
  const nobody = 65534;
  execFileSync('chmod', ['-R', 'a+rwX', repository.directory]);
  chmodSync(join(repository.directory, 'locked'), 0o555);
  const bin = join(import.meta.dirname, '..', 'bin', 'authboundary.js');
  // git refuses a repository another user owns unless told it is safe.
  const env = {
    ...process.env,
    HOME: repository.directory,
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'safe.directory',
    GIT_CONFIG_VALUE_0: '*',
  };
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: repository.directory,
    encoding: 'utf8',
    uid: nobody,
    gid: nobody,
    env,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a read-only file is refused, not replaced', () => {
  it.each(writers.filter(([name]) => name !== 'baseline create'))('%s', async (_name, argsFor) => {
    if (argsFor('x')[0] === 'report' || argsFor('x')[0] === 'history')
      expect((await cli('history', 'record')).code).toBe(0);
    // A valid file of each kind to start from (baseline update and history record read theirs first).
    const name =
      argsFor('x')[0] === 'baseline'
        ? BASELINE_FILE_NAME
        : argsFor('x')[0] === 'history'
          ? 'authboundary.history.json'
          : 'out.file';
    const path = join(repository.directory, name);
    if (argsFor('x')[0] === 'baseline') {
      // A baseline missing every current finding, so that `update` has something to write.
      expect((await cli('baseline', 'create')).code).toBe(0);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), findings: [] }));
    }
    if (argsFor('x')[0] === 'scan' || argsFor('x')[0] === 'report') writeFileSync(path, 'previous content\n');
    const before = readFileSync(path);
    chmodSync(path, 0o444);
    const result = await cli(...argsFor(name));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `authboundary: ${path} is read-only; refusing to replace it (make it writable, e.g. \`chmod u+w\`, if it is meant to change)\n`,
    );
    expect(readFileSync(path)).toEqual(before);
    expect(statSync(path).mode & 0o777).toBe(0o444);
  });
});
