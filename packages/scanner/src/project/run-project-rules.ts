import { formatMessage, type FileContext, type FileFacts, type ResolvedConfig } from '@authboundary/rules';
import type { EnabledProjectRule, FileFactsByRule } from '../extract/extract-file.js';
import type { Finding } from '../report/report.js';

/** One scanned file's project-rule facts (what a cache entry and a shard report carry). */
export interface FileFactsRecord {
  readonly path: string;
  readonly facts: FileFactsByRule;
}

/**
 * Runs every enabled project rule's `analyze` over the facts of all files (sorted by path, so the
 * result does not depend on how files were split between workers or shards).
 */
export function runProjectRules(config: ResolvedConfig, rules: readonly EnabledProjectRule[], records: readonly FileFactsRecord[]): Finding[] {
  const sorted = [...records].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const contexts = new Map<string, FileContext>();
  for (const record of sorted) {
    const file = config.classify(record.path);
    if (file !== null) contexts.set(record.path, file);
  }
  return rules.flatMap(({ rule, severity, options }) => {
    const files: FileFacts<unknown>[] = sorted.flatMap((record) => (rule.id in record.facts && contexts.has(record.path) ? [{ file: contexts.get(record.path)!, facts: record.facts[rule.id] }] : []));
    return rule.analyze(files, { config, options }).map((detection): Finding => {
      const file = contexts.get(detection.file) ?? config.classify(detection.file);
      return {
        rule: rule.id,
        messageId: detection.messageId,
        severity,
        file: detection.file,
        ...detection.range,
        message: formatMessage(rule.meta.messages[detection.messageId]!, detection.data),
        layer: file?.layer ?? 'unassigned',
        module: file?.module ?? null,
      };
    });
  });
}
