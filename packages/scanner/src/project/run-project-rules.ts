import { type FileContext, type FileFacts, type ResolvedConfig } from '@authboundary/rules';
import type { EnabledProjectRule, FileFactsByRule } from '../extract/extract-file.js';
// The fingerprint module itself, not the folder's index: that loads the compiler, which a warm scan does not need.
import { fingerprintOf, snippetOf } from '../fingerprint/fingerprint-of.js';
import { findingOf, messageOf } from '../report/finding-of.js';
import type { Finding } from '../report/report.js';

/** The scope of a project-wide finding: it is about the module graph, not one enclosing symbol. */
export const PROJECT_SCOPE = '<project>';

/** JSON with sorted keys: the message data, position-free, as the fingerprint's matched text. */
function canonicalData(data: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** One scanned file's project-rule facts and module resolutions (what a shard report carries). */
export interface FileFactsRecord {
  readonly path: string;
  readonly facts: FileFactsByRule;
  /** Specifier → the scanned file it resolves to (see `ProjectModuleResolver`); unresolved ones are absent. */
  readonly resolutions?: Readonly<Record<string, string>>;
}

/**
 * Runs every enabled project rule's `analyze` over the facts of all files (sorted by path, so the
 * result does not depend on how files were split between workers or shards).
 */
export function runProjectRules(
  config: ResolvedConfig,
  rules: readonly EnabledProjectRule[],
  records: readonly FileFactsRecord[],
): Finding[] {
  const sorted = [...records].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const contexts = new Map<string, FileContext>();
  for (const record of sorted) {
    const file = config.classify(record.path);
    if (file !== null) contexts.set(record.path, file);
  }
  const resolutions = new Map(sorted.map((record) => [record.path, record.resolutions]));
  // Resolutions were made when the files were scanned (in each shard for its own files), so a
  // merge resolves exactly as a single run without reading any tsconfig again.
  const resolveModule = (fromPath: string, specifier: string): string | null => {
    const byFile = resolutions.get(fromPath);
    return byFile !== undefined && Object.hasOwn(byFile, specifier) ? byFile[specifier]! : null;
  };
  const occurrences = new Map<string, number>();
  return rules.flatMap(({ rule, severity, options }) => {
    const files: FileFacts<unknown>[] = sorted.flatMap((record) =>
      rule.id in record.facts && contexts.has(record.path)
        ? [{ file: contexts.get(record.path)!, facts: record.facts[rule.id] }]
        : [],
    );
    return rule.analyze(files, { config, options, resolveModule }).map((detection): Finding => {
      const source = {
        rule,
        severity,
        messageId: detection.messageId,
        data: detection.data,
        file: detection.file,
        range: detection.range,
        context: contexts.get(detection.file) ?? config.classify(detection.file),
      };
      const message = messageOf(source);
      // Fingerprint from what the finding says (rule, file, message data), never its position, so
      // moving code keeps it; the occurrence index separates identical findings in one file.
      const text = `${detection.messageId}:${canonicalData(detection.data)}`;
      const key = [rule.id, detection.file, text].join('\u0000');
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      const fingerprint = fingerprintOf({
        rule: rule.id,
        file: detection.file,
        scope: PROJECT_SCOPE,
        text,
        occurrence,
      });
      return findingOf(source, { fingerprint, scope: PROJECT_SCOPE, snippet: snippetOf(message) }, message);
    });
  });
}
