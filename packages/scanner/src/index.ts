export { scan, isInShard, type ScanOptions, type ScanResult, type Shard } from './commands/run-scan.js';
export { configForScan, type ConfigLocation } from './commands/config-for-scan.js';
export { mergeShardReports, type ShardInput } from './merge/merge-shard-reports.js';
export { run, ExitCode, type CliIo } from './cli.js';
export {
  outputs,
  reporters,
  formatNames,
  mapFormats,
  mapFormatNames,
  type FormatName,
  type MapFormatName,
  type Reporter,
} from './outputs/index.js';
export {
  createReport,
  reportSchema,
  reportJsonSchema,
  REPORT_VERSION,
  type Finding,
  type ScanReport,
  type UnscannedFile,
} from './report/report.js';
export { UsageError } from './usage-error.js';
export {
  check,
  checkVerdict,
  changeBaseline,
  type CheckOptions,
  type CheckResult,
  type CheckVerdict,
  type BaselineAction,
  type BaselineChange,
} from './commands/run-check.js';
export {
  BASELINE_FILE_NAME,
  BASELINE_VERSION,
  BaselineError,
  baselineJsonSchema,
  readBaseline,
  serializeBaseline,
  type BaselineFile,
} from './baseline/baseline-file.js';
export type { BaselineEntry } from './baseline/baseline-entry.js';
export { compareWithBaseline, type BaselineDiff, type ScanCoverage } from './baseline/compare-with-baseline.js';
// From their modules, not `fingerprint/index.js`, which also holds the extractor's fingerprinting.
export { fingerprintOf, FINGERPRINT_VERSION, type FingerprintParts } from './fingerprint/fingerprint-of.js';
export { normalizedTextOf } from './fingerprint/normalized-text.js';
export { MODULE_SCOPE, scopeOf } from './fingerprint/scope-of.js';
export { parseCodeowners, type Codeowners } from './owners/codeowners.js';
export { UNOWNED, type BaselineComparison } from './report/report.js';
export {
  historySchema,
  historyRecordSchema,
  historyJsonSchema,
  readHistory,
  writeHistory,
  withRecord,
  HISTORY_VERSION,
  HISTORY_FILE_NAME,
  type History,
  type HistoryRecord,
} from './history/history-file.js';
export { recordHistory, type RecordHistoryOptions, type RecordHistoryResult } from './history/record-history.js';
export {
  backfillHistory,
  type BackfillOptions,
  type BackfillEvent,
  type BackfillResult,
} from './history/backfill-history.js';
export { isoWeekOf, weekStart, weekEnd, addWeeks, type IsoWeek } from './history/iso-week.js';
export { computeTrend, trendSchema, trendJsonSchema, TREND_VERSION, type Trend } from './trend/trend.js';
export { trendFormatters, trendFormatNames, type TrendFormatName } from './outputs/index.js';
export { htmlReport, type HtmlReportInput } from './outputs/html-report.js';
export { violationSeries, ownerAttribute, type ViolationSeries } from './export/violation-series.js';
export { readBaselineFingerprints } from './export/baseline-fingerprints.js';
export {
  METRIC_VIOLATIONS,
  METRIC_VIOLATIONS_NEW,
  ATTRIBUTE_NAMES,
  REPOSITORY_ATTRIBUTE,
} from './export/metric-names.js';
export { normalizeRemoteUrl, repositoryNameOf, type RepositoryName } from './export/repository-name.js';
export {
  buildIdentityMap,
  identityMapJsonSchema,
  identityMapSchema,
  MAP_VERSION,
  type IdentityMap,
  type MapEntry,
} from './map/identity-map.js';
export { joinObserved, readObservedSpans } from './map/observed-spans.js';
export type { SurfaceEntry } from './map/surface-entry.js';
