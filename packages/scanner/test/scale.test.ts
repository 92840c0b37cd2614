import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlatform } from '../../../bench/generate-platform.mjs';
// The built package (as users run it): the worker threads load its compiled worker module.
import { mergeShardReports, run, scan, type CliIo, type ScanReport } from '@authboundary/scanner';

const fixture = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'mobility-platform');
let work: string;
/** The in-tree fixture may hold a git-ignored cache from other runs: copies leave it behind. */
const withoutNodeModules = (source: string) => !source.split(/[\\/]/).includes('node_modules');
let platform: string;
let synthetic: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'authboundary-scale-'));
  platform = join(work, 'mobility');
  cpSync(fixture, platform, { recursive: true, filter: withoutNodeModules });
  // Large enough (~370 files) that two threads parse: the worker path is exercised.
  synthetic = join(work, 'synthetic');
  generatePlatform(synthetic, 36_000);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(argv: string[], cwd: string, stderrIsTty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stdoutIsTty: false,
    stderrIsTty,
    cwd,
  };
  return run(['node', 'authboundary', ...argv], io).then((code) => ({
    code,
    stdout: out.join(''),
    stderr: err.join(''),
  }));
}

describe('worker threads', () => {
  it('give the same report, in the same order, whatever the number of workers', async () => {
    const one = await scan({ cwd: synthetic, concurrency: 1, cache: false });
    const two = await scan({ cwd: synthetic, concurrency: 2, cache: false });
    // Above 150 files to parse per thread, a second thread starts.
    expect(one.report.summary.filesScanned).toBeGreaterThan(2 * 150);
    expect(one.report.summary.total).toBeGreaterThan(0);
    expect(JSON.stringify(two.report)).toBe(JSON.stringify(one.report));
    // The default decides from the load and the work: the same report either way.
    const auto = await scan({ cwd: synthetic, cache: false });
    expect(JSON.stringify(auto.report)).toBe(JSON.stringify(one.report));
  });
});

