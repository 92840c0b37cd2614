import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { backfillHistory, computeTrend, readHistory, run, type BackfillEvent, type CliIo } from '@authboundary/scanner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixtureRepository, fixes } from './support/fixture-repository.js';

// Weeks of 2026: W40 starts Monday 2026-09-28. "Now" is Wednesday of W44.
const now = new Date('2026-10-28T12:00:00Z');

let repository: FixtureRepository;
let cacheDirectory: string;

beforeEach(() => {
  repository = new FixtureRepository();
  cacheDirectory = mkdtempSync(join(tmpdir(), 'authboundary-cache-'));
  repository.commitAt('2026-09-30T10:00:00Z', 'W40: the platform as it was'); // 18 findings
  repository.commitAt('2026-10-07T10:00:00Z', 'W41: wallet fixed', fixes.walletOperationsAccount); // 16
  // W42: no commit
  repository.commitAt(
    '2026-10-21T10:00:00Z',
    'W43: back office and support chat fixed',
    fixes.backofficeLegacyPool,
    fixes.supportChatSubject,
  ); // 14
});

afterEach(() => {
  repository.remove();
  rmSync(cacheDirectory, { recursive: true, force: true });
});

/** Everything backfill promises not to touch. */
function gitState() {
  const git = (...args: string[]) => repository.git(...args);
  return {
    head: git('rev-parse', 'HEAD'),
    symbolicHead: git('symbolic-ref', 'HEAD'),
    branches: git('for-each-ref', '--format=%(refname) %(objectname)'),
    status: git('status', '--porcelain=v2', '--untracked-files=all'),
    stash: git('stash', 'list', '--format=%H %s'),
    index: createHash('sha256')
      .update(readFileSync(join(repository.directory, '.git', 'index')))
      .digest('hex'),
    workingFile: readFileSync(join(repository.directory, 'src/gps/position-tracker.ts'), 'utf8'),
    stagedFile: readFileSync(join(repository.directory, 'src/lines/line-schedule.ts'), 'utf8'),
  };
}

const backfill = (options: { onWeek?: (event: BackfillEvent) => void; configPath?: string } = {}) =>
  backfillHistory({ cwd: repository.directory, weeks: 6, cacheDirectory, now, ...options });

