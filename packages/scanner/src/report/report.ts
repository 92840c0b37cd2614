import { z } from 'zod';
import { baselineEntrySchema } from '../baseline/baseline-entry.js';
import { publishedSchemaUrl } from '../schema-url.js';
import { countBy, moduleOf, ownersOf } from './finding-counts.js';

export { UNOWNED, NO_MODULE } from './finding-counts.js';

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
    module: z
      .string()
      .nullable()
      .describe('Domain module (`layers.domains` key), `auth` or `bff`, or null for unassigned files.'),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .describe(
        'Identifies the finding across unrelated edits: a hash of rule, file, scope, normalized matched text and occurrence index, never the line (docs/ci.md).',
      ),
    scope: z
      .string()
      .describe('Enclosing symbol scope, e.g. `BookingService.request`; `<module>` at the top level of the file.'),
    snippet: z.string().describe('The matched text, normalized (whitespace and comments dropped) and shortened.'),
    owners: z
      .array(z.string())
      .describe(
        'Owners of the file from the CODEOWNERS file named by `owners` in the configuration (last matching pattern wins); empty when unowned.',
      ),
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

export const baselineComparisonSchema = z
  .strictObject({
    baseline: z.string().describe('The baseline file, relative to the configuration directory when inside it.'),
    new: z.array(z.string()).describe('Fingerprints of findings that are not in the baseline, in `findings` order.'),
    unchanged: count.describe('Findings that are in the baseline.'),
    fixed: z
      .array(baselineEntrySchema)
      .describe('Baseline entries no longer found (stale until pruned), sorted like the baseline.'),
    changedSince: z
      .strictObject({
        ref: z.string().describe('The git ref given.'),
        files: z
          .array(z.string())
          .describe(
            'Files changed since the ref (committed, staged, unstaged or untracked), relative to the configuration directory.',
          ),
        newElsewhere: count.describe(
          'New findings in files not changed since the ref: left out of the report, still counted by `check`.',
        ),
      })
      .optional()
      .describe(
        'With `--changed-since`: the git ref and the files changed since it; `findings` and `new` are limited to them.',
      ),
  })
  .describe('How the findings compare with a baseline file.');
export type BaselineComparison = z.infer<typeof baselineComparisonSchema>;

export const shardSchema = z
  .strictObject({
    index: count.min(1).describe('This shard, 1-based.'),
    count: count.min(1).describe('Number of shards the files were split into.'),
    toolVersion: z
      .string()
      .describe('Version of the scanner that wrote it; `merge` accepts only shards of one version.'),
    configHash: z.string().describe('Hash of the configuration; `merge` accepts only shards of one configuration.'),
    config: z
      .record(z.string(), z.unknown())
      .describe('The validated configuration the shard ran with; `merge` runs the project-wide rules with it.'),
    facts: z
      .array(
        z.strictObject({
          path: z.string().describe('File path, as in findings.'),
          facts: z.record(z.string(), z.unknown()).describe('Facts by project rule id.'),
          resolutions: z
            .record(z.string(), z.string())
            .optional()
            .describe(
              "The scanned file each of the file's module specifiers resolves to (with the tsconfig that owns the file); specifiers that resolve to no scanned file are left out.",
            ),
        }),
      )
      .describe("The project-wide rules' per-file facts of this shard's files, sorted by path."),
  })
  .describe(
    'Present in the JSON output of `scan --shard i/n`: its findings are those of the per-file rules only; `authboundary merge` combines the shards and runs the project-wide rules.',
  );
export type ShardData = z.infer<typeof shardSchema>;

/**
 * The counts of a report, described once: the report's `summary` and every history record (which
 * copies them from the report) share these fields.
 */
export const summaryShape = {
  total: count.describe('Number of findings.'),
  errors: count.describe('Findings of severity error.'),
  warnings: count.describe('Findings of severity warn.'),
  filesScanned: count.describe('Files parsed and checked.'),
  filesUnscanned: count.describe('Files that could not be scanned (their findings are not counted).'),
  byRule: z.record(z.string(), count).describe('Findings per rule id.'),
  byLayer: z.record(z.string(), count).describe('Findings per layer.'),
  byModule: z
    .record(z.string(), count)
    .describe('Findings per module; files without a module are counted under `(none)`.'),
  byOwner: z
    .record(z.string(), count)
    .describe(
      'Findings per CODEOWNERS owner; a finding with several owners counts for each, unowned findings under `(unowned)`.',
    ),
};

export const reportSchema = z
  .strictObject({
    $schema: z.string().optional().describe('URL of this schema.'),
    version: z.literal(REPORT_VERSION).describe('Report contract version.'),
    root: z
      .string()
      .describe('Absolute path of the directory holding the configuration; `file` paths are relative to it.'),
    findings: z.array(findingSchema).describe('Sorted by file, line, column, rule.'),
    unscanned: z.array(unscannedSchema).describe('Sorted by file.'),
    summary: z.strictObject(summaryShape).describe('Counts over `findings`.'),
    comparison: baselineComparisonSchema
      .optional()
      .describe('Present when the scan was compared with a baseline (`check`, or `scan --baseline`).'),
    shard: shardSchema.optional(),
  })
  .describe('The result of `authboundary scan --format json`.');
export type ScanReport = z.infer<typeof reportSchema>;

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn
  );
}

/** The counts a history record keeps of a report: read from its summary, never counted again. */
export function violationCounts({
  summary,
}: ScanReport): Pick<ScanReport['summary'], 'total' | 'byRule' | 'byLayer' | 'byModule' | 'byOwner'> {
  return {
    total: summary.total,
    byRule: summary.byRule,
    byLayer: summary.byLayer,
    byModule: summary.byModule,
    byOwner: summary.byOwner,
  };
}

/** Builds the report from the findings of every file: sorted, with the summary computed. */
export function createReport(
  root: string,
  findings: readonly Finding[],
  unscanned: readonly UnscannedFile[],
  filesScanned: number,
): ScanReport {
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
      byModule: countBy(sorted, moduleOf),
      byOwner: countBy(sorted, ownersOf),
    },
  };
}

/** The published JSON Schema of the report (`report.schema.json`). */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(reportSchema, { io: 'output' }),
    $id: publishedSchemaUrl('report.schema.json'),
    title: 'authboundary scan report',
  };
}
