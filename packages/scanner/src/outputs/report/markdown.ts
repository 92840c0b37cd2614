import { countBy, countOf, ownersOf } from '../../report/finding-counts.js';
import type { Finding } from '../../report/report.js';
import { DEFAULT_PRUNE_COMMAND, findingsToActOn, plural } from './comparison-view.js';
import type { Reporter } from './reporter.js';

/** Rows of a listing before "… and N more" (a step summary is capped at 1 MiB). */
export const MARKDOWN_ROWS = 50;
/** Rows of the "top files" and per-owner tables. */
export const MARKDOWN_TOP = 10;

/**
 * Text that is shown as it is, whatever it holds (messages quote source code, file names come from
 * a fork): every character that could start inline markup in a table cell is backslash-escaped
 * (CommonMark allows it for any ASCII punctuation), so no backtick opens a code span, no `<` opens
 * HTML or an autolink, no `&` starts an entity, no `[`, `*`, `_`, `~` or `$` makes a link,
 * emphasis, strikethrough or math, and no `|` ends the cell; line breaks become spaces.
 */
const text = (value: string) => value.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]<>&|~$]/g, '\\$&');

/**
 * A code span around any text: the fence is one backtick longer than the longest run of backticks
 * inside, padded with spaces when the text starts or ends with a backtick (CommonMark's rule), so
 * the text cannot close it; inside it nothing is markup. In a table cell a `|` is written `\|`
 * (GitHub tables split cells before reading code spans, and render `\|` there as `|`).
 */
const code = (value: string, inTable = true) => {
  if (value === '') return '';
  const flat = value.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad =
    flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '')
      ? ' '
      : '';
  return `${fence}${pad}${inTable ? flat.replace(/\|/g, '\\|') : flat}${pad}${fence}`;
};

/** Cells are made by `text` or `code` (or are numbers): written as they are. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** Largest count first, then by name: a stable ranking. */
const ranked = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));

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
    totals.push(
      ['new (not in the baseline)', String(fresh.length)],
      ['known (in the baseline)', String(comparison.unchanged)],
      ['fixed (still listed in the baseline)', String(comparison.fixed.length)],
    );
    if (comparison.changedSince !== undefined)
      totals.push([
        `new in files not changed since ${code(comparison.changedSince.ref)}`,
        String(comparison.changedSince.newElsewhere),
      ]);
  }
  totals.push(
    ['errors', String(summary.errors)],
    ['warnings', String(summary.warnings)],
    ['files scanned', String(summary.filesScanned)],
  );
  if (summary.filesUnscanned > 0) totals.push(['files not scanned', String(summary.filesUnscanned)]);
  lines.push(...table(['', 'count'], totals), '');
  if (comparison?.changedSince !== undefined)
    lines.push(
      `Limited to the ${plural(comparison.changedSince.files.length, 'file')} changed since ${code(comparison.changedSince.ref, false)}.`,
      '',
    );

  const listing = (findings: readonly Finding[]) => [
    ...table(
      ['file', 'rule', 'owners', 'message'],
      findings
        .slice(0, MARKDOWN_ROWS)
        .map((finding) => [
          code(`${finding.file}:${finding.line}:${finding.column}`),
          code(finding.rule),
          text(finding.owners.join(' ')),
          text(finding.message),
        ]),
    ),
    ...(findings.length > MARKDOWN_ROWS ? ['', `… and ${findings.length - MARKDOWN_ROWS} more.`] : []),
    '',
  ];
  if (comparison !== undefined && fresh.length > 0)
    lines.push(`### New findings (${fresh.length})`, '', ...listing(fresh));
  if (comparison !== undefined && comparison.fixed.length > 0) {
    lines.push(
      `### Fixed (${comparison.fixed.length})`,
      '',
      `Still listed in ${code(comparison.baseline, false)}; remove them with ${code(pruneCommand, false)}.`,
      '',
    );
    lines.push(
      ...table(
        ['file', 'rule', 'scope', 'snippet'],
        comparison.fixed
          .slice(0, MARKDOWN_ROWS)
          .map((entry) => [code(entry.file), code(entry.rule), code(entry.scope), code(entry.snippet)]),
      ),
    );
    if (comparison.fixed.length > MARKDOWN_ROWS)
      lines.push('', `… and ${comparison.fixed.length - MARKDOWN_ROWS} more.`);
    lines.push('');
  }
  if (comparison === undefined && report.findings.length > 0)
    lines.push('### Findings', '', ...listing(report.findings));

  if (report.findings.length > 0) {
    // The counts over every finding are the report's summary; only the files and the new findings are counted here.
    const newBy = (keys: (finding: Finding) => string | readonly string[]) => countBy(fresh, keys);
    const byFile = countBy(report.findings, (finding) => finding.file);
    const newByFile = newBy((finding) => finding.file);
    const withNew = comparison !== undefined;
    lines.push(
      '### Top files',
      '',
      ...table(
        ['file', 'findings', ...(withNew ? ['new'] : [])],
        ranked(byFile)
          .slice(0, MARKDOWN_TOP)
          .map(([file, count]) => [code(file), String(count), ...(withNew ? [String(countOf(newByFile, file))] : [])]),
      ),
      '',
    );
    const newByOwner = newBy(ownersOf);
    // Without owners configured every finding is unowned: a table of "(unowned)" alone says nothing.
    if (report.findings.some((finding) => finding.owners.length > 0))
      lines.push(
        '### By owner',
        '',
        ...table(
          ['owner', 'findings', ...(withNew ? ['new'] : [])],
          ranked(summary.byOwner).map(([owner, count]) => [
            text(owner),
            String(count),
            ...(withNew ? [String(countOf(newByOwner, owner))] : []),
          ]),
        ),
        '',
      );
    const newByRule = newBy((finding) => finding.rule);
    lines.push(
      '### By rule',
      '',
      ...table(
        ['rule', 'findings', ...(withNew ? ['new'] : [])],
        ranked(summary.byRule).map(([rule, count]) => [
          code(rule),
          String(count),
          ...(withNew ? [String(countOf(newByRule, rule))] : []),
        ]),
      ),
      '',
    );
  }
  if (report.unscanned.length > 0)
    lines.push(
      '### Not scanned',
      '',
      ...table(
        ['file', 'reason'],
        report.unscanned.map((file) => [code(file.file), text(file.reason)]),
      ),
      '',
    );
  return `${lines.join('\n').trimEnd()}\n`;
};
