import { z } from 'zod';
import { moduleOf, ownerLabelOf, ownersOf } from '../report/finding-counts.js';
import type { Finding, UnscannedFile } from '../report/report.js';
import { publishedSchemaUrl } from '../schema-url.js';
import type { SurfaceEntry } from './surface-entry.js';

export const MAP_VERSION = 1;

/** Site kinds in the order the map lists them. */
export const SITE_KINDS = [
  'verification',
  'authorization',
  'provider-sdk',
  'provider-call',
  'bff-handler',
  'machine-credential',
] as const;

export const SITE_KIND_TITLES: Readonly<Record<(typeof SITE_KINDS)[number], string>> = {
  verification: 'Token verification',
  authorization: 'Authorization decisions',
  'provider-sdk': 'Provider SDK imports',
  'provider-call': 'Provider calls',
  'bff-handler': 'BFF handlers',
  'machine-credential': 'Machine credentials',
};

const detailValue = z.union([z.string(), z.boolean(), z.array(z.string())]);

export const mapEntrySchema = z
  .object({
    kind: z.enum(SITE_KINDS).describe('What happens here.'),
    file: z.string().describe('Path relative to the configuration directory, with forward slashes.'),
    line: z.number().int().min(1).describe('1-based line where the site starts.'),
    column: z.number().int().min(1).describe('1-based column where the site starts.'),
    endLine: z.number().int().min(1).describe('1-based line where the site ends.'),
    endColumn: z.number().int().min(1).describe('1-based column just after the site.'),
    scope: z.string().describe('Enclosing named functions and classes, outermost first (`<module>` at the top level).'),
    layer: z.string().describe('Layer of the file: auth, bff, domain or unassigned.'),
    module: z
      .string()
      .nullable()
      .describe('Domain module of the file (the layer name for auth and bff files), or null.'),
    owners: z.array(z.string()).describe('CODEOWNERS owners of the file.'),
    detail: z
      .record(z.string(), detailValue)
      .describe(
        'Facts of the site, by kind. verification: call, library, mode, perRequest, instrumented, and when literal keys, keySetCreated, issuers, algorithms. authorization: call, engine, instrumented. provider-sdk: provider, module, typeOnly. provider-call: provider, call, purpose, perRequest. bff-handler: handler, kind. machine-credential: call, headers, credentials (env:NAME or literal; never a value), clientCredentialsGrant.',
      ),
    composes: z.array(z.string()).optional().describe('BFF handlers: the domain modules their file imports.'),
    violations: z.array(z.string()).describe('Rules with a finding on this site (its lines in this file), sorted.'),
    observed: z
      .boolean()
      .optional()
      .describe('With `map --observed`: whether a span recorded at run time came from this site.'),
  })
  .describe('One site of the identity surface.');
export type MapEntry = z.infer<typeof mapEntrySchema>;

const decisionCountsSchema = z.object({
  total: z.number().int().min(0).describe('Decision sites: token verifications and authorization decisions.'),
  instrumented: z.number().int().min(0).describe('Decision sites made through the `@authboundary/telemetry` wrappers.'),
});

export const observedSpanSchema = z.object({
  name: z.string().describe('Span name.'),
  file: z
    .string()
    .describe('`code.file.path` of the span, relative to the configuration directory when it lies under it.'),
  line: z.number().int().min(1).optional().describe('`code.line.number` of the span.'),
  function: z.string().optional().describe('`code.function.name` of the span.'),
  count: z.number().int().min(1).describe('Spans recorded from this place.'),
});

