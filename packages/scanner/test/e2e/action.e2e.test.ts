import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run, type CliIo } from '@authboundary/scanner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as packScript from '../../../../scripts/pack.mjs';

// Issue 18.6: the composite action at the repository root, run step by step as a GitHub runner
// runs it — each `run:` in `bash --noprofile --norc -eo pipefail`, with the runner's environment
// (GITHUB_WORKSPACE, GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, GITHUB_ENV, RUNNER_TEMP, …),
// `${{ }}` expressions and `if:` conditions evaluated. `uses:` steps (the SARIF upload) cannot run
// here: the test checks what they would be given.

const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
const { packAll } = packScript as { packAll: (out: string) => string[] };

interface ActionStep {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/** Temporary directories of this file, removed after it. */
const temporary: string[] = [];
function temporaryDirectory(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(path);
  return path;
}

const action = parse(readFileSync(join(repositoryRoot, 'action.yml'), 'utf8')) as ActionFile;

interface StepResult {
  readonly name: string;
  readonly status: 'success' | 'failure' | 'skipped' | 'not run here';
  readonly stdout: string;
  readonly stderr: string;
  readonly with?: Record<string, string>;
}

/** Reads a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, index + 1);
      outputs[heredoc[1]!] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** Runs the action's steps in `workspace` with `inputs`, as a runner would. */
function runAction(workspace: string, inputs: Record<string, string>) {
  const runnerTemp = temporaryDirectory('authboundary-runner-');
  const summaryFile = join(runnerTemp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  writeFileSync(join(runnerTemp, 'env'), '');
  const stepOutputs: Record<string, Record<string, string>> = {};
  const inputValue = (name: string) => {
    if (!(name in action.inputs)) throw new Error(`action.yml reads an undeclared input "${name}"`);
    return inputs[name] ?? action.inputs[name]!.default ?? '';
  };
  const value = (reference: string): string => {
    const input = /^inputs\.([\w-]+)$/.exec(reference);
    if (input) return inputValue(input[1]!);
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(reference);
    if (output) return stepOutputs[output[1]!]?.[output[2]!] ?? '';
    if (reference === 'github.action_path') return repositoryRoot;
    if (reference === 'github.workspace') return workspace;
    throw new Error(`the test runner does not evaluate "${reference}"`);
  };
  const expand = (text: string) => text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, reference: string) => value(reference));
  const condition = (expression: string | undefined, failed: boolean): boolean => {
    if (expression === undefined) return !failed;
    const terms = expression.split('&&').map((term) => term.trim());
    if (!terms.includes('always()') && failed) return false;
    return terms.every((term) => {
      if (term === 'always()') return true;
      const comparison = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(term);
      if (!comparison) throw new Error(`the test runner does not evaluate the condition "${term}"`);
      return (value(comparison[1]!) === comparison[3]) === (comparison[2] === '==');
    });
  };

  const results: StepResult[] = [];
  let failed = false;
  for (const [index, step] of action.runs.steps.entries()) {
    if (!condition(step.if, failed)) {
      results.push({ name: step.name, status: 'skipped', stdout: '', stderr: '' });
      continue;
    }
    if (step.uses !== undefined) {
      results.push({
        name: step.name,
        status: 'not run here',
        stdout: '',
        stderr: '',
        with: Object.fromEntries(Object.entries(step.with ?? {}).map(([key, text]) => [key, expand(text)])),
      });
      continue;
    }
    expect(step.shell).toBe('bash');
    const outputFile = join(runnerTemp, `output-${index}`);
    writeFileSync(outputFile, '');
    const script = join(runnerTemp, `step-${index}.sh`);
    writeFileSync(script, step.run!);
    // The machine's environment (PATH, HOME, certificates, proxies) under the runner's variables.
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([key]) => !key.startsWith('GITHUB_') && !key.startsWith('RUNNER_') && !key.startsWith('npm_'),
        ),
      ),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: repositoryRoot,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_ENV: join(runnerTemp, 'env'),
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([key, text]) => [key, expand(text)])),
    };
    const cwd = resolve(workspace, expand(step['working-directory'] ?? '.'));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
    if (step.id !== undefined) stepOutputs[step.id] = parseOutputFile(readFileSync(outputFile, 'utf8'));
    const status = result.status === 0 ? 'success' : 'failure';
    failed ||= status === 'failure';
    results.push({ name: step.name, status, stdout: result.stdout, stderr: result.stderr });
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, { value: text }]) => [name, expand(text)]),
  );
  return {
    results,
    outputs,
    failed,
    summary: readFileSync(summaryFile, 'utf8'),
    step: (name: string) => results.find((result) => result.name === name)!,
  };
}

