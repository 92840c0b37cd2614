import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** One expected finding: `// expect: rule-id(messageId)` on the finding's line. */
export interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly messageId: string | undefined;
}

const ANNOTATION = /\/\/\s*expect:\s*(.+)$/;
const ENTRY = /^([a-z0-9-]+)(?:\(([A-Za-z0-9]+)\))?$/;

/** Every source file below a directory (node_modules excluded), relative, forward slashes. */
export function sourceFilesUnder(directory: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?[jt]sx?$/.test(entry.name)) files.push(relative(directory, path).split(sep).join('/'));
    }
  };
  walk(directory);
  return files.sort();
}

/** Parses the inline annotations of every source file below `directory`. Throws on malformed ones. */
export function expectedFindingsIn(directory: string): ExpectedFinding[] {
  const expected: ExpectedFinding[] = [];
  for (const file of sourceFilesUnder(directory)) {
    readFileSync(join(directory, file), 'utf8')
      .split('\n')
      .forEach((text, index) => {
        const annotation = ANNOTATION.exec(text);
        if (!annotation) return;
        for (const entry of annotation[1]!.split(',').map((part) => part.trim())) {
          const match = ENTRY.exec(entry);
          if (!match)
            throw new Error(
              `${file}:${index + 1}: malformed annotation "${entry}" (expected rule-id or rule-id(messageId))`,
            );
          expected.push({ file, line: index + 1, rule: match[1]!, messageId: match[2] });
        }
      });
  }
  return expected;
}

/** A sortable key of a finding, with or without its message id. */
export function findingKey(
  finding: { file: string; line: number; rule: string; messageId?: string | undefined },
  withMessageId = true,
): string {
  return `${finding.file}:${String(finding.line).padStart(5, '0')} ${finding.rule}${withMessageId && finding.messageId ? `(${finding.messageId})` : ''}`;
}
