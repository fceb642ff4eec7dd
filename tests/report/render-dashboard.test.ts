import { existsSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildViewModel, detailAssetPath, readDashboardInputs, renderDashboard } from '../../src/report/index.js';
import { isAllowedRelativePath } from '../../src/serve/index.js';
import { copyFixtureWorkspace, workspaceOptions } from './dashboard-fixture.js';

const workspaces: string[] = [];
afterEach(() => {
  for (const root of workspaces.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function renderWorkspace(prepare: (root: string) => void = () => {}) {
  const root = copyFixtureWorkspace();
  workspaces.push(root);
  prepare(root);
  const model = buildViewModel(readDashboardInputs(workspaceOptions(root)));
  const outDir = join(root, 'site');
  const rendered = await renderDashboard(model, { outDir, reportsDir: join(root, 'reports') });
  return { root, outDir, model, rendered, html: readFileSync(rendered.htmlFile, 'utf8') };
}

/** Runs a detail script the way the browser would and returns what it hands to window.scalpDetail. */
function loadDetailScript(file: string): { id: string; payload: Record<string, unknown> } {
  let received: { id: string; payload: Record<string, unknown> } | undefined;
  runInNewContext(readFileSync(file, 'utf8'), { window: { scalpDetail: (id: string, payload: Record<string, unknown>) => (received = { id, payload }) } });
  return received!;
}

describe('renderDashboard', () => {
  it('writes a page with every section, the simulated banner and server-rendered result rows', async () => {
    const { html, rendered } = await renderWorkspace();
    for (const id of ['watchlist', 'active', 'results', 'detail', 'activity', 'glossary']) expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain('SIMULATED DATA');
    expect(html.match(/<tr class="result"/g)).toHaveLength(6);
    expect(html).toContain('<td class="num c-sharpe" data-sort="2.31"><span class="">2.31</span></td>');
    expect(html).toContain('<td class="num c-pf" data-sort="1e308"><span class="">no losses</span></td>');
    expect(html).toContain('Last cycle 2025-06-01 11:06 UTC (53m ago)');
    expect(html).toContain('only 12 OOS trades (minimum 30)');
    expect(html).toContain('backfill: DOGE/USDT 1m: exchange unavailable after 5 retries &lt;timeout&gt;');
    expect(rendered.bytes).toBe(Buffer.byteLength(html));
  });

  it('renders hostile pair and strategy names as text, never as markup', async () => {
    const { html } = await renderWorkspace();
    expect(html.match(/<script/g)).toHaveLength(2); // the JSON config and the client script, nothing else
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;pair&quot;)&lt;/script&gt; · 5m');
    expect(html).toContain('data-strategy="&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
  });

  it('escapes < inside the embedded JSON so data cannot close its script element', async () => {
    const root = copyFixtureWorkspace();
    workspaces.push(root);
    const model = buildViewModel(readDashboardInputs(workspaceOptions(root)));
    const hostile = { ...model, client: { comboMetrics: [{ key: 'x', label: '</script><script>alert(3)</script>' }] } };
    const { htmlFile } = await renderDashboard(hostile, { outDir: join(root, 'site'), reportsDir: join(root, 'reports') });
    const html = readFileSync(htmlFile, 'utf8');
    const json = /<script type="application\/json" id="scalp-config">(.*?)<\/script>/.exec(html)![1];
    expect(json).toContain('\\u003c/script>\\u003cscript>alert(3)\\u003c/script>');
    expect(JSON.parse(json).comboMetrics[0].label).toBe('</script><script>alert(3)</script>');
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('marks a thin record\'s Sharpe as noise with a title, screen-reader text and a note under the table', async () => {
    const { html } = await renderWorkspace();
    const note = 'fewer than 30 trades: this annualised Sharpe is noise';
    expect(html).toContain(
      `<td class="num c-sharpe" data-sort="13.4"><span class="thin" title="${note}">13.40<span class="marker" aria-hidden="true">*</span><span class="visually-hidden"> (${note})</span></span></td>`,
    );
    expect(html).toContain(`<p class="muted table-note">* ${note} (<a href="#g-thin">thin records</a>)</p>`);
  });

  it('labels the every-combo charts as a diagnostic and offers no score to colour the heatmap by', async () => {
    const { html } = await renderWorkspace();
    expect(html).toContain('Diagnostic: every combo on every OOS window; never used to choose');
    const options = [...html.matchAll(/<select id="heatmap-metric">(.*?)<\/select>/g)][0][1];
    expect(options).toBe(
      '<option value="oos_sharpe">OOS Sharpe</option><option value="is_sharpe">IS Sharpe</option><option value="oos_return">OOS return</option>' +
        '<option value="oos_trades">OOS trades</option><option value="windows_chosen">Windows chosen</option>',
    );
  });

  it('links every glossary anchor the page uses to an entry', async () => {
    const { html } = await renderWorkspace();
    const anchors = new Set([...html.matchAll(/href="#g-([a-z_]+)"/g)].map((match) => match[1]));
    expect(anchors.size).toBeGreaterThan(15);
    for (const id of anchors) expect(html).toContain(`id="g-${id}"`);
  });

  it('links every results column header to its glossary entry', async () => {
    const { html, model } = await renderWorkspace();
    for (const column of model.results.columns) {
      expect(html).toContain(`href="#g-${column.glossaryId}"`);
      expect(html).toContain(`id="g-${column.glossaryId}"`);
    }
  });

  it('keeps the page small and references only local assets', async () => {
    const { html } = await renderWorkspace();
    expect(Buffer.byteLength(html)).toBeLessThan(60_000);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toMatch(/<script src="assets\/dashboard\.js\?v=[0-9a-f]{12}" defer><\/script>/);
    expect(html).not.toContain('"combos"'); // detail data is loaded lazily, never inline
  });

  it('writes plotly, the client script and one detail script per result', async () => {
    const { outDir, rendered, model } = await renderWorkspace();
    expect(rendered.assets.map((asset) => asset.path).slice(0, 2)).toEqual(['assets/plotly.min.js', 'assets/dashboard.js']);
    expect(statSync(join(outDir, 'assets/plotly.min.js')).size).toBeGreaterThan(1_000_000);
    expect(readFileSync(join(outDir, 'assets/dashboard.js'), 'utf8')).toContain('scalpFigures');
    const first = model.results.rows[0];
    const { id, payload } = loadDetailScript(join(outDir, first.detailSrc));
    expect(id).toBe('BTCUSDT-5m-ema_cross');
    expect((payload.detail as { combos: unknown[] }).combos).toHaveLength(30);
    expect((payload.extras as { title: string }).title).toBe('BTC/USDT · 5m · ema_cross');
    const view = payload.view as { walkForward: unknown[]; family: { comparisons: { label: string }[] } };
    expect(view.walkForward).toHaveLength(6);
    expect(view.family.comparisons.map((item) => item.label)).toEqual(['Deflated Sharpe (DSR)', 'Monte Carlo p', 'PBO']);
  });

  it('copies plotly only when it changed and rewrites nothing on an identical render', async () => {
    const { outDir, root, model } = await renderWorkspace();
    const again = await renderDashboard(model, { outDir, reportsDir: join(root, 'reports') });
    expect(again.assets.filter((asset) => asset.written)).toEqual([]);
    writeFileSync(join(outDir, 'assets/plotly.min.js'), 'truncated');
    const repaired = await renderDashboard(model, { outDir, reportsDir: join(root, 'reports') });
    expect(repaired.assets.find((asset) => asset.path === 'assets/plotly.min.js')!.written).toBe(true);
    expect(statSync(join(outDir, 'assets/plotly.min.js')).size).toBeGreaterThan(1_000_000);
  });

  it('ships the reason with the detail when its file is missing or corrupt', async () => {
    const { outDir } = await renderWorkspace((root) => {
      unlinkSync(join(root, 'reports/details/ETHUSDT-1m-bb_revert.json'));
      writeFileSync(join(root, 'reports/details/SOLUSDT-15m-rsi_grid.json'), '{"id": "SOLUSDT-15m-rsi_grid"}');
    });
    const missing = loadDetailScript(join(outDir, detailAssetPath('ETHUSDT-1m-bb_revert'))).payload;
    expect(missing.error).toMatch(/no detail file .*ETHUSDT-1m-bb_revert\.json: run `scalp backtest` again/);
    const corrupt = loadDetailScript(join(outDir, detailAssetPath('SOLUSDT-15m-rsi_grid'))).payload;
    expect(corrupt.error).toMatch(/detail file is corrupt: .*SOLUSDT-15m-rsi_grid\.json/);
  });

  it('removes detail scripts of results that left the summary', async () => {
    const { outDir, root } = await renderWorkspace();
    const summaryFile = join(root, 'reports/summary.json');
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    summary.rows = summary.rows.slice(0, 2);
    writeFileSync(summaryFile, JSON.stringify(summary));
    const model = buildViewModel(readDashboardInputs(workspaceOptions(root)));
    await renderDashboard(model, { outDir, reportsDir: join(root, 'reports') });
    expect(existsSync(join(outDir, detailAssetPath('XRPUSDT-5m-ema_cross')))).toBe(false);
    expect(existsSync(join(outDir, detailAssetPath('BTCUSDT-5m-ema_cross')))).toBe(true);
  });

  it('shows a corrupt summary as a warning and the results hint', async () => {
    const { html } = await renderWorkspace((root) => writeFileSync(join(root, 'reports/summary.json'), 'not json'));
    expect(html).toContain('<section class="warnings" id="warnings" role="alert">');
    expect(html).toMatch(/summary\.json<\/code>: .*malformed JSON/);
    expect(html).toContain('No backtest yet: run scalp backtest');
  });
});

describe('detailAssetPath', () => {
  it.each([
    ['BTCUSDT-5m-ema_cross', /^assets\/details\/BTCUSDT-5m-ema_cross_[0-9a-z]+\.js$/],
    ['<script>/../x y', /^assets\/details\/_script_\.\._x_y_[0-9a-z]+\.js$/],
    ['...', /^assets\/details\/_[0-9a-z]+\.js$/],
    ['.hidden', /^assets\/details\/hidden_[0-9a-z]+\.js$/],
  ])('maps %j to a file name the static server accepts', (id, expected) => {
    expect(detailAssetPath(id)).toMatch(expected);
    expect(isAllowedRelativePath(detailAssetPath(id))).toBe(true);
  });

  it('gives different ids different files even when their safe characters agree', () => {
    expect(detailAssetPath('a/b')).not.toBe(detailAssetPath('a b'));
  });
});
