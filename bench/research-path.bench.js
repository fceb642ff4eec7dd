// The path users run, against the benches' own kernels in the same run:
//  - sweep(): envelope_dca's 48 configured combos x 1M candles on 2 workers vs a plain single-thread DCA loop;
//  - the research step (series session: pool-wide indicator fill, then combo batches scored on a walk-forward
//    window) on a 400-combo donchian_breakout grid x 1M vs the sma-cross bench kernel's 400 x 1M on 2 workers;
//  - backtest() of 1M candles with equity, trades and metrics vs a plain signal loop;
//  - one pair at 1m x 500k candles x every strategy (a child process): CPU seconds and peak RSS
//    (BENCH_ONE_PAIR=0 skips it, ~1 min on 2 cores).
// Needs `npm run build` (imports ../dist; piscina loads dist/workers/backtest-worker.js).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { backtest, createSweepPool, defaultBacktestConfig, sweep } from '../dist/index.js';
import { fullGrid } from '../dist/research/index.js';
import { openSeries, shareCandles } from '../dist/workers/index.js';
import { plainEnvelopeDca } from './_plain-dca.js';
import { randomWalkCandles } from './_random-walk.js';

export const name = 'research-path';

const N = 1_000_000;
const WORKERS = 2;
const FEES = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };
const ENVELOPE_GRID = { ma_period: [10, 20, 30, 50], envelope_start: [0.01, 0.02, 0.03], envelope_step: [0.01, 0.02], stop_loss_pct: [0.05, 0.1] };
const range = (from, count, step) => Array.from({ length: count }, (_, i) => from + i * step);

async function sweepVsPlainLoop(candles, pool, log) {
  const combos = fullGrid(ENVELOPE_GRID).map((combo) => ({ level_count: 3, ...combo }));
  plainEnvelopeDca(candles, combos[0], FEES); // JIT warm-up
  let started = performance.now();
  for (const combo of combos) plainEnvelopeDca(candles, combo, FEES);
  const plainSeconds = (performance.now() - started) / 1000;
  const options = { pool, timeframe: '1m', fees: FEES, defaults: { level_count: 3 } };
  await sweep(candles, 'envelope_dca', { ma_period: [10], envelope_start: [0.01] }, options); // worker warm-up
  started = performance.now();
  const rows = await sweep(candles, 'envelope_dca', ENVELOPE_GRID, options);
  const seconds = (performance.now() - started) / 1000;
  const best = rows.find((row) => row.rank === 1);
  log(`  sweep envelope_dca ${rows.length} combos x ${N}: ${seconds.toFixed(2)} s on ${WORKERS} workers; plain loop ${plainSeconds.toFixed(2)} s on 1 thread (best ${JSON.stringify(best.params)})`);
  const rate = (s) => (combos.length * N) / s;
  return [
    { metric: `sweep envelope_dca ${combos.length} x 1M, ${WORKERS} workers`, value: rate(seconds), unit: 'evals/s', baseline: { name: 'plain DCA loop, 1 thread', value: rate(plainSeconds) }, target: '>= 1.6x' },
  ];
}

async function smaCrossKernel(candles, ref, log) {
  const pool = new Piscina({ filename: new URL('./_sma-cross-worker.js', import.meta.url).href, minThreads: WORKERS, maxThreads: WORKERS });
  try {
    const combos = range(5, 20, 2).flatMap((fast) => range(50, 20, 20).map((slow) => [fast, slow]));
    const started = performance.now();
    const periods = [...new Set(combos.flat())];
    const smas = Object.fromEntries(periods.map((period) => [period, new SharedArrayBuffer(N * 8)]));
    const shares = Array.from({ length: WORKERS }, (_, w) => Object.fromEntries(periods.filter((_, i) => i % WORKERS === w).map((p) => [p, smas[p]])));
    await Promise.all(shares.map((fill) => pool.run({ ref, fill })));
    const batches = [];
    for (let i = 0; i < combos.length; i += 20) batches.push(pool.run({ ref, kind: 'sma', combos: combos.slice(i, i + 20), smas }));
    await Promise.all(batches);
    const seconds = (performance.now() - started) / 1000;
    log(`  sma-cross bench kernel 400 x ${N}: ${seconds.toFixed(2)} s on ${WORKERS} workers`);
    return (combos.length * N) / seconds;
  } finally {
    await pool.destroy();
  }
}