describe('result cache', () => {
  it('is written to node_modules/.cache/authboundary by default and gives the same report warm', async () => {
    const cold = await scan({ cwd: platform, concurrency: 1 });
    expect(existsSync(join(platform, 'node_modules', '.cache', 'authboundary', 'results.json'))).toBe(true);
    const warm = await scan({ cwd: platform, concurrency: 1 });
    expect(warm.report).toEqual(cold.report);
  });

  it('parses nothing on a warm scan of unchanged files (cached results are used as they are)', async () => {
    const location = join(work, 'cache-hits');
    await scan({ cwd: platform, cacheLocation: location, concurrency: 1 });
    const cachePath = join(location, 'results.json');
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as {
      entries: Record<string, { result: { findings: { message: string }[] } }>;
    };
    // Tamper with one cached message: a warm scan that reuses the entry reports the tampered text.
    cache.entries['src/booking/booking.service.ts']!.result.findings[0]!.message = 'from the cache';
    writeFileSync(cachePath, JSON.stringify(cache));
    const warm = await scan({ cwd: platform, cacheLocation: location, concurrency: 1 });
    expect(warm.report.findings.map((finding) => finding.message)).toContain('from the cache');
  });

  it('re-scans a file whose content changed', async () => {
    const location = join(work, 'cache-change');
    const copy = join(work, 'changed');
    cpSync(fixture, copy, { recursive: true, filter: withoutNodeModules });
    const before = await scan({ cwd: copy, cacheLocation: location, concurrency: 1 });
    const file = join(copy, 'src', 'wallet', 'wallet.service.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nexport const auth0UserId = 'x';\n`);
    const after = await scan({ cwd: copy, cacheLocation: location, concurrency: 1 });
    expect(after.report.summary.total).toBe(before.report.summary.total + 1);
    expect(after.report).toEqual((await scan({ cwd: copy, cache: false, concurrency: 1 })).report);
  });

  it('takes a file whose metadata is unchanged as unchanged without reading it, and reads it again once it is written', async () => {
    const location = join(work, 'cache-stat');
    const copy = join(work, 'stat');
    cpSync(fixture, copy, { recursive: true, filter: withoutNodeModules });
    // Files changed less than 2 s before they are read keep no metadata in the cache (racy): wait.
    await new Promise((resolveWait) => setTimeout(resolveWait, 2_100));
    await scan({ cwd: copy, cacheLocation: location, concurrency: 1 });
    const cachePath = join(location, 'results.json');
    const path = 'src/booking/booking.service.ts';
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as {
      entries: Record<string, { hash: string; stat?: string; result: { findings: { message: string }[] } }>;
    };
    expect(cache.entries[path]!.stat).toMatch(/^\d+:[\d.]+:[\d.]+:\d+$/);
    // A wrong content hash and a tampered message: only an entry taken by its metadata reports it.
    cache.entries[path]!.hash = 'not the hash of the text';
    cache.entries[path]!.result.findings[0]!.message = 'from the metadata';
    writeFileSync(cachePath, JSON.stringify(cache));
    const warm = await scan({ cwd: copy, cacheLocation: location, concurrency: 1 });
    expect(warm.report.findings.map((finding) => finding.message)).toContain('from the metadata');
    // Rewritten with the same size and its modification time put back (as `cp -p` would): the change
    // time moved, so the file is read, its hash differs and it is extracted again.
    const file = join(copy, path);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('booking', 'BOOKING'));
    utimesSync(file, atime, mtime);
    const rewritten = await scan({ cwd: copy, cacheLocation: location, concurrency: 1 });
    expect(rewritten.report.findings.map((finding) => finding.message)).not.toContain('from the metadata');
    expect(rewritten.report).toEqual((await scan({ cwd: copy, cache: false, concurrency: 1 })).report);
  }, 20_000);

  it('is not used for another configuration', async () => {
    const location = join(work, 'cache-config');
    const copy = join(work, 'reconfigured');
    cpSync(fixture, copy, { recursive: true, filter: withoutNodeModules });
    await scan({ cwd: copy, cacheLocation: location, concurrency: 1 });
    const configPath = join(copy, 'authboundary.config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(configPath, JSON.stringify({ ...config, rules: { 'no-provider-id-outside-auth': 'off' } }));
    const { report } = await scan({ cwd: copy, cacheLocation: location, concurrency: 1 });
    expect(report.summary.byRule['no-provider-id-outside-auth']).toBeUndefined();
  });

  it('treats a damaged cache file as empty', async () => {
    const location = join(work, 'cache-damaged');
    await scan({ cwd: platform, cacheLocation: location, concurrency: 1 });
    writeFileSync(join(location, 'results.json'), '{"format":1,');
    const { report } = await scan({ cwd: platform, cacheLocation: location, concurrency: 1 });
    expect(report).toEqual((await scan({ cwd: platform, cache: false, concurrency: 1 })).report);
  });

  it('writes nothing with cache: false', async () => {
    const copy = join(work, 'uncached');
    cpSync(fixture, copy, { recursive: true, filter: withoutNodeModules });
    await scan({ cwd: copy, cache: false, concurrency: 1 });
    expect(existsSync(join(copy, 'node_modules'))).toBe(false);
  });
});

describe('shards and merge', () => {
  const shardReports = async (cwd: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, index) =>
        scan({ cwd, cache: false, concurrency: 1, shard: { index: index + 1, count } }).then(({ report }) => report),
      ),
    );

  it.each([1, 2, 3, 5])(
    'merging %i shards gives exactly the single-run report, project-wide rules included',
    async (count) => {
      const single = (await scan({ cwd: platform, cache: false, concurrency: 1 })).report;
      const parts = await shardReports(platform, count);
      expect(parts.reduce((sum, part) => sum + part.summary.filesScanned, 0)).toBe(single.summary.filesScanned);
      const merged = mergeShardReports(
        parts.map((data, index) => ({
          name: `part-${index + 1}.json`,
          data: JSON.parse(JSON.stringify(data)) as unknown,
        })),
      );
      expect(merged).toEqual(single);
      expect(merged.summary.byRule['no-provider-id-flow']).toBeGreaterThan(0);
    },
  );

  it('a shard report has per-file findings only, and the facts merge needs', async () => {
    const [part] = await shardReports(platform, 1);
    expect(part!.findings.every((finding) => !finding.rule.startsWith('no-provider-id-flow'))).toBe(true);
    expect(part!.shard).toMatchObject({
      index: 1,
      count: 1,
      facts: expect.arrayContaining([expect.objectContaining({ path: 'src/auth/current-identity.ts' })]),
    });
  });

  it.each<[string, (parts: ScanReport[]) => unknown[], RegExp]>([
    ['a missing shard', (parts) => parts.slice(0, 2), /shard 3\/3 missing/],
    ['a shard given twice', (parts) => [parts[0], parts[0], parts[1], parts[2]], /shard 1\/3 is given twice/],
    ['a report that is not a shard', (parts) => [...parts, { ...parts[0], shard: undefined }], /not a shard report/],
    [
      'a shard of another configuration',
      (parts) => [parts[0], parts[1], { ...parts[2], shard: { ...parts[2]!.shard!, configHash: 'other' } }],
      /another configuration/,
    ],
    [
      'a shard of another split',
      (parts) => [parts[0], parts[1], { ...parts[2], shard: { ...parts[2]!.shard!, count: 4 } }],
      /one of 3/,
    ],
    ['something that is not a report', () => [{ hello: 'world' }], /not an authboundary JSON report/],
  ])('merge rejects %s, saying what is wrong', async (_name, select, message) => {
    const parts = await shardReports(platform, 3);
    expect(() =>
      mergeShardReports(select(parts).map((data, index) => ({ name: `part-${index + 1}.json`, data }))),
    ).toThrow(message);
  });
});

