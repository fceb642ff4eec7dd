// Grid-search throughput: a 400-combo Donchian-breakout grid (entry x exit period, the library's SMA-cross-like
// mono strategy) and a DCA envelope grid over 1M candles, in candle-evaluations/s (combos x candles / wall time),
// on 2 worker threads vs one thread in the same run; then the wall time of a default-config backtest of
// 10 pairs x 3 tfs x every strategy on the simulated exchange (BENCH_FULL_RUN=0 to skip it).
// Needs `npm run build` (imports ../dist; piscina loads dist/workers/backtest-worker.js).
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultBacktestConfig } from '../dist/config/backtest-config.js';
import { loadAppConfig } from '../dist/config/app-config.js';
import { evaluateCombos, fullGrid } from '../dist/research/index.js';
import { createBacktestPool, shareCandles } from '../dist/workers/index.js';
import { randomWalkCandles } from './_random-walk.js';

export const name = 'grid';

const N = 1_000_000;
const here = dirname(fileURLToPath(import.meta.url));


const range = (from, count, step) => Array.from({ length: count }, (_, i) => from + i * step);

async function gridThroughput(label, strategyId, grid, candles, ref, pool, log, singleShare) {
  const config = defaultBacktestConfig();
  const combos = fullGrid(grid);
  // One window: IS = first half, OOS = second half, so every combo evaluates every candle once.
  const windows = [{ index: 0, isStart: 0, isEnd: N / 2, oosStart: N / 2, oosEnd: N }];
  const job = { pair: 'BENCH/USDT', tf: '1m', strategyId, grid, config, fees: { taker: 0.0005, maker: 0.0002, slippage: 0.0002 } };
  // Single thread on every k-th combo (k = workers): the same distinct indicators per combo as one worker pays
  // for, scaled to evaluations/s.
  const sample = combos.filter((_, i) => i % Math.round(1 / singleShare) === 0);
  // JIT warm-up with a throwaway indicator cache, as a worker is after its first batch (indicators are still paid for below).
  evaluateCombos({ candles, tf: '1m', strategyId, defaults: {}, combos: combos.slice(-2), windows, execution: { fees: job.fees }, comboScore: config.combo_score });
  let started = performance.now();
  evaluateCombos({ candles, tf: '1m', strategyId, defaults: {}, combos: sample, windows, execution: { fees: job.fees }, comboScore: config.combo_score });
  const singleRate = (sample.length * N) / ((performance.now() - started) / 1000);
  started = performance.now();
  const batches = [];
  for (let i = 0; i < combos.length; i += config.batch_size) batches.push(pool.evaluate(ref, job, windows, combos.slice(i, i + config.batch_size)));
  await Promise.all(batches);
  const seconds = (performance.now() - started) / 1000;
  log(`  ${label}: ${combos.length} combos x ${N} candles on ${pool.workers} workers in ${seconds.toFixed(1)} s`);
  return [
    { metric: `${label}, ${pool.workers} workers`, value: (combos.length * N) / seconds, unit: 'evals/s', baseline: { name: '1 thread', value: singleRate }, target: '>= 300M evals/s' },
  ];
}

async function fullBacktest(log) {
  const { backfillAll } = await import('../dist/data/backfill.js');
  const { createSimExchange } = await import('../dist/data/sim-exchange.js');
  const { runBacktest } = await import('../dist/loop/backtest-run.js');
  const dir = mkdtempSync(join(tmpdir(), 'scalp-grid-bench-'));
  try {
    writeFileSync(join(dir, 'config.yaml'), 'runtime:\n  data_dir: data\n  reports_dir: reports\n  exchange: sim\n  workers: 2\n  tf_list: [1m, 5m, 15m]\nsim:\n  frozen_at: "2025-03-01T00:00:00Z"\n');
    copyFileSync(join(here, '../config/entries_config.json'), join(dir, 'entries_config.json'));
    copyFileSync(join(here, '../config/backtest_config.json'), join(dir, 'backtest_config.json'));
    const appConfig = loadAppConfig(join(dir, 'config.yaml'));
    const exchange = createSimExchange(appConfig.sim);
    const pairs = (await exchange.loadMarkets()).filter((m) => m.active && m.symbol.endsWith('/USDT') && !/USD[CT]?\/|UP\/|DOWN\//.test(m.symbol)).slice(0, 10).map((m) => m.symbol);
    let started = performance.now();
    await backfillAll({ exchange, dataDir: appConfig.paths.dataDir, backfillLimit: 5000, csvMirror: false, retries: 0, retryBaseMs: 0, pairs, tfs: ['1m', '5m', '15m'] });
    log(`  backfill of ${pairs.length} pairs x 3 tfs (5000 candles) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    const result = await runBacktest({ appConfig, pairs, tfs: ['1m', '5m', '15m'], workers: 2 });
    const seconds = (performance.now() - started) / 1000;
    log(`  backtest: ${result.jobs} jobs, ${result.rows} rows, ${result.failures.length} failures, ${result.skipped.length} skipped in ${seconds.toFixed(1)} s`);
    started = performance.now();
    const again = await runBacktest({ appConfig, pairs, tfs: ['1m', '5m', '15m'], workers: 2 });
    const cachedSeconds = (performance.now() - started) / 1000;
    log(`  rerun with every result cached: ${again.reused} reused in ${cachedSeconds.toFixed(1)} s`);
    return [
      { metric: `backtest ${pairs.length} pairs x 3 tfs x all strategies, cold`, value: seconds, unit: 's', target: '<= 10 s' },
      { metric: 'same backtest, all results cached', value: cachedSeconds, unit: 's' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run({ log }) {
  const candles = randomWalkCandles(N, { seed: 7 });
  const ref = shareCandles(candles);
  const pool = createBacktestPool({ workers: 2 });
  try {
    const rows = [
      ...(await gridThroughput('donchian grid 400', 'donchian_breakout', { entry_period: range(10, 20, 5), exit_period: range(5, 20, 3) }, candles, ref, pool, log, 0.5)),
      ...(await gridThroughput('envelope DCA grid 48', 'envelope_dca', { ma_period: [10, 20, 50, 100], envelope_start: [0.01, 0.02, 0.03, 0.05], level_count: [2, 3, 5] }, candles, ref, pool, log, 0.5)),
    ];
    if (process.env.BENCH_FULL_RUN !== '0') rows.push(...(await fullBacktest(log)));
    return rows;
  } finally {
    await pool.destroy();
  }
}
