import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewModel, readDashboardInputs, renderDashboard } from '../../src/report/index.js';
import { startStaticServer, type StaticServer } from '../../src/serve/index.js';
import { copyFixtureWorkspace, workspaceOptions } from '../report/dashboard-fixture.js';

// Callbacks passed to page.evaluate run in the browser; the project compiles without the DOM lib, so declare what they use.
declare const document: any;
type DOMTokenListLike = { contains(name: string): boolean };
type BrowserElement = { offsetParent: unknown; classList: { contains(name: string): boolean }; getAttribute(name: string): string | null };

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const CHARTS = [
  'chart-equity', 'chart-windows', 'chart-overfitting', 'chart-degradation', 'chart-heatmap', 'chart-scatter', 'chart-distribution', 'chart-candles',
];
/** Charts that show their "no CSCV" message for a result without CSCV (the hostile-names fixture). */
const CSCV_CHARTS = ['chart-overfitting', 'chart-degradation'];
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) {
  console.warn(`dashboard browser test skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium); CI fails instead of skipping`);
}

/** Console errors, uncaught page errors, dialogs (alert = injected script ran) and any request leaving the server. */
function watch(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) problems.push(`external request: ${request.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/**
 * Waits until the detail of `title` is shown with every chart drawn by plotly: with data, or (for the charts named
 * in `empty`) with its empty-state message.
 */
async function waitForDetailCharts(page: Page, title: string, empty: readonly string[] = []): Promise<void> {
  await page.waitForFunction(
    ([ids, expected, emptyIds]) =>
      document.getElementById('detail-title')?.textContent === expected &&
      (ids as string[]).every((id) => {
        type Chart = { data?: unknown[]; layout?: { annotations?: { text: string }[] }; classList: DOMTokenListLike; querySelector(s: string): unknown };
        const chart = document.getElementById(id) as Chart | null;
        if (!chart?.classList.contains('js-plotly-plot') || !chart.querySelector('svg.main-svg')) return false;
        if (!(emptyIds as string[]).includes(id)) return (chart.data?.length ?? 0) > 0;
        return chart.data?.length === 0 && /^no /.test(chart.layout?.annotations?.[0]?.text ?? '');
      }),
    [CHARTS, title, empty] as const,
    { timeout: 15_000 },
  );
}

/** Rows of the walk-forward table and of the family comparison, as the reader sees them. */
async function detailTables(page: Page): Promise<{ windows: string[][]; family: string[][] }> {
  const rows = (selector: string) =>
    page.$$eval(selector, (trs) => trs.map((tr) => Array.from((tr as unknown as { cells: { textContent: string }[] }).cells, (cell) => cell.textContent.trim())));
  return { windows: await rows('#detail-windows tr'), family: await rows('#detail-family tr') };
}

const resultIds = (page: Page) => page.$$eval('#results-table tbody tr', (rows) => rows.map((row) => row.getAttribute('data-id')));

describe.skipIf(!hasChromium && !process.env.CI)('dashboard in a real browser (chromium)', () => {
  let root: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`no chromium at ${CHROMIUM}: CI must install it (apt-get install -y chromium)`);
    root = copyFixtureWorkspace();
    const model = buildViewModel(readDashboardInputs(workspaceOptions(root)));
    await renderDashboard(model, { outDir: join(root, 'site'), reportsDir: join(root, 'reports') });
    server = await startStaticServer({ root: join(root, 'site'), port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('works on a phone: sorting, filtering, a result detail with every chart, no horizontal scroll', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems = watch(page, server.url.replace('localhost', '127.0.0.1'));
    await page.goto(`http://127.0.0.1:${server.port}/dashboard.html`);

    // every chart in a visible section is drawn (the detail section shows its hint until a result is opened)
    const undrawn = await page.$$eval('.chart', (charts) => (charts as unknown as BrowserElement[]).filter((c) => c.offsetParent !== null && !c.classList.contains('js-plotly-plot')).length);
    expect(undrawn).toBe(0);
    expect(await page.textContent('#detail-status')).toBe('Tap a row of the results table to see its detail.');

    // sort by trades: descending first, then ascending
    const trades = page.locator('#results-table thead button[data-key="trades"]');
    await trades.click();
    const descending = ['ETHUSDT-1m-bb_revert', 'BTCUSDT-5m-ema_cross', 'BTCUSDT-1h-donchian_break', 'SOLUSDT-15m-rsi_grid', 'XSS-5m-hostile_names', 'XRPUSDT-5m-ema_cross'];
    expect(await resultIds(page)).toEqual(descending);
    await trades.click();
    expect(await resultIds(page)).toEqual([...descending].reverse());

    // filter by grade, then by search text
    await page.selectOption('select[data-filter="grade"]', 'F');
    expect(await page.textContent('#result-count')).toBe('2 of 6 shown');
    await page.selectOption('select[data-filter="grade"]', '');
    await page.fill('input[data-filter="search"]', 'bb_revert');
    expect(await page.$$eval('#results-table tbody tr:not([hidden])', (rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(['ETHUSDT-1m-bb_revert']);
    await page.fill('input[data-filter="search"]', '');

    // a thin record's Sharpe is muted and says why
    const thinSharpe = page.locator('tr[data-id="XRPUSDT-5m-ema_cross"] td.c-sharpe span.thin');
    expect(await thinSharpe.getAttribute('title')).toBe('fewer than 30 trades: this annualised Sharpe is noise');
    expect(await page.textContent('tr[data-id="XRPUSDT-5m-ema_cross"] td.c-pf')).toBe('no losses');

    // open a result: its detail with every chart, the walk-forward record, the family box, the breakdown and the stamp
    await page.click('tr[data-id="SOLUSDT-15m-rsi_grid"]');
    await waitForDetailCharts(page, 'SOL/USDT · 15m · rsi_grid');
    const tables = await detailTables(page);
    expect(tables.windows).toHaveLength(6);
    expect(tables.windows.map((row) => row[0])).toEqual(['W1', 'W2', 'W3', 'W4', 'W5', 'W6']);
    expect(tables.windows.every((row) => row.length === 9)).toBe(true);
    expect(tables.windows.map((row) => row[2])).toEqual(['rsi=14 · levels=4 · step=0.8', 'same as W1', 'same as W2', 'same as W3', 'same as W4', 'same as W5']);
    expect(tables.family.map((row) => row[0])).toEqual(['Deflated Sharpe (DSR) ?', 'Monte Carlo p ?', 'PBO ?']);
    const overfitting = await page.evaluate(() => (document.getElementById('chart-overfitting') as { data: { name: string }[] }).data.map((trace) => trace.name));
    expect(overfitting).toEqual([expect.stringMatching(/^this strategy · PBO /), expect.stringMatching(/^family · PBO /)]);
    expect(await page.$$eval('#detail-breakdown tr', (rows) => rows.length)).toBe(8);
    expect(await page.textContent('#detail-stamp')).toContain('cfg9f8e7d');
    expect(page.url()).toContain('#result=SOLUSDT-15m-rsi_grid');

    // the heatmap follows its axis selects
    await page.selectOption('#heatmap-x', 'step');
    await page.waitForFunction(() => (document.getElementById('chart-heatmap') as { layout?: { xaxis?: { title?: { text?: string } } } }).layout?.xaxis?.title?.text === 'step');

    // hostile names stay text in the detail too
    await page.click('tr[data-id="XSS-5m-hostile_names"]');
    await waitForDetailCharts(page, '<script>alert("pair")</script> · 5m · </script><script>alert(2)</script>', CSCV_CHARTS);

    // the screenshot shows a record whose windows changed their params
    await page.click('tr[data-id="BTCUSDT-5m-ema_cross"]');
    await waitForDetailCharts(page, 'BTC/USDT · 5m · ema_cross');
    expect(await page.$$eval('#detail-windows td.changed', (cells) => cells.length)).toBe(1);
    await page.evaluate(() => document.getElementById('detail')!.scrollIntoView());

    const scroll = await page.evaluate(() => [document.scrollingElement!.scrollWidth, document.scrollingElement!.clientWidth]);
    expect(scroll[0]).toBeLessThanOrEqual(scroll[1]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-390x844.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens a deep-linked result on a desktop, warning that its history is shorter than MinBTL', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page, `http://127.0.0.1:${server.port}`);
    await page.goto(`http://127.0.0.1:${server.port}/dashboard.html#result=ETHUSDT-1m-bb_revert`);
    await waitForDetailCharts(page, 'ETH/USDT · 1m · bb_revert');
    expect(await page.textContent('#detail-family-facts dd.warn')).toMatch(/^needs .* days · history .* days: too short/);
    expect((await detailTables(page)).windows).toHaveLength(6);
    const scroll = await page.evaluate(() => [document.scrollingElement!.scrollWidth, document.scrollingElement!.clientWidth]);
    expect(scroll[0]).toBeLessThanOrEqual(scroll[1]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-desktop-1366x900.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('works from file:// too (detail data arrives through script tags, not fetch)', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const fileUrl = pathToFileURL(join(root, 'site', 'dashboard.html')).href;
    const problems = watch(page, 'file://');
    await page.goto(fileUrl);
    await page.click('tr[data-id="ETHUSDT-1m-bb_revert"]');
    await waitForDetailCharts(page, 'ETH/USDT · 1m · bb_revert');
    expect(problems).toEqual([]);
    await context.close();
  });
});
