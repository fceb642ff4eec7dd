// Engine throughput: one 1M-candle mono backtest (SMA-cross signals precomputed) and one grid/DCA run, against
// a floor that only marks equity over the same arrays. Needs `npm run build` (imports ../dist).
import { createKernelScratch, runGridKernel, runMonoKernel } from '../dist/engine/index.js';
import { randomWalkCandles } from './_random-walk.js';

export const name = 'engine';

const N = 1_000_000;
const LEVELS = 5;


function movingAverage(values, period) {
  const out = new Float64Array(values.length).fill(Number.NaN);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] - (i >= period ? values[i - period] : 0);
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

/** The floor: one pass that only marks a fixed position to each close. */
function markOnly(close, equity) {
  const units = 0.3;
  const entry = close[0];
  for (let t = 0; t < close.length; t++) equity[t] = 10_000 + units * (close[t] - entry);
  return equity;
}

/** Best wall time of `runs` after warm-up (the least disturbed run on a shared machine), and the median CPU time. */
function bestMs(fn, runs = 9) {
  for (let i = 0; i < 4; i++) fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const startCpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { best: wall[0], medianCpu: cpu[runs >> 1] };
}

export async function run({ log }) {
  const candles = randomWalkCandles(N, { seed: 42 });
  const fast = movingAverage(candles.close, 10);
  const slow = movingAverage(candles.close, 40);
  const up = new Uint8Array(N);
  const down = new Uint8Array(N);
  for (let t = 1; t < N; t++) {
    up[t] = fast[t] > slow[t] && fast[t - 1] <= slow[t - 1] ? 1 : 0;
    down[t] = fast[t] < slow[t] && fast[t - 1] >= slow[t - 1] ? 1 : 0;
  }
  const signals = { enterLong: up, exitLong: down, enterShort: down, exitShort: up };
  const scratch = createKernelScratch(N, 1 << 16);
  const monoOptions = { startIndex: 40, stopLossPct: 0.01, takeProfitPct: 0.02, fees: { maker: 0.0002, taker: 0.0005, slippage: 0.0001 } };

  const long = new Float64Array(N * LEVELS);
  for (let t = 0; t < N; t++) for (let j = 0; j < LEVELS; j++) long[t * LEVELS + j] = candles.close[t] * (1 - 0.002 * (j + 1));
  const takeProfit = movingAverage(candles.close, 20);
  const gridOptions = { startIndex: 20, stopLossPct: 0.03, fees: { maker: 0.0002, taker: 0.0005 } };

  const floorEquity = new Float64Array(N);
  const floor = bestMs(() => markOnly(candles.close, floorEquity));
  let monoTrades = 0;
  const mono = bestMs(() => {
    monoTrades = runMonoKernel(candles, signals, monoOptions, scratch).trades.count;
  });
  let gridTrades = 0;
  const grid = bestMs(() => {
    gridTrades = runGridKernel(candles, { levelCount: LEVELS, long, takeProfit }, gridOptions, scratch).trades.count;
  });
  const [floorMs, monoMs, gridMs] = [floor.best, mono.best, grid.best];
  log(`  ${N} candles; mono ${monoTrades} trades, grid ${gridTrades} cycles (${LEVELS} levels); best-of-9 wall times`);
  log(`  median CPU ms: floor ${floor.medianCpu.toFixed(1)}, mono ${mono.medianCpu.toFixed(1)}, grid ${grid.medianCpu.toFixed(1)}`);
  const perSecond = (count, ms) => (count / ms) * 1000;
  return [
    { metric: 'mono backtest, 1M candles', value: monoMs, unit: 'ms', baseline: { name: 'mark-only floor', value: floorMs }, target: '<= 40 ms' },
    { metric: 'mono backtest throughput', value: perSecond(N, monoMs), unit: 'candles/s', baseline: { name: 'mark-only floor', value: perSecond(N, floorMs) } },
    { metric: `grid/DCA kernel (${LEVELS} levels), candle-level evaluations`, value: perSecond(N * LEVELS, gridMs), unit: 'evals/s', target: '>= 100M/s per thread' },
    { metric: 'grid/DCA kernel throughput', value: perSecond(N, gridMs), unit: 'candles/s', baseline: { name: 'mark-only floor', value: perSecond(N, floorMs) } },
  ];
}
