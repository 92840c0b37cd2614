import { ConfigError, projectRuleCatalogue, resolveConfig } from '@authboundary/rules';
import { enabledRules } from '../extract/file-result.js';
import { assignOwners, loadConfiguredOwners } from '../owners/assign-owners.js';
import { runProjectRules } from '../project/run-project-rules.js';
import { createReport, reportSchema, type ScanReport } from '../report/report.js';
import { TOOL_VERSION as toolVersion } from '../version.js';
import { UsageError } from '../usage-error.js';

/** A shard report as read from a file, with its name for messages. */
export interface ShardInput {
  readonly name: string;
  readonly data: unknown;
}

/**
 * Combines the JSON reports of `scan --shard 1/n … n/n` into the report a single run produces:
 * per-file findings and unscanned files are united, and the project-wide rules run over the
 * facts every shard carries. Every shard of one split must be there, exactly once, from the same
 * tool version and configuration; otherwise a `UsageError` names what is wrong.
 */
export function mergeShardReports(inputs: readonly ShardInput[]): ScanReport {
  if (inputs.length === 0)
    throw new UsageError('merge needs the JSON reports of every shard (authboundary scan --shard i/n --format json)');
  const parts = inputs.map(({ name, data }) => {
    const parsed = reportSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(
        `${name} is not an authboundary JSON report: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
    }
    if (parsed.data.shard === undefined)
      throw new UsageError(
        `${name} is not a shard report (it has no "shard"); write one with authboundary scan --shard i/n --format json`,
      );
    return { name, report: parsed.data, shard: parsed.data.shard };
  });
  const first = parts[0]!;
  for (const part of parts) {
    if (part.shard.toolVersion !== toolVersion)
      throw new UsageError(
        `${part.name} was written by authboundary ${part.shard.toolVersion}; this is ${toolVersion}: rescan with one version`,
      );
    if (part.shard.configHash !== first.shard.configHash)
      throw new UsageError(
        `${part.name} was scanned with another configuration than ${first.name} (hash ${part.shard.configHash}, expected ${first.shard.configHash})`,
      );
    if (part.shard.count !== first.shard.count)
      throw new UsageError(
        `${part.name} is shard ${part.shard.index}/${part.shard.count}, but ${first.name} is one of ${first.shard.count}`,
      );
  }
  const count = first.shard.count;
  const seen = new Map<number, string>();
  for (const part of parts) {
    const earlier = seen.get(part.shard.index);
    if (earlier !== undefined)
      throw new UsageError(`shard ${part.shard.index}/${count} is given twice: ${earlier} and ${part.name}`);
    seen.set(part.shard.index, part.name);
  }
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !seen.has(index));
  if (missing.length > 0)
    throw new UsageError(
      `shard${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${count}`).join(', ')} missing: merge needs all ${count}`,
    );

  let config;
  try {
    config = resolveConfig(first.shard.config, first.report.root, `${first.name} (shard configuration)`);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(
        `${first.name}: its configuration is not valid for authboundary ${toolVersion}: ${error.message}`,
        { cause: error },
      );
    throw error;
  }
  const findings = parts.flatMap((part) => part.report.findings);
  const unscanned = parts.flatMap((part) => part.report.unscanned);
  const facts = parts.flatMap((part) => part.shard.facts);
  // Shard findings carry their owners already; the project-wide ones are found only here.
  const projectFindings = runProjectRules(config, enabledRules(projectRuleCatalogue, config), facts);
  findings.push(...assignOwners(projectFindings, loadConfiguredOwners(config), config.root));
  const filesScanned = parts.reduce((sum, part) => sum + part.report.summary.filesScanned, 0);
  return createReport(first.report.root, findings, unscanned, filesScanned);
}
