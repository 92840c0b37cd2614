import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRuleCatalogue, ruleCatalogue } from '@authboundary/rules';
import { addWeeks, computeTrend, readHistory, run, type CliIo, type HistoryRecord } from '@authboundary/scanner';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureRepository, fixes, mobilityPlatform } from '../../packages/scanner/test/support/fixture-repository.js';

/** Where screenshots are kept for a person to look at (git-ignored). */
const screenshotDirectory = join(import.meta.dirname, '..', '..', '.authboundary-demo');

/** What the tests read of an element in the page (the tests' TypeScript has no DOM library). */
interface PageElement {
  getAttribute(name: string): string | null;
}

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
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  // Unset when beforeAll failed.
  await (browser as BrowserContext | undefined)?.close();
  (repository as FixtureRepository | undefined)?.remove();
  if ((profile as string | undefined) !== undefined) rmSync(profile, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<number> {
  return cliIn(repository.directory, ...args);
}

async function cliIn(cwd: string, ...args: string[]): Promise<number> {
  const io: CliIo = { stdout: () => {}, stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, cwd };
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
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });

    expect(problems).toEqual([]);
    const points = page.locator('svg.chart circle.point-total');
    expect(await points.count()).toBe(5);
    expect(
      await points.evaluateAll((circles: readonly PageElement[]) =>
        circles.map((circle) => Number(circle.getAttribute('data-total'))),
      ),
    ).toEqual([19, 18, 18, 17, 16]);
    expect(await page.locator('#latest-total').textContent()).toBe('16');
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

  it('draws every shipped rule in a line of its own and the projection down to a zero week more than 26 weeks away, marked on the chart', async () => {
    // The whole fixture (every rule fires) with six earlier weeks falling by 1.5 a week: zero is
    // projected well beyond the 26 weeks the chart used to stop at.
    const directory = mkdtempSync(join(tmpdir(), 'authboundary-report-'));
    try {
      cpSync(mobilityPlatform, directory, { recursive: true });
      expect(await cliIn(directory, 'history', 'record')).toBe(0);
      const historyFile = join(directory, 'authboundary.history.json');
      const [current] = readHistory(historyFile).records as [HistoryRecord];
      const extraRule = 'no-provider-id-outside-auth';
      const earlier = [6, 5, 4, 3, 2, 1].map((weeksAgo): HistoryRecord => {
        const extra = Math.round(1.5 * weeksAgo);
        return {
          ...current,
          week: addWeeks(current.week, -weeksAgo),
          total: current.total + extra,
          byRule: { ...current.byRule, [extraRule]: current.byRule[extraRule]! + extra },
        };
      });
      const history = { ...(JSON.parse(readFileSync(historyFile, 'utf8')) as object), records: [...earlier, current] };
      writeFileSync(historyFile, JSON.stringify(history, null, 2));
      const trend = computeTrend(readHistory(historyFile));
      // Falling 1.5 a week from the fixture's total: zero lies beyond the 26 weeks the chart used to stop at.
      expect(trend.projection).toMatchObject({ status: 'converging', weeksToZero: Math.ceil(current.total / 1.5) });
      expect(trend.projection.weeksToZero).toBeGreaterThan(26);
      const rules = [...ruleCatalogue, ...projectRuleCatalogue].map((rule) => rule.id);
      expect(Object.keys(current.byRule).sort()).toEqual([...rules].sort());

      const htmlFile = join(directory, 'report.html');
      expect(await cliIn(directory, 'report', '--html', htmlFile)).toBe(0);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });

      // Every rule's line looks different as drawn: its computed stroke colour and dash pattern.
      const styles = await page.locator('svg.chart polyline.series-rule').evaluateAll((lines: readonly PageElement[]) =>
        lines.map((line) => {
          // Runs in the page: the browser's own computed style (the tests' TypeScript has no DOM library).
          const style = (
            globalThis as unknown as { getComputedStyle(element: unknown): { stroke: string; strokeDasharray: string } }
          ).getComputedStyle(line);
          return { rule: line.getAttribute('data-rule'), stroke: style.stroke, dash: style.strokeDasharray };
        }),
      );
      expect(styles.map((style) => style.rule).sort()).toEqual([...rules].sort());
      expect(new Set(styles.map((style) => `${style.stroke}|${style.dash}`)).size).toBe(rules.length);
      expect(await page.locator('ul.legend li[data-rule] svg.swatch-line').count()).toBe(rules.length);

      // The projection reaches the zero grid line inside the chart, where the zero week is marked.
      const chart = (await page.locator('svg.chart').boundingBox())!;
      const marker = page.locator('svg.chart g.zero-week');
      expect(await marker.getAttribute('data-week')).toBe(trend.projection.zeroWeek);
      expect(await marker.locator('text').textContent()).toBe(`zero in ${trend.projection.zeroWeek}`);
      const circle = (await marker.locator('circle').boundingBox())!;
      expect(circle.x).toBeGreaterThanOrEqual(chart.x);
      expect(circle.x + circle.width).toBeLessThanOrEqual(chart.x + chart.width);
      const zeroLine = (await page
        .locator('svg.chart g.grid')
        .filter({ hasText: /^0$/ })
        .locator('line')
        .boundingBox())!;
      expect(Math.abs(circle.y + circle.height / 2 - zeroLine.y)).toBeLessThan(2);
      const label = (await marker.locator('text').boundingBox())!;
      expect(label.x).toBeGreaterThanOrEqual(chart.x);
      expect(await page.locator('svg.chart text.week-label').last().textContent()).toBe(trend.projection.zeroWeek);

      mkdirSync(screenshotDirectory, { recursive: true });
      const screenshot = join(screenshotDirectory, 'html-report-every-rule.e2e.png');
      await page.locator('section', { has: page.locator('svg.chart') }).screenshot({ path: screenshot }); // the chart and its legend
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);
      await page.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
