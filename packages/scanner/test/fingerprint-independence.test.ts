import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASELINE_FILE_NAME, scan, serializeBaseline, type Finding } from '@authboundary/scanner';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, runCli } from './project.js';
import { mobilityPlatform } from './support/fixture-repository.js';

/**
 * The property of issue 18.4: a finding's fingerprint never depends on text that belongs to another
 * finding. Over every finding F of the fixture, F's text is replaced by the smallest text that
 * still parses (what fixing it does: the literal, the call or the option goes), the project is
 * scanned again, and every other finding still there must keep its fingerprint.
 */

const work = mkdtempSync(join(tmpdir(), 'authboundary-independence-'));
const project = join(work, 'project');
const cacheLocation = join(work, 'cache');
let baseline: Finding[] = [];

beforeAll(async () => {
  cpSync(mobilityPlatform, project, { recursive: true, filter: (source) => !source.includes('/node_modules') });
  baseline = (await scan({ cwd: project, cacheLocation, concurrency: 1 })).report.findings;
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Offset of a 1-based line and UTF-16 column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

interface Located {
  readonly finding: Finding;
  readonly start: number;
  readonly end: number;
}

const locate = (finding: Finding, text: string): Located => ({
  finding,
  start: offsetOf(text, finding.line, finding.column),
  end: offsetOf(text, finding.endLine, finding.endColumn),
});

/** The first replacement of [start, end) that leaves the file free of syntax errors. */
function removalOf(text: string, path: string, start: number, end: number): string | undefined {
  for (const replacement of ['undefined', '""', 'x', '']) {
    const edited = text.slice(0, start) + replacement + text.slice(end);
    const sourceFile = ts.createSourceFile(
      path,
      edited,
      ts.ScriptTarget.Latest,
      false,
      path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    if ((sourceFile as ts.SourceFile & { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length === 0)
      return edited;
  }
  return undefined;
}

describe("removing the text of one finding leaves every other finding's fingerprint unchanged", () => {
  // Findings are listed by index so that each is its own test (a scan each).
  const indexes = Array.from({ length: 60 }, (_, index) => index);
  it.each(indexes)('finding #%i of the fixture', async (index) => {
    expect(baseline.length).toBe(indexes.length);
    const removed = baseline[index]!;
    const path = join(project, removed.file);
    const original = readFileSync(path, 'utf8');
    const target = locate(removed, original);
    const edited = removalOf(original, path, target.start, target.end);
    expect(edited, `no replacement of ${removed.file}:${removed.line}:${removed.column} parses`).toBeDefined();
    const delta = edited!.length - original.length;
    try {
      writeFileSync(path, edited!);
      const after = (await scan({ cwd: project, cacheLocation, concurrency: 1 })).report.findings;
      const afterIn = (file: string) => {
        const text = file === removed.file ? edited! : readFileSync(join(project, file), 'utf8');
        return after.filter((finding) => finding.file === file).map((finding) => locate(finding, text));
      };
      let compared = 0;
      for (const other of baseline) {
        if (other === removed) continue;
        let start: number;
        let end: number;
        if (other.file !== removed.file) {
          const text = readFileSync(join(project, other.file), 'utf8');
          ({ start, end } = locate(other, text));
        } else {
          const located = locate(other, original);
          if (located.end <= target.start) ({ start, end } = located);
          else if (located.start >= target.end)
            ({ start, end } = { start: located.start + delta, end: located.end + delta });
          else if (located.start <= target.start && target.end <= located.end)
            ({ start, end } = { start: located.start, end: located.end + delta });
          else continue; // inside the removed text: removed with it
          // Identical findings (same rule, scope and text) are told apart by their order alone.
          if (other.rule === removed.rule && other.scope === removed.scope && other.snippet === removed.snippet)
            continue;
        }
        const still = afterIn(other.file).find(
          (candidate) =>
            candidate.finding.rule === other.rule &&
            candidate.finding.messageId === other.messageId &&
            candidate.start === start &&
            candidate.end === end,
        );
        if (still === undefined) continue; // the edit ended this finding too (its subject went)
        expect(
          still.finding.fingerprint,
          `${other.rule} at ${other.file}:${other.line}:${other.column} (${other.snippet}) after removing ${removed.rule} at ${removed.line}:${removed.column} (${removed.snippet})`,
        ).toBe(other.fingerprint);
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    } finally {
      writeFileSync(path, original);
    }
  });
});

describe('a baseline written with fingerprint version 1', () => {
  /** The version-1 fingerprint of a baseline entry: its full normalized text (the snippet, when not shortened). */
  const version1 = (entry: { rule: string; file: string; scope: string; snippet: string }, occurrence: number) =>
    createHash('sha256')
      .update(['v1', entry.rule, entry.file, entry.scope, entry.snippet, String(occurrence)].join('\u0000'))
      .digest('hex')
      .slice(0, 32);

  it('still loads; `baseline update` re-baselines it one entry for one, as docs/ci.md says, and `check` passes again', async () => {
    const directory = createProject({
      'src/booking/verify.ts':
        "import { jwtVerify } from 'jose';\nexport const read = (claims: { sub: string }) => claims.sub;\nexport async function check(token: string, keys: any) {\n  return jwtVerify(token, keys, { issuer: 'https://issuer.example/' });\n}\n",
    });
    expect((await runCli(directory, 'baseline', 'create')).code).toBe(0);
    const path = join(directory, BASELINE_FILE_NAME);
    const current = JSON.parse(readFileSync(path, 'utf8')) as {
      findings: { fingerprint: string; rule: string; file: string; scope: string; snippet: string }[];
    };
    expect(current.findings.length).toBeGreaterThan(1);
    // The same findings as version 1 fingerprinted them (no snippet here is shortened, none repeats).
    const old = current.findings.map((entry) => ({ ...entry, fingerprint: version1(entry, 0) }));
    writeFileSync(path, serializeBaseline(old, '0.1.0'));
    const stale = await runCli(directory, 'check');
    expect(stale.code).toBe(1);
    expect((await runCli(directory, 'baseline', 'update')).code).toBe(0);
    const updated = JSON.parse(readFileSync(path, 'utf8')) as {
      findings: { fingerprint: string; rule: string; file: string; scope: string }[];
    };
    expect(updated.findings.map(({ rule, file, scope }) => [rule, file, scope])).toEqual(
      old.map(({ rule, file, scope }) => [rule, file, scope]),
    );
    expect((await runCli(directory, 'check')).code).toBe(0);
  });
});