describe('history backfill', () => {
  it('records, for each week, the last commit before the week ended; weeks without a commit carry the previous value and say so', async () => {
    const { history, events } = await backfill();
    expect(events[0]).toEqual({ week: '2026-W39', kind: 'before-first-commit' });
    expect(
      history.records.map((record) => [
        record.week,
        record.total,
        record.carriedForward,
        record.source,
        record.configSource,
      ]),
    ).toEqual([
      ['2026-W40', 19, false, 'backfill', 'commit'],
      ['2026-W41', 18, false, 'backfill', 'commit'],
      ['2026-W42', 18, true, 'backfill', 'commit'],
      ['2026-W43', 16, false, 'backfill', 'commit'],
      ['2026-W44', 16, true, 'backfill', 'commit'],
    ]);
    expect(history.records[1]!.byModule['wallet']).toBeUndefined();
    expect(history.records[0]!.byModule['wallet']).toBe(1);
    expect(history.records[3]!.byModule['backoffice']).toBe(1);
    expect(history.records[3]!.byLayer).toEqual({ bff: 2, domain: 14 });
    expect(history.records[3]!.byOwner).toEqual({ '(unowned)': 16 });
    expect(history.records[2]!.commit).toBe(history.records[1]!.commit);
  });

  it('--since fills from the week holding the date up to the current week', async () => {
    const { history } = await backfillHistory({
      cwd: repository.directory,
      since: new Date('2026-10-14T00:00:00Z'),
      cacheDirectory,
      now,
    });
    expect(history.records.map((record) => record.week)).toEqual(['2026-W42', '2026-W43', '2026-W44']);
  });

  it('never touches the working tree, index, stash, branches or HEAD, also when the tree is dirty', async () => {
    repository.git('branch', 'feature/elsewhere');
    writeFileSync(
      join(repository.directory, 'src/gps/position-tracker.ts'),
      `${readFileSync(join(repository.directory, 'src/gps/position-tracker.ts'), 'utf8')}\nexport const stashed = 1;\n`,
    );
    repository.git('stash', 'push', '--quiet');
    writeFileSync(
      join(repository.directory, 'src/lines/line-schedule.ts'),
      `${readFileSync(join(repository.directory, 'src/lines/line-schedule.ts'), 'utf8')}\nexport const staged = 1;\n`,
    );
    repository.git('add', 'src/lines/line-schedule.ts');
    writeFileSync(
      join(repository.directory, 'src/gps/position-tracker.ts'),
      `${readFileSync(join(repository.directory, 'src/gps/position-tracker.ts'), 'utf8')}\nexport const unstaged = 1;\n`,
    );
    writeFileSync(join(repository.directory, 'untracked.txt'), 'work in progress\n');
    const before = gitState();

    await backfill();

    const after = gitState();
    // The history file is the one new file, by design (it is meant to be committed).
    expect({ ...after, status: after.status.replace(/^\? authboundary\.history\.json\n/m, '') }).toEqual(before);
  });

  it('scans every committed file, also those that `export-ignore` attributes would leave out of an archive', async () => {
    writeFileSync(join(repository.directory, '.gitattributes'), 'src/booking/** export-ignore\n');
    repository.commitAt('2026-10-27T10:00:00Z', 'W44: attributes');
    const { history } = await backfill();
    expect(history.records.at(-1)!.byModule['booking']).toBe(4);
  });

  it('caches results per commit: a second run scans nothing', async () => {
    await backfill();
    const { events } = await backfill();
    expect(events.filter((event) => event.kind === 'scanned')).toEqual([]);
    expect(events.filter((event) => event.kind === 'cached')).toHaveLength(5);
  });

  it('resumes an interrupted run: finished weeks are in the file, and the rerun ends with the uninterrupted result', async () => {
    const interrupted = backfill({
      onWeek: (event) => {
        if (event.week === '2026-W41') throw new Error('interrupted');
      },
    });
    await expect(interrupted).rejects.toThrow('interrupted');
    const partial = readHistory(join(repository.directory, 'authboundary.history.json'));
    expect(partial.records.map((record) => record.week)).toEqual(['2026-W40', '2026-W41']);

    const { history, events } = await backfill();
    expect(events.find((event) => event.week === '2026-W40')?.kind).toBe('cached');
    expect(events.find((event) => event.week === '2026-W43')?.kind).toBe('scanned');
    expect(history.records.map((record) => record.total)).toEqual([19, 18, 18, 16, 16]);
  });

  it("with --config holds today's rules fixed and says so; without it each commit's own configuration counts, and a change is marked", async () => {
    const configFile = join(repository.directory, 'authboundary.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { ignore: string[] };
    writeFileSync(configFile, JSON.stringify({ ...config, ignore: [...config.ignore, 'src/booking/**'] }, null, 2));
    repository.commitAt('2026-10-27T10:00:00Z', 'W44: booking ignored'); // booking had 4 findings → 11

    const own = await backfill();
    expect(own.history.records.map((record) => record.total)).toEqual([19, 18, 18, 16, 12]);
    const trend = computeTrend(own.history);
    expect(trend.points.map((point) => point.configChanged)).toEqual([false, false, false, false, true]);

    rmSync(join(repository.directory, 'authboundary.history.json'));
    const fixed = await backfill({ configPath: 'authboundary.config.json' });
    expect(fixed.history.records.map((record) => [record.total, record.configSource])).toEqual([
      [15, 'fixed'],
      [14, 'fixed'],
      [14, 'fixed'],
      [12, 'fixed'],
      [12, 'fixed'],
    ]);
    expect(computeTrend(fixed.history).points.some((point) => point.configChanged)).toBe(false);
  });

  it('keeps a week recorded by `history record` instead of replacing it with a backfilled one', async () => {
    const first = await backfill();
    const recorded = {
      ...first.history.records.at(-1)!,
      source: 'record' as const,
      total: 99,
      configSource: 'working-tree' as const,
    };
    writeFileSync(
      join(repository.directory, 'authboundary.history.json'),
      JSON.stringify({ version: 1, records: [...first.history.records.slice(0, -1), recorded] }),
    );
    const { history, events } = await backfill();
    expect(events.at(-1)).toMatchObject({ week: '2026-W44', kind: 'kept-recorded' });
    expect(history.records.at(-1)).toEqual(recorded);
  });

  it('reports a week whose commit has no configuration and goes on with the others', async () => {
    const repositoryWithoutConfigAtFirst = new FixtureRepository();
    try {
      const configFile = join(repositoryWithoutConfigAtFirst.directory, 'authboundary.config.json');
      const configText = readFileSync(configFile, 'utf8');
      rmSync(configFile);
      repositoryWithoutConfigAtFirst.commitAt('2026-10-07T10:00:00Z', 'before authboundary');
      writeFileSync(configFile, configText);
      repositoryWithoutConfigAtFirst.commitAt('2026-10-14T10:00:00Z', 'authboundary adopted');
      const { events, history } = await backfillHistory({
        cwd: repositoryWithoutConfigAtFirst.directory,
        weeks: 2,
        cacheDirectory,
        now: new Date('2026-10-14T12:00:00Z'),
      });
      expect(events[0]).toMatchObject({
        week: '2026-W41',
        kind: 'failed',
        reason: expect.stringContaining('has no authboundary.config.json'),
      });
      expect(history.records.map((record) => [record.week, record.total])).toEqual([['2026-W42', 19]]);
    } finally {
      repositoryWithoutConfigAtFirst.remove();
    }
  });
});

describe('history backfill on a shallow clone', () => {
  let clone: string;
  beforeEach(() => {
    // What a CI checkout gives by default: the last commit only (W43's).
    clone = join(mkdtempSync(join(tmpdir(), 'authboundary-shallow-')), 'clone');
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${repository.directory}`, clone], {
      stdio: 'ignore',
    });
  });
  afterEach(() => rmSync(join(clone, '..'), { recursive: true, force: true }));

  it('marks the weeks before the cut as not seen instead of "no commit yet", and warns with the depth needed', async () => {
    const { events, history, shallowBoundary } = await backfillHistory({ cwd: clone, weeks: 6, cacheDirectory, now });
    expect(shallowBoundary?.committedAt.toISOString()).toBe('2026-10-21T10:00:00.000Z');
    expect(events.map((event) => [event.week, event.kind])).toEqual([
      ['2026-W39', 'not-in-shallow-clone'],
      ['2026-W40', 'not-in-shallow-clone'],
      ['2026-W41', 'not-in-shallow-clone'],
      ['2026-W42', 'not-in-shallow-clone'],
      ['2026-W43', 'scanned'],
      ['2026-W44', 'cached'],
    ]);
    expect(history.records.map((record) => record.week)).toEqual(['2026-W43', '2026-W44']);

    const out = { stdout: '', stderr: '' };
    const io: CliIo = {
      stdout: (text) => (out.stdout += text),
      stderr: (text) => (out.stderr += text),
      stdoutIsTty: false,
      stderrIsTty: false,
      cwd: clone,
    };
    expect(
      await run(
        ['node', 'authboundary', 'history', 'backfill', '--since', '2026-10-01', '--cache-dir', cacheDirectory],
        io,
      ),
    ).toBe(0);
    expect(out.stdout).not.toContain('no commit yet');
    expect(out.stderr).toContain('2026-W42  not seen: this shallow clone holds no commit before 2026-10-21\n');
    expect(out.stderr).toContain('authboundary: warning: 3 weeks were not seen:');
    expect(out.stderr).toContain(
      'this is a shallow clone (the default of CI checkouts). Fetch the whole history — `fetch-depth: 0` in actions/checkout, or `git fetch --unshallow` — and run backfill again.',
    );
  });

  it('a full clone still says "no commit yet" before its first commit', async () => {
    const { events, shallowBoundary } = await backfill();
    expect(shallowBoundary).toBeNull();
    expect(events[0]!.kind).toBe('before-first-commit');
  });
});