/** A copy of the example platform as a checked-out repository, with a baseline of today's findings. */
async function checkout(): Promise<string> {
  const workspace = temporaryDirectory('authboundary-workspace-');
  cpSync(join(repositoryRoot, 'fixtures', 'mobility-platform'), workspace, { recursive: true });
  const config = JSON.parse(readFileSync(join(workspace, 'authboundary.config.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  config['$schema'] = './node_modules/@authboundary/scanner/schema.json';
  writeFileSync(join(workspace, 'authboundary.config.json'), JSON.stringify(config, null, 2));
  const io: CliIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    stdoutIsTty: false,
    stderrIsTty: false,
    cwd: workspace,
  };
  expect(await run(['node', 'authboundary', 'baseline', 'create'], io)).toBe(0);
  const git = (...args: string[]) =>
    expect(spawnSync('git', args, { cwd: workspace, encoding: 'utf8' }).status).toBe(0);
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=ci', '-c', 'user.email=ci@example.com', 'add', '-A');
  git('-c', 'user.name=ci', '-c', 'user.email=ci@example.com', 'commit', '-qm', 'platform');
  return workspace;
}

const leak = 'export function ownerOf(claims: { sub: string }) {\n  return claims.sub;\n}\n';

let packages: string;

beforeAll(() => {
  const out = temporaryDirectory('authboundary-action-packs-');
  const tarballs = packAll(out);
  packages = tarballs.filter((tarball) => /authboundary-(rules|scanner)-/.test(tarball)).join(' ');
}, 300_000);

afterAll(() => {
  for (const path of temporary) rmSync(path, { recursive: true, force: true });
});

describe('action.yml, run as a GitHub runner runs a composite action', () => {
  let installedBin: string;

  it('installs the scanner, passes on a clean pull request, writes the summary and SARIF for the upload', async () => {
    const workspace = await checkout();
    const outcome = runAction(workspace, { package: packages });
    expect(outcome.results.map(({ name, status }) => [name, status])).toEqual([
      ['Install authboundary', 'success'],
      ['No new identity-boundary violations', 'success'],
      ['Summary', 'success'],
      ['SARIF', 'success'],
      ['Upload SARIF to code scanning', 'not run here'],
      ['Record the weekly number', 'skipped'],
    ]);
    expect(outcome.failed).toBe(false);
    installedBin = /at (\S+)$/m.exec(outcome.step('Install authboundary').stdout)![1]!;
    expect(installedBin).toContain('authboundary-cli/node_modules/.bin/authboundary');
    expect(outcome.outputs['exit-code']).toBe('0');
    expect(outcome.summary).toContain('authboundary');
    expect(outcome.summary).toMatch(/new/i);
    const sarifFile = outcome.outputs['sarif-file']!;
    expect(outcome.step('Upload SARIF to code scanning').with).toEqual({
      sarif_file: sarifFile,
      category: 'authboundary',
    });
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      version: string;
      runs: { results: { baselineState?: string }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(20);
    expect(new Set(sarif.runs[0]!.results.map((result) => result.baselineState))).toEqual(new Set(['unchanged']));
  });

  it('fails on a new violation, annotates it, and still writes the summary, SARIF and the weekly number', async () => {
    const workspace = await checkout();
    // The project has the scanner installed: the action uses it rather than installing another.
    mkdirSync(join(workspace, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(installedBin, join(workspace, 'node_modules', '.bin', 'authboundary'));
    writeFileSync(join(workspace, 'src', 'booking', 'owner.ts'), leak);
    const outcome = runAction(workspace, { 'changed-since': 'HEAD', 'record-history': 'true' });
    expect(outcome.results.map(({ name, status }) => [name, status])).toEqual([
      ['Install authboundary', 'success'],
      ['No new identity-boundary violations', 'failure'],
      ['Summary', 'success'],
      ['SARIF', 'success'],
      ['Upload SARIF to code scanning', 'not run here'],
      ['Record the weekly number', 'success'],
    ]);
    expect(outcome.failed).toBe(true);
    expect(outcome.step('Install authboundary').stdout).toContain(
      `at ${join(workspace, 'node_modules', '.bin', 'authboundary')}`,
    );
    expect(outcome.outputs['exit-code']).toBe('1');
    const annotations = outcome
      .step('No new identity-boundary violations')
      .stdout.split('\n')
      .filter((line) => line.startsWith('::error'));
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.every((line) => line.includes('file=src/booking/owner.ts'))).toBe(true);
    expect(outcome.summary).toContain('src/booking/owner.ts');
    const sarif = JSON.parse(readFileSync(outcome.outputs['sarif-file']!, 'utf8')) as {
      runs: {
        results: { baselineState?: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    const added = sarif.runs[0]!.results.filter((result) => result.baselineState === 'new');
    expect(added.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(
      added.map(() => 'src/booking/owner.ts'),
    );
    expect(added.length).toBeGreaterThan(0);
    expect(existsSync(join(workspace, 'authboundary.history.json'))).toBe(true);
    expect(outcome.summary.split('\n').some((line) => /week/i.test(line))).toBe(true);
  });

  it('stops with exit 2 on a broken configuration, and says so', async () => {
    const workspace = await checkout();
    mkdirSync(join(workspace, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(installedBin, join(workspace, 'node_modules', '.bin', 'authboundary'));
    writeFileSync(
      join(workspace, 'authboundary.config.json'),
      JSON.stringify({ provders: ['cognito'], layers: { auth: 'src/auth/**' } }),
    );
    const outcome = runAction(workspace, {});
    expect(outcome.failed).toBe(true);
    expect(outcome.outputs['exit-code']).toBe('2');
    expect(outcome.step('No new identity-boundary violations').stderr).toContain(
      'provders: unknown key; did you mean "providers"?',
    );
  });
});
