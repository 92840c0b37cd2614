import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { summaryShape } from '../report/report.js';
import { publishedSchemaUrl } from '../schema-url.js';
import { UsageError } from '../usage-error.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { isIsoWeek } from './iso-week.js';

/** Version of the history file contract; bumped on any incompatible change. */
export const HISTORY_VERSION = 1;
export const HISTORY_FILE_NAME = 'authboundary.history.json';
export const HISTORY_SCHEMA_URL = publishedSchemaUrl('history.schema.json');

const count = z.number().int().nonnegative();

export const historyRecordSchema = z
  .strictObject({
    week: z
      .string()
      .regex(/^\d{4}-W\d{2}$/)
      .refine(isIsoWeek, { error: 'expected an ISO week such as 2026-W07' })
      .describe('ISO 8601 week (`YYYY-Www`, UTC) the record stands for; one record per week.'),
    timestamp: z.iso
      .datetime()
      .describe('When the record was made (`record`) or when the scanned commit was committed (`backfill`).'),
    commit: z.string().nullable().describe('Commit scanned (full hash); null when the scanned tree was not in git.'),
    dirty: z
      .boolean()
      .describe('`record` only: the working tree had uncommitted changes, so the counts may differ from `commit`.'),
    source: z
      .enum(['record', 'backfill'])
      .describe(
        '`record`: the working tree scanned by `history record`; `backfill`: the commit scanned from git objects by `history backfill`.',
      ),
    carriedForward: z
      .boolean()
      .describe('No commit was made in this week: the counts are those of the last earlier commit, carried forward.'),
    configSource: z
      .enum(['working-tree', 'commit', 'fixed'])
      .describe(
        "Which configuration produced the counts: the working tree's (`record`), the scanned commit's own, or one held fixed with `--config`.",
      ),
    configHash: z
      .string()
      .describe('Hash of the configuration content; a change marks a step caused by the rules, not by the code.'),
    toolVersion: z.string().describe('Version of @authboundary/scanner that scanned; a change can also cause a step.'),
    // The counts are the scan report's summary, described there.
    total: summaryShape.total,
    filesUnscanned: summaryShape.filesUnscanned,
    byRule: summaryShape.byRule,
    byLayer: summaryShape.byLayer,
    byModule: summaryShape.byModule,
    byOwner: summaryShape.byOwner,
    authDecisions: z
      .strictObject({
        total: count.describe('Decision sites: token verifications and authorization decisions (`authboundary map`).'),
        instrumented: count.describe('Decision sites made through the `@authboundary/telemetry` wrappers.'),
      })
      .optional()
      .describe(
        'Instrumentation coverage of the auth decisions that week; absent in records made before it was counted.',
      ),
  })
  .describe('The violation counts of one ISO week.');
export type HistoryRecord = z.infer<typeof historyRecordSchema>;

export const historySchema = z
  .strictObject({
    $schema: z.string().optional().describe('URL of this schema.'),
    version: z.literal(HISTORY_VERSION).describe('History file contract version.'),
    records: z.array(historyRecordSchema).describe('Sorted by week, at most one per week.'),
  })
  .superRefine((history, context) => {
    history.records.forEach((record, index) => {
      const previous = history.records[index - 1];
      if (previous !== undefined && previous.week >= record.week) {
        context.addIssue({
          code: 'custom',
          path: ['records', index, 'week'],
          message: `weeks must be unique and ascending; ${record.week} follows ${previous.week}`,
        });
      }
    });
  })
  .describe(
    'authboundary violation history (`authboundary.history.json`): one record per ISO week, committed with the code.',
  );
export type History = z.infer<typeof historySchema>;

export const emptyHistory = (): History => ({ $schema: HISTORY_SCHEMA_URL, version: HISTORY_VERSION, records: [] });

/** The published JSON Schema of the history file (`history.schema.json`). */
export function historyJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(historySchema, { io: 'output' }), $id: HISTORY_SCHEMA_URL, title: 'authboundary history' };
}

function issuePath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
      .join('') || '(root)'
  );
}

/**
 * Reads a history file. A missing file is an empty history; an unreadable, non-JSON or invalid
 * one throws `UsageError` (exit 2) naming every problem, and nothing is written over it.
 */
export function readHistory(path: string): History {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyHistory();
    throw new UsageError(`${path}: cannot read the history file: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${path}: the history file is not valid JSON (${(error as Error).message}); it was left untouched — restore it from git`,
      { cause: error },
    );
  }
  const result = historySchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issuePath(issue.path)}: ${issue.message}`).join('\n');
    throw new UsageError(
      `${path}: the history file is not a valid authboundary history (left untouched; restore it from git)\n${problems}`,
    );
  }
  return result.data;
}

/** Returns the history with `record` in its week's place, replacing a record of the same week. */
export function withRecord(history: History, record: HistoryRecord): History {
  const records = [...history.records.filter((existing) => existing.week !== record.week), record].sort((a, b) =>
    a.week < b.week ? -1 : 1,
  );
  return { $schema: HISTORY_SCHEMA_URL, version: HISTORY_VERSION, records };
}

export function writeHistory(path: string, history: History): void {
  writeFileAtomic(
    path,
    `${JSON.stringify({ $schema: HISTORY_SCHEMA_URL, version: HISTORY_VERSION, records: history.records }, null, 2)}\n`,
  );
}