describe('CLI', () => {
  it('scan --shard and merge through files give the single run, in every format', async () => {
    const single = await cli(['scan', '--no-cache', '--format', 'json'], platform);
    for (const index of [1, 2])
      expect(
        (
          await cli(
            [
              'scan',
              '--no-cache',
              '--shard',
              `${index}/2`,
              '--format',
              'json',
              '-o',
              join(work, `shard-${index}.json`),
            ],
            platform,
          )
        ).code,
      ).toBe(1);
    const merged = await cli(
      ['merge', join(work, 'shard-1.json'), join(work, 'shard-2.json'), '--format', 'json'],
      platform,
    );
    expect(merged).toMatchObject({ code: 1, stdout: single.stdout });
    const text = await cli(['merge', join(work, 'shard-1.json'), join(work, 'shard-2.json')], platform);
    expect(text.stdout).toBe((await cli(['scan', '--no-cache'], platform)).stdout);
  });

  it.each([
    [['scan', '--concurrency', '0'], /--concurrency.*positive whole number/],
    [['scan', '--concurrency', 'two'], /--concurrency.*positive whole number/],
    [['scan', '--shard', '3/2'], /--shard.*1 ≤ i ≤ n/],
    [['scan', '--shard', '1'], /--shard.*i\/n/],
    [['merge', 'missing.json'], /cannot read missing\.json: ENOENT/],
    [['merge'], /missing required argument/],
  ])('%j is a usage error (exit 2) that says what was expected', async (argv, message) => {
    const result = await cli(argv, platform);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('shows progress on a terminal, and nothing with --quiet or without a terminal', async () => {
    expect((await cli(['scan', '--no-cache', '--concurrency', '1'], platform, true)).stderr).toMatch(
      /\d+\/\d+ files, \d+ files\/s\n/,
    );
    expect((await cli(['scan', '--no-cache', '--quiet'], platform, true)).stderr).toBe('');
    expect((await cli(['scan', '--no-cache'], platform, false)).stderr).toBe('');
  });

  it('lists a file that cannot be parsed as not scanned, with its reason, and counts it in the summary', async () => {
    const copy = join(work, 'broken');
    cpSync(fixture, copy, { recursive: true, filter: withoutNodeModules });
    writeFileSync(join(copy, 'src', 'gps', 'broken.ts'), 'export const = ;\n');
    const json = JSON.parse((await cli(['scan', '--no-cache', '--format', 'json'], copy)).stdout) as ScanReport;
    expect(json.unscanned).toEqual([
      { file: 'src/gps/broken.ts', reason: expect.stringMatching(/^syntax error at 1:14/) },
    ]);
    expect((await cli(['scan', '--no-cache'], copy)).stdout).toMatch(/1 not scanned/);
  });
});
