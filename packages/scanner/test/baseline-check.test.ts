import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASELINE_FILE_NAME, readBaseline, scan } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { createProject, runCli, writeProjectFiles } from './project.js';

const BOOKING = 'src/booking/booking.service.ts';
const PAYMENT = 'src/payment/payment.service.ts';

const booking = `export class BookingService {
  request(claims: { sub: string }) {
    return { cognitoSub: claims.sub };
  }
}
`;
const payment = `export function charge(token: Record<string, string>) {
  return token['cognito:username'];
}
`;

/** A project with three known findings and a baseline that lists them. */
async function baselinedProject(): Promise<string> {
  const directory = createProject({ [BOOKING]: booking, [PAYMENT]: payment });
  const created = await runCli(directory, 'baseline', 'create');
  expect(created.code).toBe(0);
  return directory;
}

const baselineText = (directory: string) => readFileSync(join(directory, BASELINE_FILE_NAME), 'utf8');

describe('baseline create', () => {
  it('writes one sorted entry per finding, with $schema and the tool version', async () => {
    const directory = await baselinedProject();
    const baseline = readBaseline(join(directory, BASELINE_FILE_NAME));
    const { report } = await scan({ cwd: directory });
    expect(baseline.$schema).toMatch(/baseline\.schema\.json$/);
    expect(baseline.tool).toEqual({ name: 'authboundary', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(baseline.findings.map((entry) => entry.fingerprint).sort()).toEqual(
      report.findings.map((finding) => finding.fingerprint).sort(),
    );
    expect(baseline.findings.map((entry) => entry.file)).toEqual([BOOKING, BOOKING, PAYMENT]);
    expect(baseline.findings[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      rule: 'no-provider-id-outside-auth',
      file: BOOKING,
      scope: 'BookingService.request',
      snippet: expect.any(String),
    });
  });

  it('puts each entry on its own line, so fixing one finding removes one line', async () => {
    const directory = await baselinedProject();
    const before = baselineText(directory).split('\n');
    writeProjectFiles(directory, { [PAYMENT]: 'export function charge() {\n  return 0;\n}\n' });
    expect((await runCli(directory, 'baseline', 'prune')).code).toBe(0);
    const after = baselineText(directory).split('\n');
    expect(after).toHaveLength(before.length - 1);
    expect(before.filter((line) => !after.includes(line))).toHaveLength(2); // the removed entry, and the comma moved off the new last line
  });

  it('accepts --format: json gives the outcome as an object, text the line; a report format is refused by name', async () => {
    const directory = createProject({ [BOOKING]: booking, [PAYMENT]: payment });
    const created = await runCli(directory, 'baseline', 'create', '--format', 'json');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({
      baseline: join(directory, BASELINE_FILE_NAME),
      action: 'create',
      written: true,
      total: 3,
      added: 3,
      removed: 0,
    });
    const pruned = await runCli(directory, 'baseline', 'prune', '-f', 'text');
    expect(pruned).toMatchObject({
      code: 0,
      stdout: `${BASELINE_FILE_NAME}: up to date, 3 finding(s); not rewritten\n`,
    });
    const sarif = await runCli(directory, 'baseline', 'update', '--format', 'sarif');
    expect(sarif.code).toBe(2);
    expect(sarif.stderr).toContain("argument 'sarif' is invalid. Allowed choices are text, json.");
  });

  it('is byte-for-byte stable: creating it twice gives the same file', async () => {
    const directory = await baselinedProject();
    const first = baselineText(directory);
    const again = createProject({ [BOOKING]: booking, [PAYMENT]: payment });
    await runCli(again, 'baseline', 'create');
    expect(baselineText(again)).toBe(first);
  });

  it('refuses to replace an existing baseline (exit 2)', async () => {
    const directory = await baselinedProject();
    const result = await runCli(directory, 'baseline', 'create');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists');
  });
});

describe('check', () => {
  it('passes when every finding is in the baseline (exit 0)', async () => {
    const directory = await baselinedProject();
    const result = await runCli(directory, 'check');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no new findings');
  });

  it('passes after code moved and was reformatted', async () => {
    const directory = await baselinedProject();
    writeProjectFiles(directory, {
      [BOOKING]: `// header\n\nexport class BookingService {\n    request(claims: { sub: string }) {\n        return {\n            cognitoSub: claims.sub,\n        }\n    }\n}\n`,
    });
    expect((await runCli(directory, 'check')).code).toBe(0);
  });

  it('fails on a new violation and lists it with its location (exit 1)', async () => {
    const directory = await baselinedProject();
    writeProjectFiles(directory, {
      [BOOKING]: booking.replace('    return', "    const poolUser = claims['cognito:username'];\n    return"),
    });
    const result = await runCli(directory, 'check');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('New findings');
    expect(result.stdout).toContain(BOOKING);
    expect(result.stdout).toMatch(/3:22\s+error/);
    expect(result.stdout).toContain('1 new finding');
  });

  it('fails when a fix and a new violation of the same rule meet in one file', async () => {
    const directory = await baselinedProject();
    writeProjectFiles(directory, { [PAYMENT]: payment.replace("token['cognito:username']", 'token.sub') });
    const result = await runCli(directory, 'check');
    expect(result.code).toBe(1);
    const json = JSON.parse((await runCli(directory, 'check', '--format', 'json')).stdout);
    expect(json.comparison.new).toHaveLength(1);
    expect(json.comparison.fixed).toEqual([
      expect.objectContaining({ file: PAYMENT, snippet: 'token["cognito:username"]' }),
    ]);
  });

  it('fails on stale entries (fixed, still listed) and names the prune command; --allow-stale passes', async () => {
    const directory = await baselinedProject();
    writeProjectFiles(directory, { [PAYMENT]: 'export function charge() {\n  return 0;\n}\n' });
    const result = await runCli(directory, 'check');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Fixed, but still listed');
    expect(result.stdout).toContain(PAYMENT);
    expect(result.stdout).toContain('authboundary baseline prune');
    const allowed = await runCli(directory, 'check', '--allow-stale');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('--allow-stale');
  });

  it('names the baseline in the prune command when it is not the default', async () => {
    const directory = createProject({ [BOOKING]: booking });
    expect((await runCli(directory, 'baseline', 'create', '--baseline', 'ci/known.json')).code).toBe(0);
    writeProjectFiles(directory, { [BOOKING]: 'export class BookingService {}\n' });
    const result = await runCli(directory, 'check', '--baseline', 'ci/known.json');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('authboundary baseline prune --baseline ci/known.json');
  });

  it('does not count a new warning as a failure, but lists it', async () => {
    const config = {
      providers: ['cognito'],
      layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**', payment: 'src/payment/**' } },
      rules: { 'no-provider-id-outside-auth': 'warn' },
    };
    const directory = createProject({ [BOOKING]: booking }, config);
    await runCli(directory, 'baseline', 'create');
    writeProjectFiles(directory, { [PAYMENT]: payment });
    const result = await runCli(directory, 'check');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 new finding (0 errors, 1 warning)');
  });

  it('judges only the scanned paths: entries of other files are not stale', async () => {
    const directory = await baselinedProject();
    expect((await runCli(directory, 'check', 'src/booking')).code).toBe(0);
  });

  it('keeps the entries of a file that cannot be parsed (neither found nor fixed) and fails for the unscanned file', async () => {
    const directory = await baselinedProject();
    writeProjectFiles(directory, { [PAYMENT]: 'export function charge( {' });
    const json = JSON.parse((await runCli(directory, 'check', '--format', 'json')).stdout);
    expect(json.comparison.fixed).toEqual([]);
    expect(json.unscanned).toEqual([expect.objectContaining({ file: PAYMENT })]);
    expect((await runCli(directory, 'check')).code).toBe(1);
    expect((await runCli(directory, 'baseline', 'prune')).code).toBe(0);
    expect(
      readBaseline(join(directory, BASELINE_FILE_NAME)).findings.filter((entry) => entry.file === PAYMENT),
    ).toHaveLength(1);
  });
});

describe('scan --baseline', () => {
  it('marks the comparison in the report but keeps the exit code of scan', async () => {
    const directory = await baselinedProject();
    const result = await runCli(directory, 'scan', '--baseline', BASELINE_FILE_NAME, '--format', 'json');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.findings).toHaveLength(3);
    expect(json.comparison).toMatchObject({ baseline: BASELINE_FILE_NAME, new: [], unchanged: 3, fixed: [] });
  });

  it('without --baseline the report has no comparison', async () => {
    const directory = await baselinedProject();
    expect(JSON.parse((await runCli(directory, 'scan', '--format', 'json')).stdout).comparison).toBeUndefined();
  });
});

describe('baseline prune and update', () => {
  it('prune removes fixed entries and never adds new findings', async () => {
    const directory = await baselinedProject();
    writeProjectFiles(directory, {
      [PAYMENT]: 'export function charge(token: { sub: string }) {\n  return token.sub;\n}\n',
    });
    const pruned = await runCli(directory, 'baseline', 'prune');
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('0 added, 1 removed');
    const entries = readBaseline(join(directory, BASELINE_FILE_NAME)).findings;
    expect(entries.map((entry) => entry.file)).toEqual([BOOKING, BOOKING]);
    expect((await runCli(directory, 'check')).code).toBe(1); // the new finding is still new
  });

  it('prune leaves an up-to-date baseline untouched', async () => {
    const directory = await baselinedProject();
    const before = baselineText(directory);
    const result = await runCli(directory, 'baseline', 'prune');
    expect(result.stdout).toContain('up to date');
    expect(baselineText(directory)).toBe(before);
  });

  it('update accepts new findings and drops fixed ones', async () => {
    const directory = await baselinedProject();
    writeProjectFiles(directory, {
      [PAYMENT]: 'export function charge(token: { sub: string }) {\n  return token.sub;\n}\n',
    });
    const updated = await runCli(directory, 'baseline', 'update');
    expect(updated.stdout).toContain('1 added, 1 removed');
    expect((await runCli(directory, 'check')).code).toBe(0);
  });
});

describe('a corrupt or foreign baseline: exit 2, a clear message, the file never overwritten', () => {
  const corrupt: [string, string, RegExp][] = [
    ['not JSON', '{ "findings": [', /is not valid JSON/],
    [
      'a different JSON file',
      '{ "name": "my-app", "version": "1.0.0" }',
      /is not an authboundary baseline file:\n {2}\$schema: expected "https:\/\/raw.githubusercontent.com\/authboundary\/authboundary\/main\/packages\/scanner\/baseline.schema.json"/,
    ],
    [
      'a newer baseline version',
      '{ "$schema": "https://github.com/authboundary/authboundary/blob/main/packages/scanner/baseline.schema.json", "version": 2, "tool": { "name": "authboundary", "version": "9.0.0" }, "findings": [] }',
      /version: expected 1/,
    ],
    [
      'an entry with a malformed fingerprint',
      '{ "$schema": "https://github.com/authboundary/authboundary/blob/main/packages/scanner/baseline.schema.json", "version": 1, "tool": { "name": "authboundary", "version": "0.1.0" }, "findings": [{ "fingerprint": "abc", "rule": "r", "file": "f", "scope": "s", "snippet": "x" }] }',
      /findings\[0\]\.fingerprint: expected 32 hexadecimal digits/,
    ],
  ];
  describe.each(corrupt)('%s', (_case, text, message) => {
    it.each([['check'], ['baseline', 'update'], ['baseline', 'prune'], ['scan', '--baseline', BASELINE_FILE_NAME]])(
      '%s %s',
      async (...command) => {
        const directory = createProject({ [BOOKING]: booking });
        writeFileSync(join(directory, BASELINE_FILE_NAME), text);
        const result = await runCli(directory, ...command.filter((part): part is string => typeof part === 'string'));
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(readFileSync(join(directory, BASELINE_FILE_NAME), 'utf8')).toBe(text);
      },
    );
  });

  it('a missing baseline tells how to create one (exit 2)', async () => {
    const directory = createProject({ [BOOKING]: booking });
    const result = await runCli(directory, 'check');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('authboundary baseline create');
  });
});

describe('--changed-since limits the report to changed files, not what counts as new', () => {
  const git = (directory: string, ...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args],
      { cwd: directory, stdio: 'pipe' },
    );

  async function repository(): Promise<string> {
    // Like every real repository, it ignores node_modules (where the scanner keeps its cache).
    const directory = createProject({
      [BOOKING]: booking,
      [PAYMENT]: 'export function charge() {\n  return 0;\n}\n',
      '.gitignore': 'node_modules/\n',
    });
    await runCli(directory, 'baseline', 'create');
    git(directory, 'init', '-q', '-b', 'main');
    git(directory, 'add', '.');
    git(directory, 'commit', '-q', '-m', 'baseline');
    return directory;
  }

  it('lists new findings in changed files only', async () => {
    const directory = await repository();
    writeProjectFiles(directory, { [PAYMENT]: payment });
    const json = JSON.parse((await runCli(directory, 'check', '--changed-since', 'main', '--format', 'json')).stdout);
    expect(json.comparison.changedSince).toEqual({ ref: 'main', files: [PAYMENT], newElsewhere: 0 });
    expect(json.findings.map((finding: { file: string }) => finding.file)).toEqual([PAYMENT]);
    expect(json.comparison.new).toHaveLength(1);
  });

  it('still fails for a new finding in a file not changed since the ref, and says so', async () => {
    const directory = await repository();
    writeProjectFiles(directory, { [PAYMENT]: payment });
    git(directory, 'commit', '-q', '-am', 'a violation slipped in');
    const result = await runCli(directory, 'check', '--changed-since', 'HEAD');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('1 new finding(s) in files not changed since HEAD');
  });

  it('never touches the index or the working tree', async () => {
    const directory = await repository();
    writeProjectFiles(directory, { [PAYMENT]: payment });
    const status = git(directory, 'status', '--porcelain').toString();
    await runCli(directory, 'check', '--changed-since', 'main');
    expect(git(directory, 'status', '--porcelain').toString()).toBe(status);
  });

  it('an unknown ref is a usage error (exit 2)', async () => {
    const directory = await repository();
    const result = await runCli(directory, 'check', '--changed-since', 'origin/nope');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"origin/nope" is not a commit');
  });
});
