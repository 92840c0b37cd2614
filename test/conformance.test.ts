import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import plugin from '@authboundary/eslint-plugin';
import { ruleCatalogue } from '@authboundary/rules';
import { scan } from '@authboundary/scanner';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import typescript from 'typescript';
import { describe, expect, it } from 'vitest';

const fixturesDirectory = join(import.meta.dirname, '..', 'fixtures');
const fixtures = readdirSync(fixturesDirectory).filter((name) =>
  existsSync(join(fixturesDirectory, name, 'authboundary.config.json')),
);

interface Position {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  message: string;
}

const sortKey = (p: Position) =>
  `${p.file}\u0000${String(p.line).padStart(6, '0')}\u0000${String(p.column).padStart(6, '0')}\u0000${p.rule}\u0000${p.message}`;

async function eslintFindings(directory: string, Host: typeof ESLint | typeof ESLint9): Promise<Position[]> {
  const eslint = new Host({
    cwd: directory,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
      {
        ...plugin.configs.strict,
        rules: Object.fromEntries(ruleCatalogue.map((rule) => [`authboundary/${rule.id}`, 'error'])),
      },
    ] as Linter.Config[],
  });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((result) => {
    const fatal = result.messages.filter((message) => message.fatal);
    if (fatal.length > 0) throw new Error(`ESLint could not parse ${result.filePath}: ${fatal[0]!.message}`);
    return result.messages.map((message) => ({
      file: result.filePath
        .slice(directory.length + 1)
        .split('\\')
        .join('/'),
      line: message.line,
      column: message.column,
      endLine: message.endLine!,
      endColumn: message.endColumn!,
      rule: message.ruleId!.replace(/^authboundary\//, ''),
      message: message.message,
    }));
  });
}

it('both hosts parse with the same TypeScript release, so syntax kinds agree', () => {
  // The compiler the scanner requires (from packages/scanner/dist/compiler.cjs) and typescript-eslint's.
  const compilerOf = (path: string) => createRequire(path)('typescript') as typeof typescript;
  const scannerTs = compilerOf(join(import.meta.dirname, '..', 'packages', 'scanner', 'dist', 'compiler.cjs'));
  const parserTs = compilerOf(createRequire(import.meta.url).resolve('@typescript-eslint/parser'));
  expect(scannerTs.version).toBe(parserTs.version);
  expect(scannerTs.version).toBe(typescript.version);
});

const hosts = [
  ['ESLint 10', ESLint],
  ['ESLint 9', ESLint9],
] as const;

describe.each(fixtures)('fixtures/%s', (fixture) => {
  it.each(hosts)('%s and the scanner report identical findings for every per-file rule', async (_name, Host) => {
    const directory = join(fixturesDirectory, fixture);
    const { report } = await scan({ paths: [directory], cwd: directory, cache: false });
    // Project-wide rules are the scanner's alone: ESLint stays per-file.
    const perFileRules = new Set(ruleCatalogue.map((rule) => rule.id));
    const fromScanner: Position[] = report.findings
      .filter((finding) => perFileRules.has(finding.rule))
      .map(({ file, line, column, endLine, endColumn, rule, message }) => ({
        file,
        line,
        column,
        endLine,
        endColumn,
        rule,
        message,
      }));
    const fromEslint = await eslintFindings(directory, Host);
    expect(fromScanner.length).toBeGreaterThan(0);
    expect(fromEslint.sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      fromScanner.sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );
  });
});
