import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { UsageError } from '../usage-error.js';
import { isDecisionSite, type IdentityMap, type MapEntry } from './identity-map.js';

/** Where a span says it came from (OpenTelemetry `code.*` attributes; older names accepted). */
export interface SpanPlace {
  readonly name: string;
  readonly file: string;
  readonly line?: number;
  readonly function?: string;
}

interface OtlpAnyValue {
  readonly stringValue?: string;
  readonly intValue?: string | number;
  readonly doubleValue?: number;
}

interface OtlpSpan {
  readonly name?: unknown;
  readonly attributes?: readonly { readonly key?: unknown; readonly value?: OtlpAnyValue }[];
}

const FILE_KEYS = ['code.file.path', 'code.filepath'];
const LINE_KEYS = ['code.line.number', 'code.lineno'];
const FUNCTION_KEYS = ['code.function.name', 'code.function'];

function attributeOf(span: OtlpSpan, keys: readonly string[]): OtlpAnyValue | undefined {
  for (const key of keys) {
    const found = span.attributes?.find((attribute) => attribute.key === key)?.value;
    if (found !== undefined) return found;
  }
  return undefined;
}

function spansOf(request: unknown): OtlpSpan[] {
  const resourceSpans = (request as { resourceSpans?: unknown } | null)?.resourceSpans;
  if (!Array.isArray(resourceSpans)) return [];
  // Elements of a request's arrays may be anything, null included.
  return resourceSpans.flatMap((resource: { scopeSpans?: unknown; instrumentationLibrarySpans?: unknown } | null) => {
    const scopeSpans = resource?.scopeSpans;
    const legacySpans = resource?.instrumentationLibrarySpans;
    const scopes: unknown[] = Array.isArray(scopeSpans) ? scopeSpans : Array.isArray(legacySpans) ? legacySpans : [];
    return scopes.flatMap((scope) => {
      const spans = (scope as { spans?: unknown } | null)?.spans;
      return Array.isArray(spans) ? (spans as OtlpSpan[]) : [];
    });
  });
}

/**
 * The spans of an OTLP JSON file as the OpenTelemetry Collector's file exporter writes it (one
 * `ExportTraceServiceRequest` per line), or one such JSON document. Throws `UsageError` when the
 * file cannot be read or holds no OTLP trace data.
 */
export function readObservedSpans(path: string): { spans: number; places: SpanPlace[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--observed: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const documents: unknown[] = [];
  const trimmed = text.trim();
  try {
    documents.push(JSON.parse(trimmed));
  } catch {
    for (const [index, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      try {
        documents.push(JSON.parse(line));
      } catch {
        throw new UsageError(
          `--observed: ${path}:${index + 1} is not JSON; expected OTLP JSON trace data (the Collector's file exporter writes one ExportTraceServiceRequest per line)`,
        );
      }
    }
  }
  if (!documents.some((document) => Array.isArray((document as { resourceSpans?: unknown } | null)?.resourceSpans))) {
    throw new UsageError(`--observed: ${path} holds no OTLP trace data (no "resourceSpans")`);
  }
  const spans = documents.flatMap(spansOf);
  const places: SpanPlace[] = [];
  for (const span of spans) {
    const file = attributeOf(span, FILE_KEYS)?.stringValue;
    if (file === undefined) continue;
    const lineValue = attributeOf(span, LINE_KEYS);
    const line = Number(lineValue?.intValue ?? lineValue?.doubleValue);
    const fn = attributeOf(span, FUNCTION_KEYS)?.stringValue;
    places.push({
      name: typeof span.name === 'string' ? span.name : '(unnamed)',
      file,
      ...(Number.isInteger(line) && line > 0 ? { line } : {}),
      ...(fn !== undefined ? { function: fn } : {}),
    });
  }
  return { spans: spans.length, places };
}

/** A span's file as the map names files: relative to the configuration directory, forward slashes. */
function mapPathOf(root: string, file: string): string {
  const normalized = file.startsWith('file://') ? new URL(file).pathname : file;
  const path = isAbsolute(normalized) ? relative(root, normalized) : normalized;
  return path.split(sep).join('/').replace(/^\.\//, '');
}

/** The decision site a span came from: same file, its line within the site's lines (else the same enclosing function). */
function siteOf(entries: readonly MapEntry[], place: SpanPlace): MapEntry | undefined {
  if (place.line !== undefined) {
    const onLine = entries.find((entry) => entry.line <= place.line! && place.line! <= entry.endLine);
    if (onLine !== undefined) return onLine;
  }
  if (place.function === undefined) return undefined;
  const candidates = entries.filter((entry) => entry.scope.split('.').at(-1) === place.function);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The map with each decision site marked observed or not, and the places spans came from that it does not know. */
export function joinObserved(map: IdentityMap, observed: { spans: number; places: readonly SpanPlace[] }): IdentityMap {
  const decisionsByFile = new Map<string, MapEntry[]>();
  for (const entry of map.entries)
    if (isDecisionSite(entry)) decisionsByFile.set(entry.file, [...(decisionsByFile.get(entry.file) ?? []), entry]);
  const seen = new Set<MapEntry>();
  const unmapped = new Map<string, { name: string; file: string; line?: number; function?: string; count: number }>();
  /**
   * The map's file a span names: the same path relative to the configuration directory, else the
   * longest map path the span's path ends with — services record paths relative to their own
   * working directory, or absolute inside a container (`/app/src/server.js`).
   */
  const files = [...decisionsByFile.keys()].sort((a, b) => b.length - a.length);
  const fileOf = (path: string) =>
    decisionsByFile.has(path) ? path : (files.find((file) => path.endsWith(`/${file}`)) ?? path);
  for (const place of observed.places) {
    const file = fileOf(mapPathOf(map.root, place.file));
    const site = siteOf(decisionsByFile.get(file) ?? [], place);
    if (site !== undefined) {
      seen.add(site);
      continue;
    }
    const key = `${file}\u0000${place.line ?? ''}\u0000${place.name}`;
    const known = unmapped.get(key);
    if (known !== undefined) known.count += 1;
    else
      unmapped.set(key, {
        name: place.name,
        file,
        ...(place.line !== undefined ? { line: place.line } : {}),
        ...(place.function !== undefined ? { function: place.function } : {}),
        count: 1,
      });
  }
  const entries = map.entries.map((entry) => (isDecisionSite(entry) ? { ...entry, observed: seen.has(entry) } : entry));
  return {
    ...map,
    entries,
    observed: {
      spans: observed.spans,
      sitesObserved: seen.size,
      unmapped: [...unmapped.values()].sort(
        (a, b) =>
          b.count - a.count || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0),
      ),
    },
  };
}
