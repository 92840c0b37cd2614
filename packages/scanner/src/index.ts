export { scan, configForScan, isInShard, type ScanOptions, type ScanResult, type Shard } from './scan.js';
export { mergeShardReports, type ShardInput } from './merge/merge-shard-reports.js';
export { run, ExitCode, type CliIo } from './cli.js';
export { reporters, formatNames, type FormatName, type Reporter } from './reporters/index.js';
export { createReport, reportSchema, reportJsonSchema, REPORT_VERSION, type Finding, type ScanReport, type UnscannedFile } from './report/report.js';
export { UsageError } from './usage-error.js';
