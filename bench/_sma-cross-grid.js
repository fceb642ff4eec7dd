// Shared by sma-cross.bench.js and its piscina worker: evaluates a batch of SMA-cross combos (fast x slow period)
// or envelope-DCA combos on one candles object. SMAs come from one IndicatorCache per candles (computed once per
// period, shared by every combo); signal / level arrays and kernel outputs are per-thread scratch reused by every
// combo, so a combo allocates nothing proportional to the candles. Imports compiled code (../dist).
import { barsPerYear } from '../dist/core/index.js';
import { randomWalkCandles } from './_random-walk.js';
import { addReturnMoments, createKernelScratch, runGridKernel, runMonoKernel, sharpeFromMoments, SIGNAL_BIT } from '../dist/engine/index.js';

export const FEES = { taker: 0.0005, maker: 0.0002, slippage: 0.0002 };
const BARS_PER_YEAR = barsPerYear('1m');
const MAX_LEVELS = 5;

/** A random walk of `n` 1m candles (the bench's data, and the workers' warm-up). */
export function warmUpCandles(n, seed = 7) {
  return randomWalkCandles(n, { seed });
}

/** Per-thread reusable arrays sized for `n` candles. */
export function createGridState(n) {
  return { packed: new Uint8Array(n), levels: new Float64Array(n * MAX_LEVELS), scratch: createKernelScratch(n, 1 << 16) };
}

const UP = SIGNAL_BIT.enterLong | SIGNAL_BIT.exitShort;
const DOWN = SIGNAL_BIT.exitLong | SIGNAL_BIT.enterShort;

const NONE = 0; // a NaN (warm-up) on either side: compares false both ways
const ABOVE = 1;
const BELOW = 2;
const EQUAL = 3;

function relation(f, s) {
  return f > s ? ABOVE : f < s ? BELOW : f === s ? EQUAL : NONE;
}

/**
 * Packed signals (one byte per bar): up (enter long, exit short) when fast[t] > slow[t] && fast[t-1] <= slow[t-1];
 * down (exit long, enter short) mirrored. NaN (warm-up) compares false. Crosses are rare (one bar in hundreds), so
 * the array is zeroed once and only cross bars are written: while fast stays strictly above (below) slow, a tight
 * loop, four bars per step, skips ahead; a bar that leaves the run is classified and compared with the previous one.
 */
function crossSignals(fast, slow, packed) {
  const n = fast.length;
  packed.fill(0);
  let previous = relation(fast[0], slow[0]);
  let t = 1;
  while (t < n) {
    if (previous === ABOVE) {
      while (t + 4 <= n && fast[t] > slow[t] && fast[t + 1] > slow[t + 1] && fast[t + 2] > slow[t + 2] && fast[t + 3] > slow[t + 3]) t += 4;
      while (t < n && fast[t] > slow[t]) t++;
    } else if (previous === BELOW) {
      while (t + 4 <= n && fast[t] < slow[t] && fast[t + 1] < slow[t + 1] && fast[t + 2] < slow[t + 2] && fast[t + 3] < slow[t + 3]) t += 4;
      while (t < n && fast[t] < slow[t]) t++;
    }
    if (t >= n) break;
    const current = relation(fast[t], slow[t]);
    if (current === ABOVE && (previous === BELOW || previous === EQUAL)) packed[t] = UP;
    else if (current === BELOW && (previous === ABOVE || previous === EQUAL)) packed[t] = DOWN;
    previous = current;
    t++;
  }
}

const moments = new Float64Array(3);

/**
 * What a grid search ranks a combo on (as research's scorePlan): annualised Sharpe, net return, trades. The mono
 * kernel accumulates the return moments while marking (scoreOnly: no equity curve written); the grid kernel's
 * equity takes one more pass.
 */
function summary(combo, result, n) {
  const equity = result.equity;
  if (result.returnSum === undefined) {
    moments.fill(0);
    addReturnMoments(equity, moments);
  } else {
    moments[0] = result.returnSum;
    moments[1] = result.returnSquares;
  }
  const first = result.firstEquity ?? equity[0];
  const last = result.lastEquity ?? equity[n - 1];
  return {
    combo,
    sharpe: sharpeFromMoments(moments[0], moments[1], n - 1, BARS_PER_YEAR),
    netReturn: last / first - 1,
    trades: result.trades.count,
  };
}

/** SMA cross, always in the market (a cross reverses), market orders with fees and slippage. combos: [fast, slow][]. */
export function evaluateSmaCross(candles, cache, state, combos) {
  const out = [];
  for (const [fastPeriod, slowPeriod] of combos) {
    crossSignals(cache.get('sma', { period: fastPeriod }), cache.get('sma', { period: slowPeriod }), state.packed);
    const options = { startIndex: Math.max(fastPeriod, slowPeriod), fees: FEES, scoreOnly: true };
    const result = runMonoKernel(candles, { packed: state.packed }, options, state.scratch);
    out.push(summary([fastPeriod, slowPeriod], result, candles.close.length));
  }
  return out;
}

/**
 * Envelope DCA, long: `levelCount` limit buys at sma x (1 - start - k x step) resting during the next bar,
 * take-profit at the SMA, 3% stop from the average entry. combos: [maPeriod, start, levelCount][].
 */
export function evaluateEnvelopeDca(candles, cache, state, combos) {
  const out = [];
  const n = candles.close.length;
  for (const [maPeriod, start, levelCount] of combos) {
    const ma = cache.get('sma', { period: maPeriod });
    const levels = state.levels.subarray(0, n * levelCount);
    for (let t = 0; t < n; t++) {
      const m = ma[t];
      for (let k = 0; k < levelCount; k++) levels[t * levelCount + k] = m * (1 - start - 0.01 * k);
    }
    const result = runGridKernel(candles, { levelCount, long: levels, takeProfit: ma }, { startIndex: maPeriod, stopLossPct: 0.03, fees: FEES }, state.scratch);
    out.push(summary([maPeriod, start, levelCount], result, n));
  }
  return out;
}

/** The distinct SMA periods a batch of combos reads (sma: fast and slow; dca: the envelope's MA), ascending. */
export function smaPeriodsOf(kind, combos) {
  const periods = new Set(combos.flatMap((combo) => (kind === 'sma' ? [combo[0], combo[1]] : [combo[0]])));
  return [...periods].sort((a, b) => a - b);
}

/**
 * SMAs computed once for the whole pool: each worker fills its share of the periods into shared buffers (the
 * same `sma` of the close as the IndicatorCache computes), and every worker then reads all of them. `buffers`
 * maps period -> SharedArrayBuffer of n float64. Returns a cache-like lookup (`get('sma', { period })`).
 */
export function sharedSmaCache(buffers) {
  const views = new Map(Object.entries(buffers).map(([period, buffer]) => [Number(period), new Float64Array(buffer)]));
  return { get: (_name, { period }) => views.get(period) };
}
