import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config.js';
import { BacktestConfigSchema } from '../../src/config/backtest-config.js';
import { SimSchema } from '../../src/config/runtime-config.js';
import { CandidatesFileSchema } from '../../src/config/strategies-file.js';
import { SummaryFileSchema } from '../../src/config/summary-file.js';
import { candlesFromRows, candleRows } from '../../src/core/candles.js';
import { backfillAll } from '../../src/data/backfill.js';
import { formatCandlesCsv } from '../../src/data/csv-candles.js';
import { importCandles } from '../../src/data/import-candles.js';
import { createSimExchange } from '../../src/data/sim-exchange.js';
import { runBacktest } from '../../src/loop/backtest-run.js';
import { renderFromDisk } from '../../src/loop/render-step.js';
import { collectStatus } from '../../src/loop/status-report.js';
import { backtestWorkerFile } from '../../src/workers/index.js';
import { randomWalk } from '../helpers/random-walk.js';

const FROZEN = Date.parse('2025-03-01T00:00:00Z');
const entries = { strategies: { bollinger_mr: { family: 'mono' as const, sides: ['long' as const, 'short' as const], enabled: true, defaults: {}, grid: { period: [10, 20] }, notes: '' } } };
const backtestConfig = BacktestConfigSchema.parse({ walk_forward: { default: { is_bars: 600, oos_bars: 200, step_bars: 200, embargo_bars: 5 } }, monte_carlo: { sims: 200 } });

/**
 * A store holding a simulated series (backfilled from the simulated exchange) beside a real one (imported, older
 * than any freshness threshold), run with runtime.exchange: none.
 */
describe.skipIf(!existsSync(backtestWorkerFile()))('SIMULATED labels per series in a mixed store (exchange none)', () => {
  let dir: string;
  let config: AppConfig;
  let simPair: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scalp-mixed-'));
    writeFileSync(join(dir, 'config.yaml'), 'runtime:\n  data_dir: data\n  reports_dir: reports\n  dashboard_dir: .\n  strategies_dir: strategies\n  exchange: none\n  tf_list: [1h]\n');
    config = loadAppConfig(join(dir, 'config.yaml'));
    const sim = createSimExchange(SimSchema.parse({ frozen_at: '2025-03-01T00:00:00Z' }));
    simPair = (await sim.loadMarkets()).map((m) => m.symbol).find((s) => s.endsWith('/USDT') && !s.startsWith('BTC'))!;
    await backfillAll({ exchange: sim, dataDir: config.paths.dataDir, backfillLimit: 1500, csvMirror: false, retries: 0, retryBaseMs: 0, pairs: [simPair], tfs: ['1h'] });
    const real = join(dir, 'btc.csv');
    writeFileSync(real, formatCandlesCsv(candlesFromRows(candleRows(randomWalk(1500, 4, { stepMs: 3_600_000, startMs: Date.UTC(2021, 0, 1), volumeSpread: 5 })))));
    await importCandles({ dataDir: config.paths.dataDir, files: [real], pair: 'BTC/USDT', tf: '1h' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('status labels each series from its own record, and offline nothing is OLD', async () => {
    const status = await collectStatus(config, FROZEN);
    expect(status.rows.map((row) => [row.pair, row.state, row.simulated]).sort()).toEqual([
      ['BTC/USDT', 'DAT', false],
      [simPair, 'DAT', true],
    ].sort());
    expect(status.simulated).toBe(true);
    expect(status.hints.join(' ')).not.toMatch(/backfill/);
  });

  it('labels each result and dashboard row from its series: both labels in one summary', async () => {
    const result = await runBacktest({ appConfig: config, pairs: ['BTC/USDT', simPair], tfs: ['1h'], workers: 2, backtestConfig, entries });
    expect(result.failures).toEqual([]);
    const summary = SummaryFileSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'summary.json'), 'utf8')));
    expect(Object.fromEntries(summary.rows.map((row) => [row.pair, row.simulated]))).toEqual({ 'BTC/USDT': false, [simPair]: true });
    expect([summary.exchange, summary.simulated]).toEqual(['none', true]);
    const candidates = CandidatesFileSchema.parse(parse(readFileSync(join(dir, 'reports', 'strategies.yml.next'), 'utf8')));
    expect(Object.fromEntries(candidates.strategies.map((c) => [c.pair, c.simulated]))).toEqual({ 'BTC/USDT': false, [simPair]: true });

    await renderFromDisk(config, { now: FROZEN });
    const html = readFileSync(join(dir, 'dashboard.html'), 'utf8');
    const row = (pair: string) => html.match(new RegExp(`<tr class="result"[^>]*data-pair="${pair.replace('/', '\\/')}"[^>]*>[\\s\\S]*?</tr>`))![0];
    expect(row('BTC/USDT')).toMatch(/data-simulated="false"/);
    expect(row('BTC/USDT')).not.toMatch(/sim-tag/);
    expect(row(simPair)).toMatch(/data-simulated="true"[\s\S]*<span class="sim-tag"[^>]*>SIM<\/span>/);
    expect(html).toMatch(/SIMULATED DATA in 1 result\(s\) and 1 series, marked SIM; the rest is real market data/);
  });
});