export const identityMapSchema = z
  .object({
    version: z.literal(MAP_VERSION).describe('Version of this format; a change that breaks readers increments it.'),
    root: z.string().describe('Absolute path of the configuration directory.'),
    summary: z
      .object({
        byKind: z.record(z.string(), z.number().int().min(0)).describe('Sites per kind.'),
        decisions: decisionCountsSchema.describe('Instrumentation coverage over every decision site.'),
        decisionsByModule: z
          .record(z.string(), decisionCountsSchema)
          .describe('Coverage per module (`(none)` for files of no module).'),
        decisionsByOwner: z
          .record(z.string(), decisionCountsSchema)
          .describe('Coverage per owner (`(unowned)` when CODEOWNERS names none).'),
        violations: z.number().int().min(0).describe('Sites with at least one finding.'),
        findingsOnNoSite: z
          .number()
          .int()
          .min(0)
          .describe(
            'Findings on lines of no site (identifiers, claims and names the rules report; `scan` lists them).',
          ),
      })
      .describe('Counts over `entries`.'),
    entries: z.array(mapEntrySchema).describe('Every site, by file and position.'),
    unscanned: z
      .array(
        z.object({
          file: z.string().describe('Path relative to the configuration directory.'),
          reason: z.string().describe('Why it could not be scanned.'),
        }),
      )
      .describe('Selected files that could not be read or parsed: their sites are missing from the map.'),
    observed: z
      .object({
        spans: z.number().int().min(0).describe('Spans read from the file.'),
        sitesObserved: z.number().int().min(0).describe('Decision sites a span came from.'),
        unmapped: z
          .array(observedSpanSchema)
          .describe('Places spans came from that the static map does not know, most frequent first.'),
      })
      .optional()
      .describe('With `map --observed FILE`: the spans exported by `@authboundary/telemetry` joined to the map.'),
  })
  .describe('The result of `authboundary map --format json`: the identity surface of a platform.');
export type IdentityMap = z.infer<typeof identityMapSchema>;

export const isDecisionSite = (entry: Pick<MapEntry, 'kind'>): boolean =>
  entry.kind === 'verification' || entry.kind === 'authorization';

/** The rule whose findings are authorization decided on identity-provider attributes. */
const ATTRIBUTE_RULE = 'no-authz-from-idp-attributes';
/** A snippet on one line, at most 120 characters. */
const oneLine = (text: string | undefined) => {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
};

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Decision coverage counted by a key of each decision site. */
export function decisionCountsBy(
  entries: readonly MapEntry[],
  keys: (entry: MapEntry) => readonly string[],
): Record<string, { total: number; instrumented: number }> {
  const counts: Record<string, { total: number; instrumented: number }> = {};
  for (const entry of entries) {
    if (!isDecisionSite(entry)) continue;
    for (const key of keys(entry)) {
      const count = (counts[key] ??= { total: 0, instrumented: 0 });
      count.total += 1;
      if (entry.detail['instrumented'] === true) count.instrumented += 1;
    }
  }
  return sortedRecord(counts);
}

/** Whether two ranges share a line. */
const overlaps = (a: { line: number; endLine: number }, b: { line: number; endLine: number }) =>
  a.line <= b.endLine && a.endLine >= b.line;

/** Items grouped by their file, in their order. */
function byFile<T extends { readonly file: string }>(items: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) {
    const list = grouped.get(item.file);
    if (list === undefined) grouped.set(item.file, [item]);
    else list.push(item);
  }
  return grouped;
}

/** The rules with a finding on a site: a finding of the same file whose lines overlap the site's. */
function violationsOf(entry: SurfaceEntry, findingsByFile: ReadonlyMap<string, readonly Finding[]>): string[] {
  const rules = new Set<string>();
  for (const finding of findingsByFile.get(entry.file) ?? []) {
    if (finding.line <= entry.endLine && finding.endLine >= entry.line) rules.add(finding.rule);
  }
  return [...rules].sort();
}

