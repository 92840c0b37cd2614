import { styleText } from 'node:util';
import type { Finding } from '../report/report.js';
import type { Reporter } from './reporter.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Grouped by file like ESLint's stylish, then a summary line and the counts by rule. */
export const textReporter: Reporter = (report, { color }) => {
  const paint = (format: Parameters<typeof styleText>[0], text: string) => (color ? styleText(format, text) : text);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);

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
  if (report.unscanned.length > 0) {
    lines.push(paint('yellow', `Not scanned (${plural(report.unscanned.length, 'file')}):`));
    for (const file of report.unscanned) lines.push(`  ${file.file}: ${file.reason}`);
    lines.push('');
  }
  const { summary } = report;
  const scanned = `${plural(summary.filesScanned, 'file')} scanned${summary.filesUnscanned > 0 ? `, ${summary.filesUnscanned} not scanned` : ''}`;
  if (summary.total === 0) {
    lines.push(paint('green', `✔ no problems (${scanned})`));
  } else {
    lines.push(paint(summary.errors > 0 ? 'red' : 'yellow', `✖ ${plural(summary.total, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}) in ${plural(byFile.size, 'file')}; ${scanned}`));
    lines.push(`  by rule: ${Object.entries(summary.byRule).map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
    lines.push(`  by module: ${Object.entries(summary.byModule).map(([module, count]) => `${module} ${count}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
};
