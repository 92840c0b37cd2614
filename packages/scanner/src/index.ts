export { scan, configForScan, type ScanOptions, type ScanResult } from './scan.js';
export { run, ExitCode, type CliIo } from './cli.js';
export { reporters, formatNames, type FormatName, type Reporter } from './reporters/index.js';
export { createReport, reportSchema, reportJsonSchema, REPORT_VERSION, type Finding, type ScanReport, type UnscannedFile } from './report/report.js';
export { UsageError } from './usage-error.js';
