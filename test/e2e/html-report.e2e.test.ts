import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run, type CliIo } from '@authboundary/scanner';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureRepository, fixes } from '../../packages/scanner/test/support/fixture-repository.js';

/** Where screenshots are kept for a person to look at (git-ignored). */
const screenshotDirectory = join(import.meta.dirname, '..', '..', '.authboundary-demo');

let repository: FixtureRepository;
let profile: string;
let browser: BrowserContext;

beforeAll(async () => {
  repository = new FixtureRepository();
  const day = 86_400_000;
  const weeksAgo = (weeks: number) => new Date(Date.now() - weeks * 7 * day).toISOString();
  repository.commitAt(weeksAgo(4), 'the platform as it was');
  repository.commitAt(weeksAgo(3), 'wallet', fixes.walletOperationsAccount);
  repository.commitAt(weeksAgo(1), 'back office', fixes.backofficeLegacyPool);
  repository.commitAt(weeksAgo(0), 'support chat', fixes.supportChatSubject);
  profile = mkdtempSync(join(tmpdir(), 'authboundary-chromium-'));
  // A fresh profile directory is the user data dir (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  repository?.remove();
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<number> {
  const io: CliIo = { stdout: () => {}, stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, cwd: repository.directory };
  return run(['node', 'authboundary', ...args], io);
}

describe('HTML report in headless Chromium', () => {
  it('loads without console errors or network requests, draws a point per week, and renders a screenshot', async () => {
    const cache = join(repository.directory, '..', `${repository.directory.split('/').at(-1)}-cache`);
    expect(await cli('history', 'backfill', '--weeks', '5', '--cache-dir', cache)).toBe(0);
    rmSync(cache, { recursive: true, force: true });
    const htmlFile = join(repository.directory, 'report.html');
    expect(await cli('report', '--html', htmlFile)).toBe(0);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });

    expect(problems).toEqual([]);
    const points = page.locator('svg.chart circle.point-total');
    expect(await points.count()).toBe(5);
    expect(await points.evaluateAll((circles) => circles.map((circle) => Number(circle.getAttribute('data-total'))))).toEqual([18, 17, 17, 16, 15]);
    expect(await page.locator('#latest-total').textContent()).toBe('15');
    expect(await page.locator('svg.chart polyline.series-rule').count()).toBe(1);
    expect(await page.locator('svg.chart line.projection').count()).toBe(1);
    const box = await page.locator('svg.chart').boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(box!.height).toBeGreaterThan(150);

    mkdirSync(screenshotDirectory, { recursive: true });
    const screenshot = join(screenshotDirectory, 'html-report.e2e.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    await page.close();
  });
});
