import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { configForScan } from '../commands/config-for-scan.js';
import { TOOL_VERSION as toolVersion } from '../version.js';
import { UsageError } from '../usage-error.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { GitRepository, type CommitRef } from './git-repository.js';
import {
  historyRecordSchema,
  readHistory,
  withRecord,
  writeHistory,
  type History,
  type HistoryRecord,
} from './history-file.js';
import { historyPathFor } from './history-path.js';
import { addWeeks, isoWeekOf, weekEnd, weeksBetween, weekStart, type IsoWeek } from './iso-week.js';
import { authDecisionCounts } from '../map/identity-map.js';
import { violationCounts } from '../report/report.js';

export const DEFAULT_BACKFILL_WEEKS = 12;

export interface BackfillOptions {
  readonly cwd: string;
  /** Hold this configuration fixed for every commit; without it each commit is scanned with its own. */
  readonly configPath?: string;
  readonly historyPath?: string;
  /** Number of ISO weeks up to and including the current one (default 12). */
  readonly weeks?: number;
  /** Start from the week holding this date instead (up to the current week). */
  readonly since?: Date;
  /** Per-commit results; default `$XDG_CACHE_HOME/authboundary/backfill` (or `~/.cache/…`). */
  readonly cacheDirectory?: string;
  readonly now?: Date;
  readonly onWeek?: (event: BackfillEvent) => void;
}

export type BackfillEvent =
  | { readonly week: IsoWeek; readonly kind: 'scanned' | 'cached'; readonly record: HistoryRecord }
  | { readonly week: IsoWeek; readonly kind: 'kept-recorded'; readonly record: HistoryRecord }
  | { readonly week: IsoWeek; readonly kind: 'before-first-commit' }
  /** A shallow clone holds no commit this early: the week's commit may exist but cannot be seen. */
  | { readonly week: IsoWeek; readonly kind: 'not-in-shallow-clone'; readonly boundary: CommitRef }
  | { readonly week: IsoWeek; readonly kind: 'failed'; readonly commit: string; readonly reason: string };

export interface BackfillResult {
  readonly historyPath: string;
  readonly history: History;
  readonly events: readonly BackfillEvent[];
  /** For a shallow clone: its oldest commit on the branch (weeks before it are `not-in-shallow-clone`). */
  readonly shallowBoundary: CommitRef | null;
}

const cachedCountsSchema = historyRecordSchema.pick({
  configHash: true,
  configSource: true,
  total: true,
  filesUnscanned: true,
  byRule: true,
  byLayer: true,
  byModule: true,
  byOwner: true,
  authDecisions: true,
});
type CachedCounts = ReturnType<typeof cachedCountsSchema.parse>;

function defaultCacheDirectory(): string {
  return join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'authboundary', 'backfill');
}

/** The weeks to fill: `--since` to now, or the last `weeks` weeks (the current one included). */
export function backfillWeeks(options: Pick<BackfillOptions, 'weeks' | 'since'>, now: Date): IsoWeek[] {
  const last = isoWeekOf(now);
  if (options.since !== undefined) {
    if (options.since.getTime() > now.getTime())
      throw new UsageError(`--since ${options.since.toISOString().slice(0, 10)} is in the future`);
    return weeksBetween(isoWeekOf(options.since), last);
  }
  const weeks = options.weeks ?? DEFAULT_BACKFILL_WEEKS;
  if (!Number.isInteger(weeks) || weeks < 1)
    throw new UsageError(`--weeks must be a whole number of at least 1, got ${weeks}`);
  return weeksBetween(addWeeks(last, -(weeks - 1)), last);
}

/**
 * `authboundary history backfill`: for each week, the last commit of the current branch before
 * the week ended is extracted from git objects into a temporary directory and scanned there. The
 * history is written after every week and results are cached per commit, so an interrupted run
 * resumes where it stopped. Weeks recorded by `history record` are kept.
 */
