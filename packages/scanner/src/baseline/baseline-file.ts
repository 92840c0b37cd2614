import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Finding } from '../report/report.js';
import { publishedSchemaUrl } from '../schema-url.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { baselineEntrySchema, type BaselineEntry } from './baseline-entry.js';

/** File name of the baseline beside the configuration. */
export const BASELINE_FILE_NAME = 'authboundary.baseline.json';
/** Version of the baseline file contract; bumped on any incompatible change. */
export const BASELINE_VERSION = 1;
export const BASELINE_SCHEMA_URL = publishedSchemaUrl('baseline.schema.json');
/** The URL baselines carried before it served JSON (a page on the code host); still read, never written. */
const LEGACY_BASELINE_SCHEMA_URL =
  'https://github.com/authboundary/authboundary/blob/main/packages/scanner/baseline.schema.json';

export const baselineFileSchema = z
  .strictObject({
    $schema: z
      .literal([BASELINE_SCHEMA_URL, LEGACY_BASELINE_SCHEMA_URL], {
        error: `expected "${BASELINE_SCHEMA_URL}" (is this an authboundary baseline?)`,
      })
      .describe('URL of this schema.'),
    version: z
      .literal(BASELINE_VERSION, { error: `expected ${BASELINE_VERSION}` })
      .describe('Baseline contract version.'),
    tool: z
      .strictObject({ name: z.literal('authboundary'), version: z.string() })
      .describe('The authboundary version that wrote the file.'),
    findings: z
      .array(baselineEntrySchema)
      .describe(
        'Known findings, sorted by file, rule, scope and fingerprint; `check` fails on findings not listed here.',
      ),
  })
  .describe('`authboundary.baseline.json`: the known findings that `authboundary check` accepts until they are fixed.');
export type BaselineFile = z.infer<typeof baselineFileSchema>;

/** A baseline file that is missing, corrupt or not a baseline: exit code 2, and it is never overwritten. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/** The baseline entry of a finding (or an entry with its keys in file order). */
export function baselineEntryOf(finding: Pick<Finding, keyof BaselineEntry>): BaselineEntry {
  return {
    fingerprint: finding.fingerprint,
    rule: finding.rule,
    file: finding.file,
    scope: finding.scope,
    snippet: finding.snippet,
  };
}

const byKey = (a: BaselineEntry, b: BaselineEntry) => {
  for (const key of ['file', 'rule', 'scope', 'fingerprint'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
};

export function sortBaselineEntries(entries: readonly BaselineEntry[]): BaselineEntry[] {
  return [...entries].sort(byKey);
}

/**
 * The file's text: keys in a fixed order and one entry per line, sorted, so that fixing a finding
 * removes exactly one line and two branches that fix different findings merge without conflict.
 */
export function serializeBaseline(entries: readonly BaselineEntry[], toolVersion: string): string {
  const lines = sortBaselineEntries(entries).map((entry) => `    ${JSON.stringify(baselineEntryOf(entry))}`);
  return [
    '{',
    `  "$schema": ${JSON.stringify(BASELINE_SCHEMA_URL)},`,
    `  "version": ${BASELINE_VERSION},`,
    `  "tool": ${JSON.stringify({ name: 'authboundary', version: toolVersion })},`,
    lines.length === 0 ? '  "findings": []' : `  "findings": [\n${lines.join(',\n')}\n  ]`,
    '}',
    '',
  ].join('\n');
}

export function writeBaseline(path: string, entries: readonly BaselineEntry[], toolVersion: string): void {
  writeFileAtomic(path, serializeBaseline(entries, toolVersion));
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}${text === '' ? '' : '.'}${String(key)}`),
    '',
  );
}

/** Reads and validates a baseline file; throws `BaselineError` naming what is wrong. */
export function readBaseline(path: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BaselineError(
        `baseline ${path} does not exist; create it with \`authboundary baseline create\` (or pass --baseline FILE)`,
        { cause: error },
      );
    }
    throw new BaselineError(`cannot read baseline ${path}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new BaselineError(
      `baseline ${path} is not valid JSON (${(error as Error).message}); restore it from version control or recreate it with \`authboundary baseline create\` after deleting it`,
      { cause: error },
    );
  }
  const result = baselineFileSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 10)
      .map((issue) => `  ${issuePath(issue.path) || '(root)'}: ${issue.message}`);
    const more = result.error.issues.length > 10 ? [`  … and ${result.error.issues.length - 10} more`] : [];
    throw new BaselineError(`${path} is not an authboundary baseline file:\n${[...problems, ...more].join('\n')}`);
  }
  const seen = new Set<string>();
  for (const [index, entry] of result.data.findings.entries()) {
    if (seen.has(entry.fingerprint))
      throw new BaselineError(
        `${path} is not an authboundary baseline file:\n  findings[${index}].fingerprint: ${entry.fingerprint} is listed twice`,
      );
    seen.add(entry.fingerprint);
  }
  return result.data;
}

/** The published JSON Schema of the baseline file (`baseline.schema.json`). */
export function baselineJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(baselineFileSchema, { io: 'output' }),
    $id: BASELINE_SCHEMA_URL,
    title: 'authboundary baseline',
  };
}
