import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoWeekOf, readHistory, trendSchema } from '@authboundary/scanner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './project.js';
import { FixtureRepository, fixes } from './support/fixture-repository.js';

let repository: FixtureRepository;
let cacheDirectory: string;
const thisWeek = isoWeekOf(new Date());

beforeEach(() => {
  repository = new FixtureRepository();
  cacheDirectory = mkdtempSync(join(tmpdir(), 'authboundary-cache-'));
  const day = 86_400_000;
  repository.commitAt(new Date(Date.now() - 14 * day).toISOString(), 'two weeks ago');
  repository.commitAt(new Date(Date.now() - 7 * day).toISOString(), 'last week', fixes.walletOperationsAccount);
});
afterEach(() => {
  repository.remove();
  rmSync(cacheDirectory, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(repository.directory, ...args);

const historyFile = () => join(repository.directory, 'authboundary.history.json');

describe('authboundary history record', () => {
  it("writes this week's record beside the configuration, and recording again replaces it", async () => {
    const first = await cli('history', 'record');
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining(`${thisWeek}: 18 violations recorded`) });
    repository.edit(fixes.backofficeLegacyPool);
    const second = await cli('history', 'record');
    expect(second.stdout).toContain('(replaced the earlier record of this week: 18)');
    const history = readHistory(historyFile());
    expect(
      history.records.map((record) => [record.week, record.total, record.source, record.dirty, record.commit]),
    ).toEqual([[thisWeek, 17, 'record', true, repository.git('rev-parse', 'HEAD').trim()]]);
  });

  it('--history writes elsewhere', async () => {
    expect((await cli('history', 'record', '--history', 'metrics/weekly.json')).code).toBe(0);
    expect(readHistory(join(repository.directory, 'metrics/weekly.json')).records).toHaveLength(1);
  });

  it('stops with exit 2 on a corrupt history file and leaves it untouched', async () => {
    writeFileSync(historyFile(), '{"version":1,"records":[{"week":');
    const result = await cli('history', 'record');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not valid JSON');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user error
    expect(readFileSync(historyFile(), 'utf8')).toBe('{"version":1,"records":[{"week":');
  });
});

describe('authboundary history backfill', () => {
  it.each([
    [['--weeks', '0'], /--weeks: expected a whole number of at least 1, got "0"/],
    [['--since', '2026-02-30'], /expected a date as YYYY-MM-DD, got "2026-02-30"/],
    [['--weeks', '3', '--since', '2026-01-01'], /cannot be used with option '--since/],
  ])('%j is a usage error', async (args, message) => {
    const result = await cli('history', 'backfill', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('prints each week and a summary on stdout, and nothing on stderr when every week could be scanned', async () => {
    const result = await cli('history', 'backfill', '--weeks', '3', '--cache-dir', cacheDirectory);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.slice(0, 3).map((line) => line.replace(/[0-9a-f]{10}/, 'COMMIT').replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/^\d{4}-W\d{2} COMMIT 19$/),
      expect.stringMatching(/^\d{4}-W\d{2} COMMIT 18$/),
      expect.stringMatching(/^\d{4}-W\d{2} COMMIT 18 \(cached\) \(no commit this week: carried forward\)$/),
    ]);
    expect(lines[3]).toMatch(
      /^3 weeks backfilled in .*authboundary\.history\.json \(each commit's own configuration\)$/,
    );
    expect(result.stderr).toBe('');
  });

  it('names the configuration held fixed with --config', async () => {
    const result = await cli(
      'history',
      'backfill',
      '--weeks',
      '2',
      '--config',
      'authboundary.config.json',
      '--cache-dir',
      cacheDirectory,
    );
    expect(result.stdout).toContain('(configuration held fixed: authboundary.config.json)');
    expect(readHistory(historyFile()).records.map((record) => record.configSource)).toEqual(['fixed', 'fixed']);
  });
});

describe('authboundary trend', () => {
  beforeEach(async () => {
    expect((await cli('history', 'backfill', '--weeks', '3', '--cache-dir', cacheDirectory)).code).toBe(0);
  });

  it('--format json is valid against the published trend contract', async () => {
    const result = await cli('trend', '--format', 'json');
    const trend = trendSchema.parse(JSON.parse(result.stdout));
    expect(trend.points.map((point) => point.total)).toEqual([19, 18, 18]);
    expect(trend.latest).toEqual({ week: thisWeek, total: 18 });
    expect(trend.projection.status).toBe('converging');
  });

  it.each([
    [
      'text',
      [
        'Violations: 18 in',
        'Stop condition:',
        'no commit that week (carried forward)',
        'Coverage: instrumented auth decisions 3/9 (33 %) in',
        '    3/9 (33 %)  ',
      ],
    ],
    [
      'markdown',
      [
        '## authboundary: violations per week',
        '| week | total | change | instrumented | commit | notes |',
        '**Coverage:** instrumented auth decisions 3/9 (33 %) in',
        '### By module',
      ],
    ],
  ])('--format %s shows the headline, series and breakdowns', async (format, expected) => {
    const result = await cli('trend', '--format', format);
    for (const text of expected) expect(result.stdout).toContain(text);
  });

  it('shows no owner table in any format when no owners are configured (the copy has no CODEOWNERS reference)', async () => {
    await cli('history', 'backfill', '--weeks', '3', '--cache-dir', cacheDirectory);
    for (const format of ['text', 'markdown']) {
      const result = await cli('trend', '--format', format);
      expect(result.stdout).toContain('module');
      expect(result.stdout).not.toContain('(unowned)');
      expect(result.stdout).not.toMatch(/By owner|^owner /m);
    }
    expect((await cli('report', '--html', 'report.html')).code).toBe(0);
    const html = readFileSync(join(repository.directory, 'report.html'), 'utf8');
    expect(html).toContain('<h2>By module</h2>');
    expect(html).not.toContain('<h2>By owner</h2>');
    expect(html).not.toContain('(unowned)');
    // The JSON contract keeps the breakdown: only the tables for people leave it out.
    expect(JSON.parse((await cli('trend', '--format', 'json')).stdout).breakdowns.byOwner).toEqual([
      expect.objectContaining({ key: '(unowned)' }),
    ]);
  });

  it('without a history file says how to make one (exit 2)', async () => {
    rmSync(historyFile());
    const result = await cli('trend');
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('run `authboundary history record` or `authboundary history backfill` first'),
    });
  });
});

describe('authboundary report --html', () => {
  it('writes one self-contained page: a point per week, file links behind the numbers, nothing fetched', async () => {
    await cli('history', 'backfill', '--weeks', '3', '--cache-dir', cacheDirectory);
    repository.edit(fixes.backofficeLegacyPool); // the current scan stands for this week
    const result = await cli(
      'report',
      '--html',
      'out/report.html',
      '--link-base',
      'https://git.example.com/platform/blob/main/',
    );
    expect(result.code).toBe(0);
    const html = readFileSync(join(repository.directory, 'out/report.html'), 'utf8');
    expect(html.match(/<circle class="point point-total/g)).toHaveLength(3);
    expect(html).toContain('data-week="' + thisWeek + '" data-total="17"');
    expect(html).toContain(
      '<a href="https://git.example.com/platform/blob/main/src/booking/booking.entity.ts#L6">src/booking/booking.entity.ts:6:',
    );
    expect(html).not.toMatch(/<script|<link|src="http|url\(http/);
    // The identity surface of the current scan is a section of the page, and this week's coverage its headline.
    expect(html).toContain('<section id="identity-surface"><h2>Identity surface</h2>');
    expect(html).toContain('<h5>auth</h5>');
    expect(html).toMatch(/<div class="value small" id="coverage">instrumented auth decisions \d+\/\d+ \(\d+ %\) in /);
  });

  it('without a history file says how to make one and writes nothing (exit 2, as trend)', async () => {
    const result = await cli('report', '--html', 'out/report.html');
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'no history file; run `authboundary history record` or `authboundary history backfill` first',
      ),
    });
    expect(existsSync(join(repository.directory, 'out/report.html'))).toBe(false);
  });
});
