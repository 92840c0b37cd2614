import { z } from 'zod';

/** Version of the JSON report contract; bumped on any incompatible change. */
export const REPORT_VERSION = 1;

const count = z.number().int().nonnegative();

export const findingSchema = z
  .strictObject({
    rule: z.string().describe('Rule id, e.g. `no-provider-id-outside-auth`.'),
    messageId: z.string().describe("The rule's message id (stable; the message text may change)."),
    severity: z.enum(['warn', 'error']).describe('Severity configured for the rule.'),
    file: z.string().describe('Path relative to the directory holding the configuration, with forward slashes.'),
    line: count.min(1).describe('1-based line of the first character.'),
    column: count.min(1).describe('1-based column (UTF-16 code units) of the first character.'),
    endLine: count.min(1).describe('1-based line of the character after the last.'),
    endColumn: count.min(1).describe('1-based column of the character after the last.'),
    message: z.string().describe('What is wrong and what to do instead.'),
    layer: z.enum(['auth', 'bff', 'domain', 'unassigned']).describe('Layer of the file.'),
    module: z.string().nullable().describe('Domain module (`layers.domains` key), `auth` or `bff`, or null for unassigned files.'),
  })
  .describe('One violation.');
export type Finding = z.infer<typeof findingSchema>;

export const unscannedSchema = z
  .strictObject({
    file: z.string().describe('Path relative to the configuration directory.'),
    reason: z.string().describe('Why the file could not be scanned (read error, syntax error with position).'),
  })
  .describe('A file that was selected but could not be scanned; never silently skipped.');
export type UnscannedFile = z.infer<typeof unscannedSchema>;

export const shardSchema = z
  .strictObject({
    index: count.min(1).describe('This shard, 1-based.'),
    count: count.min(1).describe('Number of shards the files were split into.'),
    toolVersion: z.string().describe('Version of the scanner that wrote it; `merge` accepts only shards of one version.'),
    configHash: z.string().describe('Hash of the configuration; `merge` accepts only shards of one configuration.'),
    config: z.record(z.string(), z.unknown()).describe('The validated configuration the shard ran with; `merge` runs the project-wide rules with it.'),
    facts: z
      .array(z.strictObject({ path: z.string().describe('File path, as in findings.'), facts: z.record(z.string(), z.unknown()).describe('Facts by project rule id.') }))
      .describe("The project-wide rules' per-file facts of this shard's files, sorted by path."),
  })
  .describe('Present in the JSON output of `scan --shard i/n`: its findings are those of the per-file rules only; `authboundary merge` combines the shards and runs the project-wide rules.');
export type ShardData = z.infer<typeof shardSchema>;

export const reportSchema = z
  .strictObject({
    $schema: z.string().optional().describe('URL of this schema.'),
    version: z.literal(REPORT_VERSION).describe('Report contract version.'),
    root: z.string().describe('Absolute path of the directory holding the configuration; `file` paths are relative to it.'),
    findings: z.array(findingSchema).describe('Sorted by file, line, column, rule.'),
    unscanned: z.array(unscannedSchema).describe('Sorted by file.'),
    summary: z
      .strictObject({
        total: count.describe('Number of findings.'),
        errors: count.describe('Findings of severity error.'),
        warnings: count.describe('Findings of severity warn.'),
        filesScanned: count.describe('Files parsed and checked.'),
        filesUnscanned: count.describe('Files that could not be scanned.'),
        byRule: z.record(z.string(), count).describe('Findings per rule id.'),
        byLayer: z.record(z.string(), count).describe('Findings per layer.'),
        byModule: z.record(z.string(), count).describe('Findings per module; files without a module are counted under `(none)`.'),
      })
      .describe('Counts over `findings`.'),
    shard: shardSchema.optional(),
  })
  .describe('The result of `authboundary scan --format json`.');
export type ScanReport = z.infer<typeof reportSchema>;

function countBy(findings: readonly Finding[], key: (finding: Finding) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[key(finding)] = (counts[key(finding)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

/** Builds the report from the findings of every file: sorted, with the summary computed. */
export function createReport(root: string, findings: readonly Finding[], unscanned: readonly UnscannedFile[], filesScanned: number): ScanReport {
  const sorted = [...findings].sort(compareFindings);
  return {
    version: REPORT_VERSION,
    root,
    findings: sorted,
    unscanned: [...unscanned].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    summary: {
      total: sorted.length,
      errors: sorted.filter((finding) => finding.severity === 'error').length,
      warnings: sorted.filter((finding) => finding.severity === 'warn').length,
      filesScanned,
      filesUnscanned: unscanned.length,
      byRule: countBy(sorted, (finding) => finding.rule),
      byLayer: countBy(sorted, (finding) => finding.layer),
      byModule: countBy(sorted, (finding) => finding.module ?? '(none)'),
    },
  };
}

/** The published JSON Schema of the report (`report.schema.json`). */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(reportSchema, { io: 'output' }),
    $id: 'https://github.com/authboundary/authboundary/blob/main/packages/scanner/report.schema.json',
    title: 'authboundary scan report',
  };
}
