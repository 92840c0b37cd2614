import { UNOWNED, type Finding } from '../report/report.js';
import { DEFAULT_PRUNE_COMMAND, findingsToActOn, plural } from './comparison-view.js';
import type { Reporter } from './reporter.js';

/** Rows of a listing before "… and N more" (a step summary is capped at 1 MiB). */
export const MARKDOWN_ROWS = 50;
/** Rows of the "top files" and per-owner tables. */
export const MARKDOWN_TOP = 10;

/** A table cell: no line breaks, pipes escaped, markdown characters left alone. */
const cell = (text: string) => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
/** A code span; text with backticks gets a double-backtick fence, as CommonMark allows. */
const code = (text: string) => (text === '' ? '' : text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

function countsBy(findings: readonly Finding[], keys: (finding: Finding) => readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) for (const key of keys(finding)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Largest count first, then by name: a stable ranking. */
const ranked = (counts: Map<string, number>) => [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));

const ownersOf = (finding: Finding) => (finding.owners.length > 0 ? finding.owners : [UNOWNED]);

/**
 * A summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment: totals, new findings, fixed
 * baseline entries, the files with most findings, and counts by owner and rule.
 */
export const markdownReporter: Reporter = (report, { pruneCommand = DEFAULT_PRUNE_COMMAND }) => {
  const { summary, comparison } = report;
  const fresh = comparison === undefined ? [] : findingsToActOn(report);
  const lines: string[] = ['## authboundary', ''];

  const totals: string[][] = [['findings', String(summary.total)]];
  if (comparison !== undefined) {
    totals.push(['new (not in the baseline)', String(fresh.length)], ['known (in the baseline)', String(comparison.unchanged)], ['fixed (still listed in the baseline)', String(comparison.fixed.length)]);
    if (comparison.changedSince !== undefined) totals.push([`new in files not changed since ${code(comparison.changedSince.ref)}`, String(comparison.changedSince.newElsewhere)]);
  }
  totals.push(['errors', String(summary.errors)], ['warnings', String(summary.warnings)], ['files scanned', String(summary.filesScanned)]);
  if (summary.filesUnscanned > 0) totals.push(['files not scanned', String(summary.filesUnscanned)]);
  lines.push(...table(['', 'count'], totals), '');
  if (comparison?.changedSince !== undefined) lines.push(`Limited to the ${plural(comparison.changedSince.files.length, 'file')} changed since ${code(comparison.changedSince.ref)}.`, '');

  const listing = (findings: readonly Finding[]) => [
    ...table(
      ['file', 'rule', 'owners', 'message'],
      findings.slice(0, MARKDOWN_ROWS).map((finding) => [`${code(`${finding.file}:${finding.line}:${finding.column}`)}`, code(finding.rule), finding.owners.join(' '), finding.message]),
    ),
    ...(findings.length > MARKDOWN_ROWS ? ['', `… and ${findings.length - MARKDOWN_ROWS} more.`] : []),
    '',
  ];
  if (comparison !== undefined && fresh.length > 0) lines.push(`### New findings (${fresh.length})`, '', ...listing(fresh));
  if (comparison !== undefined && comparison.fixed.length > 0) {
    lines.push(`### Fixed (${comparison.fixed.length})`, '', `Still listed in ${code(comparison.baseline)}; remove them with ${code(pruneCommand)}.`, '');
    lines.push(...table(['file', 'rule', 'scope', 'snippet'], comparison.fixed.slice(0, MARKDOWN_ROWS).map((entry) => [code(entry.file), code(entry.rule), code(entry.scope), code(entry.snippet)])));
    if (comparison.fixed.length > MARKDOWN_ROWS) lines.push('', `… and ${comparison.fixed.length - MARKDOWN_ROWS} more.`);
    lines.push('');
  }
  if (comparison === undefined && report.findings.length > 0) lines.push('### Findings', '', ...listing(report.findings));

  if (report.findings.length > 0) {
    const newBy = (keys: (finding: Finding) => readonly string[]) => countsBy(fresh, keys);
    const byFile = countsBy(report.findings, (finding) => [finding.file]);
    const newByFile = newBy((finding) => [finding.file]);
    const withNew = comparison !== undefined;
    lines.push('### Top files', '', ...table(['file', 'findings', ...(withNew ? ['new'] : [])], ranked(byFile).slice(0, MARKDOWN_TOP).map(([file, count]) => [code(file), String(count), ...(withNew ? [String(newByFile.get(file) ?? 0)] : [])])), '');
    const newByOwner = newBy(ownersOf);
    // Without owners configured every finding is unowned: a table of "(unowned)" alone says nothing.
    if (report.findings.some((finding) => finding.owners.length > 0)) lines.push('### By owner', '', ...table(['owner', 'findings', ...(withNew ? ['new'] : [])], ranked(countsBy(report.findings, ownersOf)).map(([owner, count]) => [owner, String(count), ...(withNew ? [String(newByOwner.get(owner) ?? 0)] : [])])), '');
    const newByRule = newBy((finding) => [finding.rule]);
    lines.push('### By rule', '', ...table(['rule', 'findings', ...(withNew ? ['new'] : [])], ranked(countsBy(report.findings, (finding) => [finding.rule])).map(([rule, count]) => [code(rule), String(count), ...(withNew ? [String(newByRule.get(rule) ?? 0)] : [])])), '');
  }
  if (report.unscanned.length > 0) lines.push('### Not scanned', '', ...table(['file', 'reason'], report.unscanned.map((file) => [code(file.file), file.reason])), '');
  return `${lines.join('\n').trimEnd()}\n`;
};
