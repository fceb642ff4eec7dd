/**
 * Monte Carlo of a strategy's trade sequence by block bootstrap (Kunsch 1989; circular blocks, Politis & Romano
 * 1992; stationary bootstrap, Politis & Romano 1994). Blocks keep the serial dependence of consecutive trades.
 *
 * - p-value of the observed per-trade Sharpe under the null "no edge": the DEMEANED returns are resampled and
 *   p = (1 + #{bootstrap SR >= observed SR}) / (1 + sims) (Davison & Hinkley 1997, eq. 4.11), both sides per trade.
 * - 5/50/95 percentile bands of the final compounded return and of the maximum drawdown, from the RAW returns.
 */
import { createRng, type Rng } from '../core/rng.js';

export interface MonteCarloOptions {
  /** Number of bootstrap resamples (>= 1; 1000 or more for a p-value to 0.001). */
  sims: number;
  /** Block length in trades (>= 1, integer); the mean block length for the stationary bootstrap. */
  blockSize: number;
  seed: number | string;
  /** Below this many trades the p-value is not computed and the result is flagged underpowered (default 30). */
  minTrades?: number;
  /** `stationary` (geometric block lengths, default) or `circular` (fixed-length blocks wrapping around). */
  method?: 'stationary' | 'circular';
}

export interface PercentileBands {
  p5: number;
  p50: number;
  p95: number;
}

export interface MonteCarloResult {
  trades: number;
  sims: number;
  blockSize: number;
  method: 'stationary' | 'circular';
  /** Per-trade Sharpe of the observed returns (mean / sample std). */
  observedSharpe: number;
  /** Bootstrap p-value of `observedSharpe`; null when underpowered. */
  pValue: number | null;
  /** Fewer trades than `minTrades`: the p-value is withheld, the strategy is flagged rather than failed. */
  underpowered: boolean;
  /** Final compounded return prod(1 + r) - 1 over the resampled sequences; null without trades. */
  finalReturn: PercentileBands | null;
  /** Maximum peak-to-trough drawdown of compounded equity, as a positive fraction; null without trades. */
  maxDrawdown: PercentileBands | null;
}

/** Linear-interpolated percentile (Hyndman & Fan type 7) of an ascending-sorted array, q in [0, 1]. */
function sortedPercentile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function bands(values: Float64Array): PercentileBands {
  values.sort();
  return { p5: sortedPercentile(values, 0.05), p50: sortedPercentile(values, 0.5), p95: sortedPercentile(values, 0.95) };
}

/** Per-trade Sharpe from the sum and sum of squares of deviations from a center; +-Infinity/0 when flat. */
function sharpeFromSums(sum: number, sumSquares: number, count: number): number {
  const average = sum / count;
  return sharpeOfDeviations(average, sumSquares - count * average * average, count);
}

/** mean / sqrt(squaredDeviations / (n - 1)); +-Infinity (or 0) when the returns never vary. */
function sharpeOfDeviations(average: number, squaredDeviations: number, count: number): number {
  const variance = Math.max(0, squaredDeviations / (count - 1));
  if (variance > 0) return average / Math.sqrt(variance);
  return average > 0 ? Number.POSITIVE_INFINITY : average < 0 ? Number.NEGATIVE_INFINITY : 0;
}

function checkOptions(tradeReturns: Float64Array, options: MonteCarloOptions, minTrades: number): void {
  const { sims, blockSize } = options;
  if (!Number.isInteger(sims) || sims < 1) throw new RangeError(`monteCarloTrades: sims must be an integer >= 1, was ${sims}`);
  if (!Number.isInteger(blockSize) || blockSize < 1) {
    throw new RangeError(`monteCarloTrades: blockSize must be an integer >= 1, was ${blockSize}`);
  }
  if (!Number.isInteger(minTrades) || minTrades < 2) {
    throw new RangeError(`monteCarloTrades: minTrades must be an integer >= 2, was ${minTrades}`);
  }
  for (let i = 0; i < tradeReturns.length; i++) {
    if (!Number.isFinite(tradeReturns[i])) {
      throw new RangeError(`monteCarloTrades: trade return ${i} is ${tradeReturns[i]}; pass finite fractions (0.01 = +1%)`);
    }
  }
}

/**
 * Block bootstrap of per-trade RETURNS (fractions, not P&L). Seeded and allocation-light: one pass per
 * resample, nothing allocated per trade. Fewer than `minTrades` trades gives `underpowered: true` and a null
 * p-value, with the bands still computed from what there is.
 */
export function monteCarloTrades(tradeReturns: Float64Array, options: MonteCarloOptions): MonteCarloResult {
  const minTrades = options.minTrades ?? 30;
  const method = options.method ?? 'stationary';
  checkOptions(tradeReturns, options, minTrades);
  const n = tradeReturns.length;
  const { sims } = options;
  const blockSize = Math.min(options.blockSize, Math.max(n, 1));
  const underpowered = n < minTrades;
  let observedMean = 0;
  for (let i = 0; i < n; i++) observedMean += tradeReturns[i];
  observedMean = n > 0 ? observedMean / n : 0;
  let observedSquares = 0;
  for (let i = 0; i < n; i++) observedSquares += (tradeReturns[i] - observedMean) ** 2;
  const observed = n >= 2 ? sharpeOfDeviations(observedMean, observedSquares, n) : Number.NaN;
  if (n === 0) {
    const empty = { finalReturn: null, maxDrawdown: null, observedSharpe: Number.NaN, pValue: null };
    return { trades: 0, sims, blockSize, method, underpowered, ...empty };
  }
  const rng = createRng(options.seed);
  const finals = new Float64Array(sims);
  const drawdowns = new Float64Array(sims);
  const restartProbability = 1 / blockSize;
  let exceedances = 0;
  for (let s = 0; s < sims; s++) {
    let position = 0;
    let sum = 0;
    let sumSquares = 0;
    let equity = 1;
    let peak = 1;
    let worst = 0;
    for (let t = 0; t < n; t++) {
      position = nextPosition(rng, method, t, position, n, blockSize, restartProbability);
      const value = tradeReturns[position];
      // Deviation from the observed mean = the demeaned (null) resample, sharing the draw with the raw path.
      const deviation = value - observedMean;
      sum += deviation;
      sumSquares += deviation * deviation;
      equity *= 1 + value;
      if (equity > peak) peak = equity;
      const drawdown = 1 - equity / peak;
      if (drawdown > worst) worst = drawdown;
    }
    if (n >= 2 && sharpeFromSums(sum, sumSquares, n) >= observed) exceedances++;
    finals[s] = equity - 1;
    drawdowns[s] = worst;
  }
  return {
    trades: n,
    sims,
    blockSize,
    method,
    observedSharpe: observed,
    pValue: underpowered ? null : (1 + exceedances) / (1 + sims),
    underpowered,
    finalReturn: bands(finals),
    maxDrawdown: bands(drawdowns),
  };
}


/** Index of the next resampled trade: a new random block start, or the next trade (wrapping around). */
function nextPosition(
  rng: Rng,
  method: 'stationary' | 'circular',
  step: number,
  position: number,
  n: number,
  blockSize: number,
  restartProbability: number,
): number {
  const restart = step === 0 || (method === 'stationary' ? rng.next() < restartProbability : step % blockSize === 0);
  if (restart) return rng.int(n);
  return position + 1 === n ? 0 : position + 1;
}