/** The identity map of a scan: its sites with the rules that report them, counted. */
export function buildIdentityMap(
  root: string,
  sites: readonly SurfaceEntry[],
  findings: readonly Finding[],
  unscanned: readonly UnscannedFile[] = [],
): IdentityMap {
  const findingsByFile = byFile(findings);
  const sitesByFile = byFile(sites);
  // Authorization decided on the provider's attributes is a decision site too, where the rule sees one.
  const attributeDecisions: SurfaceEntry[] = findings
    .filter(
      (finding) =>
        finding.rule === ATTRIBUTE_RULE &&
        finding.messageId !== 'authzWrite' &&
        !(sitesByFile.get(finding.file) ?? []).some((site) => site.kind === 'authorization' && overlaps(site, finding)),
    )
    .map((finding) => ({
      kind: 'authorization',
      file: finding.file,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      scope: finding.scope,
      layer: finding.layer,
      module: finding.module,
      owners: finding.owners,
      detail: { call: oneLine(finding.snippet), engine: 'identity-provider attributes', instrumented: false },
    }));
  const entries: MapEntry[] = [...sites, ...attributeDecisions]
    .sort(
      (a, b) =>
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
        a.line - b.line ||
        a.column - b.column ||
        SITE_KINDS.indexOf(a.kind) - SITE_KINDS.indexOf(b.kind),
    )
    .map((site) => ({
      kind: site.kind,
      file: site.file,
      line: site.line,
      column: site.column,
      endLine: site.endLine,
      endColumn: site.endColumn,
      scope: site.scope,
      layer: site.layer,
      module: site.module,
      owners: [...site.owners],
      detail: { ...site.detail } as MapEntry['detail'],
      ...(site.composes !== undefined ? { composes: [...site.composes] } : {}),
      violations: violationsOf(site, findingsByFile),
    }));
  const entriesByFile = byFile(entries);
  const byKind: Record<string, number> = Object.fromEntries(SITE_KINDS.map((kind) => [kind, 0]));
  for (const entry of entries) byKind[entry.kind] = (byKind[entry.kind] ?? 0) + 1;
  const total = decisionCountsBy(entries, () => ['all'])['all'] ?? { total: 0, instrumented: 0 };
  return {
    version: MAP_VERSION,
    root,
    summary: {
      byKind,
      decisions: total,
      decisionsByModule: decisionCountsBy(entries, (entry) => [moduleOf(entry)]),
      decisionsByOwner: decisionCountsBy(entries, ownersOf),
      violations: entries.filter((entry) => entry.violations.length > 0).length,
      findingsOnNoSite: findings.filter(
        (finding) => !(entriesByFile.get(finding.file) ?? []).some((entry) => overlaps(entry, finding)),
      ).length,
    },
    entries,
    unscanned: unscanned.map(({ file, reason }) => ({ file, reason })),
  };
}

/** Instrumented share of decision sites, or null when there are none (nothing to cover). */
export function coverageOf(counts: { total: number; instrumented: number }): number | null {
  return counts.total === 0 ? null : counts.instrumented / counts.total;
}

/** The published JSON Schema of the map (`map.schema.json`). */
export function identityMapJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(identityMapSchema, { io: 'output' }),
    $id: publishedSchemaUrl('map.schema.json'),
    title: 'authboundary identity map',
  };
}

/** The decision sites of a scan and how many are instrumented (what history records and export counts). */
export function authDecisionCounts(
  root: string,
  sites: readonly SurfaceEntry[],
  findings: readonly Finding[],
): { total: number; instrumented: number } {
  return buildIdentityMap(root, sites, findings).summary.decisions;
}

/** One series of `authboundary.auth_decisions`: decision sites of a module and owner, instrumented or not. */
export interface AuthDecisionSeries {
  readonly module: string;
  /** Owners joined with commas (sorted), or `(unowned)`: each site counts in exactly one series. */
  readonly owner: string;
  readonly instrumented: boolean;
  readonly count: number;
}

/** The decision sites of a scan counted per module, owner and whether they are instrumented (what `export` sends). */
export function authDecisionSeries(
  root: string,
  sites: readonly SurfaceEntry[],
  findings: readonly Finding[],
): AuthDecisionSeries[] {
  const counts = new Map<string, AuthDecisionSeries>();
  for (const entry of buildIdentityMap(root, sites, findings).entries) {
    if (!isDecisionSite(entry)) continue;
    const series = {
      module: moduleOf(entry),
      owner: ownerLabelOf(entry),
      instrumented: entry.detail['instrumented'] === true,
    };
    const key = JSON.stringify(series);
    counts.set(key, { ...series, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, series]) => series);
}