export async function backfillHistory(options: BackfillOptions): Promise<BackfillResult> {
  const now = options.now ?? new Date();
  const weeks = backfillWeeks(options, now);
  const current = configForScan({
    cwd: options.cwd,
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
  });
  const repository = GitRepository.at(current.root);
  if (repository === null)
    throw new UsageError(`${current.root} is not inside a git repository; backfill reads past weeks from git history`);
  if (repository.head() === null) throw new UsageError(`the git repository ${repository.topLevel} has no commits yet`);
  if (current.configPath === null) throw new UsageError('backfill needs a configuration file');
  const rootInRepository = repository.pathInRepository(current.root);
  const configInRepository = repository.pathInRepository(current.configPath);
  const fixedConfigText = options.configPath !== undefined ? readFileSync(current.configPath, 'utf8') : null;
  const shallowBoundary = repository.shallowBoundary();

  const historyPath = historyPathFor({
    cwd: options.cwd,
    historyPath: options.historyPath,
    configPath: current.configPath,
  });
  let history = readHistory(historyPath); // a corrupt file stops here, untouched
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  const events: BackfillEvent[] = [];
  const emit = (event: BackfillEvent) => {
    events.push(event);
    options.onWeek?.(event);
  };

  for (const week of weeks) {
    const existing = history.records.find((record) => record.week === week);
    if (existing?.source === 'record') {
      emit({ week, kind: 'kept-recorded', record: existing });
      continue;
    }
    const commit = repository.lastCommitBefore(weekEnd(week));
    if (commit === null) {
      emit(
        shallowBoundary === null
          ? { week, kind: 'before-first-commit' }
          : { week, kind: 'not-in-shallow-clone', boundary: shallowBoundary },
      );
      continue;
    }
    const cacheFile = join(
      cacheDirectory,
      `${cacheKey({ commit: commit.hash, rootInRepository, configInRepository, fixedConfigText })}.json`,
    );
    let counts = readCache(cacheFile);
    const kind = counts === null ? 'scanned' : 'cached';
    if (counts === null) {
      try {
        counts = await scanCommit(repository, commit, { rootInRepository, configInRepository, fixedConfigText });
      } catch (error) {
        emit({
          week,
          kind: 'failed',
          commit: commit.hash,
          reason: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      writeFileAtomic(cacheFile, `${JSON.stringify(counts)}\n`);
    }
    const record: HistoryRecord = {
      week,
      timestamp: commit.committedAt.toISOString(),
      commit: commit.hash,
      dirty: false,
      source: 'backfill',
      carriedForward: commit.committedAt.getTime() < weekStart(week).getTime(),
      configSource: counts.configSource,
      configHash: counts.configHash,
      toolVersion,
      total: counts.total,
      filesUnscanned: counts.filesUnscanned,
      byRule: counts.byRule,
      byLayer: counts.byLayer,
      byModule: counts.byModule,
      byOwner: counts.byOwner,
      ...(counts.authDecisions !== undefined ? { authDecisions: counts.authDecisions } : {}),
    };
    history = withRecord(history, record);
    writeHistory(historyPath, history); // after every week: an interrupted run loses at most the week in progress
    emit({ week, kind, record });
  }
  return { historyPath, history, events, shallowBoundary };
}

function cacheKey(parts: {
  commit: string;
  rootInRepository: string;
  configInRepository: string;
  fixedConfigText: string | null;
}): string {
  return createHash('sha256')
    .update(JSON.stringify({ toolVersion, ...parts }))
    .digest('hex')
    .slice(0, 32);
}

function readCache(file: string): CachedCounts | null {
  try {
    const parsed = cachedCountsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null; // a damaged entry is recomputed
  } catch {
    return null;
  }
}

async function scanCommit(
  repository: GitRepository,
  commit: CommitRef,
  where: { rootInRepository: string; configInRepository: string; fixedConfigText: string | null },
): Promise<CachedCounts> {
  if (!repository.hasPath(commit.hash, where.rootInRepository))
    throw new Error(`${where.rootInRepository} does not exist in commit ${commit.hash.slice(0, 12)}`);
  if (where.fixedConfigText === null && !repository.hasPath(commit.hash, where.configInRepository)) {
    throw new Error(
      `commit ${commit.hash.slice(0, 12)} has no ${where.configInRepository}; pass --config to scan it with today's rules`,
    );
  }
  const directory = mkdtempSync(join(tmpdir(), 'authboundary-backfill-'));
  try {
    await repository.extract(commit.hash, where.rootInRepository, directory);
    const configFile = join(directory, where.configInRepository);
    if (where.fixedConfigText !== null) writeFileSync(configFile, where.fixedConfigText);
    const root = join(directory, where.rootInRepository);
    // Loaded here, not at the top: the scanner (and the compiler) only when a commit is scanned.
    const { scan } = await import('../commands/run-scan.js');
    const { report, config, sites } = await scan({ cwd: root, configPath: configFile });
    return {
      configHash: config.hash,
      configSource: where.fixedConfigText === null ? 'commit' : 'fixed',
      filesUnscanned: report.summary.filesUnscanned,
      ...violationCounts(report),
      authDecisions: authDecisionCounts(report.root, sites, report.findings),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
