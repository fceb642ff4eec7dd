// The grid benchmark: 400 SMA-cross combos (20 fast x 20 slow periods) x 1M candles through the mono
// kernel, and a 48-combo envelope-DCA grid through the grid kernel, in candle-evaluations/s (combos x candles /
// wall time) on 2 piscina workers over SharedArrayBuffer candles, against one thread in the same run (all
// combos, warm code). Each distinct SMA is computed once per run, included in the timings: by one thread's
// IndicatorCache, or on the pool by the workers splitting the periods into shared buffers before the batches;
// each combo = packed cross signals into scratch + kernel (scoreOnly) + the Sharpe / net return / trades a search
// ranks on (return moments accumulated by the kernel, as research's scorePlan). Needs `npm run build`.
import { Piscina } from 'piscina';
import { IndicatorCache } from '../dist/indicators/index.js';
import { shareCandles } from '../dist/workers/index.js';
import { createGridState, evaluateEnvelopeDca, evaluateSmaCross, smaPeriodsOf, warmUpCandles } from './_sma-cross-grid.js';

export const name = 'sma-cross';

const N = 1_000_000;
const WORKERS = 2;
const BATCH = 20;

const range = (from, count, step) => Array.from({ length: count }, (_, i) => from + i * step);
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function throughput(label, kind, combos, candles, ref, pool, log, singleShare) {
  // One thread: a fresh cache (indicators are paid for, as in a worker), warm code, a share of the combos (all by default).
  const sample = combos.filter((_, i) => i % Math.round(1 / singleShare) === 0);
  const evaluate = kind === 'sma' ? evaluateSmaCross : evaluateEnvelopeDca;
  const state = createGridState(N);
  evaluate(candles, new IndicatorCache(candles), state, sample.slice(0, 3)); // JIT warm-up, as a worker is after its first batch
  let started = performance.now();
  const cpu = process.cpuUsage();
  evaluate(candles, new IndicatorCache(candles), state, sample);
  const singleSeconds = (performance.now() - started) / 1000;
  const singleRate = (sample.length * N) / singleSeconds;
  log(`  ${label}: 1 thread ${sample.length} combos in ${singleSeconds.toFixed(2)} s wall, ${(cpuMs(cpu) / 1000).toFixed(2)} s CPU`);
  started = performance.now();
  // The pool computes each distinct SMA once (the workers split the periods, into shared buffers), as one thread does.
  const periods = smaPeriodsOf(kind, combos);
  const smas = Object.fromEntries(periods.map((period) => [period, new SharedArrayBuffer(N * Float64Array.BYTES_PER_ELEMENT)]));
  const shares = Array.from({ length: WORKERS }, (_, w) => Object.fromEntries(periods.filter((_, i) => i % WORKERS === w).map((period) => [period, smas[period]])));
  await Promise.all(shares.map((fill) => pool.run({ ref, fill })));
  const batches = [];
  for (let i = 0; i < combos.length; i += BATCH) batches.push(pool.run({ ref, kind, combos: combos.slice(i, i + BATCH), smas }));
  const results = (await Promise.all(batches)).flat();
  const seconds = (performance.now() - started) / 1000;
  const best = results.reduce((a, b) => (b.sharpe > a.sharpe ? b : a));
  log(`  ${label}: ${combos.length} combos x ${N} candles on ${WORKERS} workers in ${seconds.toFixed(2)} s (best ${JSON.stringify(best.combo)}, Sharpe ${best.sharpe.toFixed(2)}, ${best.trades} trades)`);
  return [
    { metric: `${label}, 1 thread`, value: singleRate, unit: 'evals/s', target: '>= 150M evals/s per thread' },
    { metric: `${label}, ${WORKERS} workers`, value: (combos.length * N) / seconds, unit: 'evals/s', baseline: { name: '1 thread', value: singleRate }, target: '>= 300M evals/s' },
    { metric: `${label}, ${WORKERS} workers wall`, value: seconds, unit: 's' },
  ];
}

export async function run({ log }) {
  const candles = warmUpCandles(N);
  const ref = shareCandles(candles);
  const pool = new Piscina({ filename: new URL('./_sma-cross-worker.js', import.meta.url).href, minThreads: WORKERS, maxThreads: WORKERS });
  try {
    const smaCombos = range(5, 20, 2).flatMap((fast) => range(50, 20, 20).map((slow) => [fast, slow]));
    const dcaCombos = [10, 20, 50, 100].flatMap((ma) => [0.01, 0.02, 0.03, 0.05].flatMap((start) => [2, 3, 5].map((levels) => [ma, start, levels])));
    return [
      ...(await throughput('SMA-cross grid 400 x 1M', 'sma', smaCombos, candles, ref, pool, log, 1)),
      ...(await throughput('envelope DCA grid 48 x 1M', 'dca', dcaCombos, candles, ref, pool, log, 1)),
    ];
  } finally {
    await pool.destroy();
  }
}
