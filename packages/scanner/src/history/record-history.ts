import { authDecisionCounts } from '../map/identity-map.js';
import { TOOL_VERSION as toolVersion } from '../version.js';
import { GitRepository } from './git-repository.js';
import { readHistory, withRecord, writeHistory, type History, type HistoryRecord } from './history-file.js';
import { historyPathFor } from './history-path.js';
import { isoWeekOf } from './iso-week.js';
import { violationCounts, type ScanReport } from '../report/report.js';

export interface RecordHistoryOptions {
  readonly cwd: string;
  readonly paths?: readonly string[];
  readonly configPath?: string;
  /** Default: `authboundary.history.json` beside the configuration. */
  readonly historyPath?: string;
  readonly now?: Date;
}

export interface RecordHistoryResult {
  readonly historyPath: string;
  readonly record: HistoryRecord;
  /** The record this one replaced (same ISO week), if any. */
  readonly replaced: HistoryRecord | undefined;
  readonly history: History;
  readonly report: ScanReport;
}

/** The record of the current week from a scan of the working tree. */
export function recordOfWorkingTree(
  report: ScanReport,
  configHash: string,
  now: Date,
  authDecisions?: HistoryRecord['authDecisions'],
): HistoryRecord {
  const repository = GitRepository.at(report.root);
  const commit = repository?.head() ?? null;
  return {
    week: isoWeekOf(now),
    timestamp: now.toISOString(),
    commit,
    dirty: commit !== null && repository!.isDirty(),
    source: 'record',
    carriedForward: false,
    configSource: 'working-tree',
    configHash,
    toolVersion,
    filesUnscanned: report.summary.filesUnscanned,
    ...violationCounts(report),
    ...(authDecisions !== undefined ? { authDecisions } : {}),
  };
}

/** `authboundary history record`: scans the working tree and writes this week's record (replacing one of the same week). */
export async function recordHistory(options: RecordHistoryOptions): Promise<RecordHistoryResult> {
  const historyPath = historyPathFor(options);
  const history = readHistory(historyPath); // before the scan: a corrupt file stops us early, untouched
  // Loaded here, not at the top: `recordOfWorkingTree` is used by commands that scan on their own.
  const { scan } = await import('../commands/run-scan.js');
  const { report, config, sites } = await scan({
    cwd: options.cwd,
    ...(options.paths !== undefined ? { paths: options.paths } : {}),
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
  });
  const record = recordOfWorkingTree(
    report,
    config.hash,
    options.now ?? new Date(),
    authDecisionCounts(report.root, sites, report.findings),
  );
  const updated = withRecord(history, record);
  writeHistory(historyPath, updated);
  return {
    historyPath,
    record,
    replaced: history.records.find((existing) => existing.week === record.week),
    history: updated,
    report,
  };
}
