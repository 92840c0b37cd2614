import type { Finding } from '../../report/report.js';
import { DEFAULT_PRUNE_COMMAND, findingsToActOn, plural } from './comparison-view.js';
import type { Reporter } from './reporter.js';

/** GitHub shows at most 10 annotations of each kind (error, warning, notice) per step; the rest are dropped silently. */
export const ANNOTATIONS_PER_KIND = 10;

/** Escaping of workflow-command data and properties, as in @actions/core. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(
  kind: 'error' | 'warning' | 'notice',
  properties: Readonly<Record<string, string | number>>,
  message: string,
): string {
  const list = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${kind}${list === '' ? '' : ` ${list}`}::${escapeData(message)}`;
}

/**
 * Workflow commands that GitHub Actions turns into annotations on the pull request: the findings
 * to act on (the new ones when compared with a baseline), at most 10 errors and 10 warnings, the
 * rest as plain log lines and one notice that counts them.
 */
export const githubReporter: Reporter = (report, { repositoryPath = '', pruneCommand = DEFAULT_PRUNE_COMMAND }) => {
  const pathOf = (file: string) => (repositoryPath === '' ? file : `${repositoryPath.replace(/\/+$/, '')}/${file}`);
  const lines: string[] = [];
  const shown = { error: 0, warning: 0 };
  const notAnnotated: Finding[] = [];
  for (const finding of findingsToActOn(report)) {
    const kind = finding.severity === 'error' ? 'error' : 'warning';
    if (shown[kind] >= ANNOTATIONS_PER_KIND) {
      notAnnotated.push(finding);
      continue;
    }
    shown[kind] += 1;
    const title = `authboundary ${finding.rule}${report.comparison === undefined ? '' : ' (new)'}`;
    lines.push(
      command(
        kind,
        {
          file: pathOf(finding.file),
          line: finding.line,
          endLine: finding.endLine,
          col: finding.column,
          endColumn: finding.endColumn,
          title,
        },
        finding.message,
      ),
    );
  }
  for (const finding of notAnnotated)
    lines.push(
      `${pathOf(finding.file)}:${finding.line}:${finding.column}: ${finding.severity} ${finding.message} (${finding.rule})`,
    );
  const notices: string[] = [];
  if (notAnnotated.length > 0) {
    notices.push(
      `${plural(notAnnotated.length, 'more finding')} not annotated (GitHub shows ${ANNOTATIONS_PER_KIND} annotations of each kind per step); they are listed in this step's log`,
    );
  }
  const { comparison } = report;
  if (comparison !== undefined && comparison.fixed.length > 0) {
    notices.push(
      `${plural(comparison.fixed.length, 'baseline entry', 'baseline entries')} fixed but still listed in ${comparison.baseline}; remove them with \`${pruneCommand}\``,
    );
  }
  if (comparison?.changedSince !== undefined && comparison.changedSince.newElsewhere > 0) {
    notices.push(
      `${plural(comparison.changedSince.newElsewhere, 'new finding')} in files not changed since ${comparison.changedSince.ref}; run without --changed-since to see them`,
    );
  }
  for (const file of report.unscanned) {
    if (shown.error < ANNOTATIONS_PER_KIND) {
      shown.error += 1;
      lines.push(command('error', { file: pathOf(file.file), title: 'authboundary: not scanned' }, file.reason));
    } else {
      lines.push(`${pathOf(file.file)}: not scanned: ${file.reason}`);
    }
  }
  if (notices.length > 0) lines.push(command('notice', { title: 'authboundary' }, notices.join('\n')));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