async function researchPath(candles, ref, pool, log) {
  const grid = { entry_period: range(10, 20, 5), exit_period: range(5, 20, 3) };
  const combos = fullGrid(grid);
  const config = defaultBacktestConfig();
  const job = { pair: 'BENCH/USDT', tf: '1m', strategyId: 'donchian_breakout', grid, config, fees: FEES };
  // One window, IS = first half and OOS = second half: every combo evaluates every candle once.
  const windows = [{ index: 0, isStart: 0, isEnd: N / 2, oosStart: N / 2, oosEnd: N }];
  await openSeries(pool, candles, shareCandles(candles)).evaluate(job, windows, combos.slice(0, 4)); // worker warm-up, own indicators
  const baseline = await smaCrossKernel(candles, ref, log);
  const started = performance.now();
  const session = openSeries(pool, candles, ref);
  const batches = [];
  for (let i = 0; i < combos.length; i += config.batch_size) batches.push(session.evaluate(job, windows, combos.slice(i, i + config.batch_size)));
  await Promise.all(batches);
  const seconds = (performance.now() - started) / 1000;
  log(`  research path donchian_breakout ${combos.length} x ${N}: ${seconds.toFixed(2)} s on ${WORKERS} workers (indicators filled once for the pool)`);
  return [
    {
      metric: `research path, donchian_breakout ${combos.length} x 1M, ${WORKERS} workers`,
      value: (combos.length * N) / seconds,
      unit: 'evals/s',
      baseline: { name: 'sma-cross bench kernel', value: baseline },
      target: '>= 250M evals/s, >= 0.8x',
    },
  ];
}

function crossSignals(close) {
  const fast = new Float64Array(N);
  const slow = new Float64Array(N);
  let f = 0;
  let s = 0;
  for (let t = 0; t < N; t++) {
    f += close[t] - (t >= 10 ? close[t - 10] : 0);
    s += close[t] - (t >= 40 ? close[t - 40] : 0);
    fast[t] = t >= 9 ? f / 10 : Number.NaN;
    slow[t] = t >= 39 ? s / 40 : Number.NaN;
  }
  const up = new Uint8Array(N);
  const down = new Uint8Array(N);
  for (let t = 1; t < N; t++) {
    up[t] = fast[t] > slow[t] && fast[t - 1] <= slow[t - 1] ? 1 : 0;
    down[t] = fast[t] < slow[t] && fast[t - 1] >= slow[t - 1] ? 1 : 0;
  }
  return { up, down };
}

/** The baseline: always in the market on the same crosses, marked every bar, no costs, stops or records. */
function plainSignalLoop(close, up, down, equity) {
  let cash = 10_000;
  let units = 0;
  for (let t = 0; t < close.length; t++) {
    const price = close[t];
    if (up[t] === 1 && units <= 0) {
      cash += units * price;
      units = cash / price;
      cash -= units * price;
    } else if (down[t] === 1 && units >= 0) {
      cash += units * price;
      units = -cash / price;
      cash -= units * price;
    }
    equity[t] = cash + units * price;
  }
  return equity;
}

/** Median wall time of `runs` after warm-up; every run's result is read, then dropped (a user's loop). */
function medianMs(fn, runs = 21) {
  for (let i = 0; i < 5; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[runs >> 1];
}

function backtestFullResult(candles, log) {
  const { up, down } = crossSignals(candles.close);
  const signals = { enterLong: up, exitLong: down, enterShort: down, exitShort: up };
  const options = { timeframe: '1m', stopLossPct: 0.01, takeProfitPct: 0.02, fees: FEES };
  let trades = 0;
  let checksum = 0;
  const fullMs = medianMs(() => {
    const result = backtest(candles, signals, options);
    trades = result.trades.length;
    checksum += result.equity[N - 1] + result.trades[trades - 1].pnl + result.metrics.sharpe;
  });
  const equity = new Float64Array(N);
  const plainMs = medianMs(() => plainSignalLoop(candles.close, up, down, equity));
  log(`  backtest() 1M: ${trades} trades, median ${fullMs.toFixed(1)} ms; plain signal loop ${plainMs.toFixed(1)} ms (checksum ${checksum.toFixed(0)})`);
  return [{ metric: 'backtest() 1M, equity + trades + metrics (median)', value: fullMs, unit: 'ms', baseline: { name: 'plain signal loop', value: plainMs }, target: '<= 20 ms' }];
}

function onePairAllStrategies(log) {
  const script = fileURLToPath(new URL('./_one-pair-run.js', import.meta.url));
  const out = JSON.parse(execFileSync(process.execPath, [script, '500000'], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  log(`  one pair 1m x 500k x ${out.jobs} strategies: ${out.seconds.toFixed(1)} s wall, ${out.cpuSeconds.toFixed(1)} CPU-s, peak RSS ${(out.peakRssBytes / 2 ** 30).toFixed(2)} GiB, ${out.failures} failures`);
  return [
    { metric: 'one pair 1m x 500k x all strategies, CPU', value: out.cpuSeconds, unit: 's', target: '<= 60 CPU-s' },
    { metric: 'one pair 1m x 500k x all strategies, peak RSS', value: out.peakRssBytes / 2 ** 20, unit: 'MiB', target: '<= 1024 MiB' },
  ];
}

export async function run({ log }) {
  const candles = randomWalkCandles(N, { seed: 7 });
  const ref = shareCandles(candles);
  const rows = [...backtestFullResult(candles, log)];
  const pool = createSweepPool({ workers: WORKERS });
  try {
    rows.push(...(await sweepVsPlainLoop(candles, pool, log)));
    rows.push(...(await researchPath(candles, ref, pool, log)));
  } finally {
    await pool.destroy();
  }
  if (process.env.BENCH_ONE_PAIR !== '0') rows.push(...onePairAllStrategies(log));
  return rows;
}
