import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { oneLeakProject, temporaryProject } from './temporary-project.js';

const bin = join(import.meta.dirname, '..', 'bin', 'authboundary.js');
const codeCacheModule = join(import.meta.dirname, '..', 'dist', 'compiler-code-cache.cjs');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const project = () => {
  const root = temporaryProject(oneLeakProject);
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
};

/** The compiler's code-cache files in a cache directory. */
const codeCacheFiles = (directory: string) => {
  try {
    return readdirSync(directory).filter((name) => name.startsWith('compiler-code-'));
  } catch {
    return [];
  }
};

/** A CLI scan as users run it: its exit code and the findings of its JSON report. */
async function scanFindings(root: string, ...args: string[]): Promise<{ code: number; findings: unknown }> {
  const report = join(root, 'report.json');
  let code = 0;
  try {
    await promisify(execFile)(process.execPath, [bin, 'scan', '--format', 'json', '--output', report, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
  } catch (error) {
    code = (error as { code: number }).code;
  }
  return { code, findings: (JSON.parse(readFileSync(report, 'utf8')) as { findings: unknown }).findings };
}

/**
 * Loads the compiler in a fresh process with the code cache of `directory`, parses a line with it,
 * writes the cache when it was not used (`saveCompilerCodeCache`); returns what became of the cache.
 */
async function loadInFreshProcess(directory: string): Promise<{ state: string; kind: string; saved: string }> {
  const script = `
    const cache = require(${JSON.stringify(codeCacheModule)});
    cache.useCompilerCodeCache(${JSON.stringify(directory)});
    const ts = cache.loadCompiler();
    const same = require(require.resolve('typescript', { paths: [${JSON.stringify(join(codeCacheModule, '..'))}] }));
    const file = ts.createSourceFile('/a.ts', 'const a: number = 1;', ts.ScriptTarget.Latest);
    const kind = same !== ts ? 'another compiler' : ts.isVariableStatement(file.statements[0]) ? 'parsed' : 'misparsed';
    const state = cache.compilerCodeCacheState();
    const saved = String(cache.saveCompilerCodeCache());
    process.stdout.write(JSON.stringify({ state, kind, saved }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
  return JSON.parse(stdout) as { state: string; kind: string; saved: string };
}

describe("the compiler's V8 code cache", () => {
  it('is written by a scan that parsed, into the cache directory, and used by the next process', async () => {
    const root = project();
    const cacheDirectory = join(root, 'cache');
    const cold = await scanFindings(root, '--cache-location', cacheDirectory);
    expect(codeCacheFiles(cacheDirectory)).toHaveLength(1);
    expect(await loadInFreshProcess(cacheDirectory)).toEqual({
      state: 'accepted',
      kind: 'parsed',
      saved: 'undefined',
    });
    // A file changed: the next scan parses it, with the compiler loaded from the cache.
    writeFileSync(join(root, 'src/booking/booking.ts'), 'export const cognitoSub = 1;\nexport const auth0Id = 2;\n');
    const warm = await scanFindings(root, '--cache-location', cacheDirectory);
    expect(warm).toEqual(await scanFindings(root, '--no-cache'));
    expect(warm.findings).not.toEqual(cold.findings);
  });

  it('is not written without a cache (--no-cache): a cold run stays cold', async () => {
    const root = project();
    await scanFindings(root, '--no-cache');
    expect(
      readdirSync(root)
        .filter((name) => name !== 'report.json')
        .sort(),
    ).toEqual(['authboundary.config.json', 'src']);
    expect(codeCacheFiles(join(root, 'node_modules', '.cache', 'authboundary'))).toEqual([]);
  });

  it.each([
    [
      'damaged (its checksum fails)',
      'corrupt',
      (file: Buffer) => Buffer.concat([file.subarray(0, 100), Buffer.from([file[100]! ^ 0xff]), file.subarray(101)]),
    ],
    ['truncated', 'corrupt', (file: Buffer) => file.subarray(0, 10)],
    [
      'refused by V8 (another engine, another source)',
      'rejected',
      () => {
        // A valid checksum over data V8 does not accept: the check V8 makes is what catches it.
        const data = Buffer.from('not V8 code cache data, but long enough to pass for some '.repeat(8));
        return Buffer.concat([createHash('sha1').update(data).digest(), data]);
      },
    ],
  ])(
    'is ignored when %s: the scan still runs, finds the same, and the cache is written anew',
    async (_, state, damage) => {
      const root = project();
      const cacheDirectory = join(root, 'cache');
      const first = await scanFindings(root, '--cache-location', cacheDirectory);
      const [name] = codeCacheFiles(cacheDirectory);
      const cacheFile = join(cacheDirectory, name!);
      const good = readFileSync(cacheFile);
      writeFileSync(cacheFile, damage(good));
      expect(await loadInFreshProcess(cacheDirectory)).toEqual({
        state,
        kind: 'parsed',
        saved: 'undefined',
      });
      expect(await loadInFreshProcess(cacheDirectory)).toMatchObject({ state: 'accepted' });
      // The same through the CLI: a damaged cache under a scan that parses.
      writeFileSync(cacheFile, damage(good));
      rmSync(join(cacheDirectory, 'results.json'));
      const again = await scanFindings(root, '--cache-location', cacheDirectory);
      expect(again).toEqual(first);
      expect(await loadInFreshProcess(cacheDirectory)).toMatchObject({ state: 'accepted' });
    },
  );
});
