import { styleText } from 'node:util';
import type { Finding } from '../../report/report.js';
import { DEFAULT_PRUNE_COMMAND, findingsToActOn, plural } from './comparison-view.js';
import type { Reporter } from './reporter.js';

/**
 * Grouped by file like ESLint's stylish, then a summary line and the counts by rule. Compared with
 * a baseline, only the new findings are listed, then the fixed entries and how to prune them.
 */
export const textReporter: Reporter = (report, { color, pruneCommand = DEFAULT_PRUNE_COMMAND }) => {
  const paint = (format: Parameters<typeof styleText>[0], text: string) => (color ? styleText(format, text) : text);
  const lines: string[] = [];
  const listed = findingsToActOn(report);
  const byFile = new Map<string, Finding[]>();
  for (const finding of listed) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);

  const { comparison } = report;
  if (comparison !== undefined && listed.length > 0)
    lines.push(paint('bold', `New findings (not in ${comparison.baseline}):`), '');
  for (const [file, findings] of byFile) {
    lines.push(paint('underline', file));
    const positionWidth = Math.max(...findings.map((finding) => `${finding.line}:${finding.column}`.length));
    for (const finding of findings) {
      const position = `${finding.line}:${finding.column}`.padEnd(positionWidth);
      const severity = finding.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warn ');
      lines.push(`  ${paint('dim', position)}  ${severity}  ${finding.message}  ${paint('dim', finding.rule)}`);
    }
    lines.push('');
  }
  if (comparison !== undefined && comparison.fixed.length > 0) {
    lines.push(
      paint(
        'green',
        `Fixed, but still listed in ${comparison.baseline} (${plural(comparison.fixed.length, 'entry', 'entries')}):`,
      ),
    );
    for (const entry of comparison.fixed)
      lines.push(`  ${entry.file}  ${paint('dim', entry.rule)}  ${entry.scope}  ${paint('dim', entry.snippet)}`);
    lines.push(`Remove them from the baseline: ${paint('bold', pruneCommand)}`, '');
  }
  if (report.unscanned.length > 0) {
    lines.push(paint('yellow', `Not scanned (${plural(report.unscanned.length, 'file')}):`));
    for (const file of report.unscanned) lines.push(`  ${file.file}: ${file.reason}`);
    lines.push('');
  }
  const { summary } = report;
  const scanned = `${plural(summary.filesScanned, 'file')} scanned${summary.filesUnscanned > 0 ? `, ${summary.filesUnscanned} not scanned` : ''}`;
  if (comparison !== undefined) {
    const elsewhere =
      comparison.changedSince !== undefined && comparison.changedSince.newElsewhere > 0
        ? `; ${comparison.changedSince.newElsewhere} more new in files not changed since ${comparison.changedSince.ref}`
        : '';
    const counts = `${comparison.unchanged} known in the baseline, ${comparison.fixed.length} fixed${elsewhere}; ${scanned}`;
    if (listed.length === 0 && elsewhere !== '') lines.push(paint('red', `✖ no new findings listed (${counts})`));
    else if (listed.length === 0 && comparison.fixed.length > 0)
      lines.push(
        paint(
          'yellow',
          `! no new findings, ${plural(comparison.fixed.length, 'fixed finding')} to prune from the baseline (${counts})`,
        ),
      );
    else if (listed.length === 0) lines.push(paint('green', `✔ no new findings (${counts})`));
    else {
      const errors = listed.filter((finding) => finding.severity === 'error').length;
      lines.push(
        paint(
          errors > 0 ? 'red' : 'yellow',
          `✖ ${plural(listed.length, 'new finding')} (${plural(errors, 'error')}, ${plural(listed.length - errors, 'warning')}) in ${plural(byFile.size, 'file')}; ${counts}`,
        ),
      );
    }
  } else if (summary.total === 0) {
    lines.push(paint('green', `✔ no problems (${scanned})`));
  } else {
    lines.push(
      paint(
        summary.errors > 0 ? 'red' : 'yellow',
        `✖ ${plural(summary.total, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}) in ${plural(byFile.size, 'file')}; ${scanned}`,
      ),
    );
    lines.push(
      `  by rule: ${Object.entries(summary.byRule)
        .map(([rule, count]) => `${rule} ${count}`)
        .join(', ')}`,
    );
    lines.push(
      `  by module: ${Object.entries(summary.byModule)
        .map(([module, count]) => `${module} ${count}`)
        .join(', ')}`,
    );
    if (report.findings.some((finding) => finding.owners.length > 0))
      lines.push(
        `  by owner: ${Object.entries(summary.byOwner)
          .map(([owner, count]) => `${owner} ${count}`)
          .join(', ')}`,
      );
  }
  return `${lines.join('\n')}\n`;
};
