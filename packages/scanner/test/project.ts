import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run, type CliIo } from '@authboundary/scanner';
import { afterEach } from 'vitest';

/** A configuration with a Cognito platform: auth layer, a BFF and two domain modules. */
export const testProjectConfig = {
  providers: ['cognito'],
  layers: { auth: 'src/auth/**', bff: 'src/bff/**', domains: { booking: 'src/booking/**', payment: 'src/payment/**' } },
};

const created: string[] = [];
afterEach(() => {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A temporary project directory (removed after the test) with the given files. */
export function createProject(files: Readonly<Record<string, string>>, config: object = testProjectConfig): string {
  const directory = mkdtempSync(join(tmpdir(), 'authboundary-'));
  created.push(directory);
  writeProjectFiles(directory, {
    'authboundary.config.json': JSON.stringify(config),
    'src/auth/verify.ts': 'export const verify = (token: string) => token.length > 0;\n',
    ...files,
  });
  return directory;
}

export function writeProjectFiles(directory: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in `cwd` as a user would, capturing its output. */
export async function runCli(cwd: string, ...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdoutIsTty: false,
    stderrIsTty: false,
    cwd,
  };
  const code = await run(['node', 'authboundary', ...args], io);
  return { code, stdout, stderr };
}
