import { pathToFileURL } from 'node:url';
import { docsUrlOf, projectRuleCatalogue, ruleCatalogue } from '@authboundary/rules';
import type * as Sarif from 'sarif';
// fingerprint-of.js, not the index: the index loads the compiler, which a reporter never needs.
import { FINGERPRINT_VERSION } from '../../fingerprint/fingerprint-of.js';
import type { Finding } from '../../report/report.js';
import { TOOL_VERSION } from '../../version.js';
import type { Reporter } from './reporter.js';

export const SARIF_SCHEMA_URL = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The `partialFingerprints` key: code hosts match results across runs by it. */
export const SARIF_FINGERPRINT_KEY = `authboundaryFingerprint/v${FINGERPRINT_VERSION}`;
/** Relative artifact URIs are resolved against this base: the configuration directory. */
export const SARIF_SOURCE_ROOT = '%SRCROOT%';

const levelOf = (severity: Finding['severity']): Sarif.ReportingConfiguration.level =>
  severity === 'error' ? 'error' : 'warning';

/** Percent-encodes each path segment: an artifact location is a URI reference, not a file path. */
const uriOf = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** Every shipped rule, per-file then project-wide, with its documentation page as help. */
function sarifRules(): Sarif.ReportingDescriptor[] {
  const perFile = ruleCatalogue.map((rule) => ({ rule, scope: 'per-file' }));
  const projectWide = projectRuleCatalogue.map((rule) => ({ rule, scope: 'project-wide' }));
  return [...perFile, ...projectWide].map(({ rule, scope }) => ({
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: rule.meta.description },
    help: {
      text: `${rule.meta.description} What to do instead and examples: ${docsUrlOf(rule.id)}`,
      markdown: `${rule.meta.description}\n\nWhat to do instead, options and examples: [${rule.id}](${docsUrlOf(rule.id)})`,
    },
    helpUri: docsUrlOf(rule.id),
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['authboundary', rule.meta.type, scope], preset: rule.meta.preset },
  }));
}

/**
 * SARIF 2.1.0 for code scanning: one run, every rule with help text and URI, results with
 * `partialFingerprints` (the finding's fingerprint) and locations relative to the configuration
 * directory (`%SRCROOT%`). Compared with a baseline, results carry `baselineState`.
 */
export const sarifReporter: Reporter = (report) => {
  const rules = sarifRules();
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const fresh = report.comparison === undefined ? undefined : new Set(report.comparison.new);
  const results = report.findings.map((finding): Sarif.Result => ({
    ruleId: finding.rule,
    ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule)! } : {}),
    level: levelOf(finding.severity),
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(finding.file), uriBaseId: SARIF_SOURCE_ROOT },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
        ...(finding.scope === '<module>' ? {} : { logicalLocations: [{ fullyQualifiedName: finding.scope }] }),
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    ...(fresh === undefined
      ? {}
      : { baselineState: fresh.has(finding.fingerprint) ? ('new' as const) : ('unchanged' as const) }),
    properties: {
      messageId: finding.messageId,
      layer: finding.layer,
      module: finding.module,
      owners: finding.owners,
      scope: finding.scope,
    },
  }));
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URL,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'authboundary',
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: 'https://github.com/authboundary/authboundary',
            rules,
          },
        },
        originalUriBaseIds: {
          [SARIF_SOURCE_ROOT]: {
            uri: pathToFileURL(`${report.root}/`).href,
            description: { text: 'The directory holding authboundary.config.json.' },
          },
        },
        results,
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.unscanned.map((file) => ({
              level: 'error' as const,
              message: { text: `not scanned: ${file.reason}` },
              locations: [
                { physicalLocation: { artifactLocation: { uri: uriOf(file.file), uriBaseId: SARIF_SOURCE_ROOT } } },
              ],
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
