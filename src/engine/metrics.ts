import type { TradeBuffers } from './trade-buffers.js';

const YEAR_MS = 365 * 86_400_000;

export interface MetricsOptions {
  /** Bars per year of the candle timeframe (e.g. barsPerYear('5m') from core) to annualise Sharpe / Sortino. */
  barsPerYear: number;
  /** Candle timestamps: the CAGR period is their span; without them it is (bars - 1) / barsPerYear. */
  timestamps?: Float64Array;
  /** From the kernel result; 0 when absent. */
  ambiguousBars?: number;
  /** From the kernel result; when absent, exposure is computed from the trades' [entryIndex, exitIndex) spans. */
  barsInPosition?: number;
  /**
   * From the kernel result (the mono kernel accumulates them while marking, exactly as `addReturnMoments`): with
   * all three the equity is read only for the drawdown; otherwise the moments are summed from it.
   */
  returnSum?: number;
  returnSquares?: number;
  returnDownsideSquares?: number;
}

/** Backtest statistics. Ratios are fractions (0.12 = 12%). */
export interface Metrics {
  /** final / initial equity - 1. */
  netReturn: number;
  /** Compound annual growth rate over the candle period; -1 when equity ended <= 0. */
  cagr: number;
  /** Gross profit / gross loss of trades; Infinity with profits and no loss, 0 without profits. */
  profitFactor: number;
  /** Largest peak-to-trough fall of equity, as a fraction of the peak. */
  maxDrawdown: number;
  /** Longest run of consecutive bars with equity below its running peak. */
  maxDrawdownDuration: number;
  /** mean / sample std (n - 1) of per-bar returns x sqrt(barsPerYear); 0 when std is 0. */
  sharpe: number;
  /** mean / sqrt(mean(min(r, 0)^2)) over all bars (target 0) x sqrt(barsPerYear); Infinity when no bar lost. */
  sortino: number;
  /** Share of trades with pnl > 0. */
  winRate: number;
  /** Mean net pnl per trade (quote currency). */
  expectancy: number;
  /** Mean net return per trade (pnl / equity at entry). */
  expectancyReturn: number;
  trades: number;
  /** Mean exitIndex - entryIndex. */
  avgHoldBars: number;
  /** Share of bars whose close was marked with an open position. */
  exposure: number;
  ambiguousBars: number;
}

/**
 * Computes the metrics of one backtest from its equity curve (one value per bar) and closed trades.
 * Sharpe/Sortino convention: per-bar simple returns, risk-free rate 0, annualised by sqrt(barsPerYear). Sharpe
 * divides by the SAMPLE standard deviation (n - 1), the convention of every Sharpe statistic in scalp (PSR, DSR,
 * t-statistics, CSCV). Sortino's downside deviation averages min(r, 0)^2 over all bars (target semi-deviation).
 */
export function computeMetrics(equity: Float64Array, trades: TradeBuffers, options: MetricsOptions): Metrics {
  const n = equity.length;
  const initial = n > 0 ? equity[0] : 0;
  const final = n > 0 ? equity[n - 1] : 0;
  const curve = equityStatistics(equity, options);
  const tradeStats = tradeStatistics(trades);
  const years = options.timestamps !== undefined && n > 1
    ? (options.timestamps[n - 1] - options.timestamps[0]) / YEAR_MS
    : (n - 1) / options.barsPerYear;
  const ratio = initial > 0 ? final / initial : 0;
  return {
    netReturn: initial > 0 ? ratio - 1 : 0,
    cagr: ratio <= 0 ? -1 : years > 0 ? ratio ** (1 / years) - 1 : 0,
    profitFactor: tradeStats.profitFactor,
    maxDrawdown: curve.maxDrawdown,
    maxDrawdownDuration: curve.duration,
    sharpe: curve.sharpe,
    sortino: curve.sortino,
    winRate: tradeStats.winRate,
    expectancy: tradeStats.expectancy,
    expectancyReturn: tradeStats.expectancyReturn,
    trades: trades.count,
    avgHoldBars: tradeStats.avgHoldBars,
    exposure: n > 0 ? (options.barsInPosition ?? barsCovered(trades, n)) / n : 0,
    ambiguousBars: options.ambiguousBars ?? 0,
  };
}

/**
 * Adds the moments of an equity curve's per-bar simple returns r = e[i] / e[i-1] - 1 (0 where e[i-1] <= 0) to
 * `into`: [0] sum of r, [1] sum of r^2, [2] sum of min(r, 0)^2, in bar order. One pass, no allocation; flat
 * stretches (see `flatRunEnd`) are skipped, as their returns add exactly nothing.
 */
export function addReturnMoments(equity: Float64Array, into: Float64Array): void {
  let sum = into[0];
  let sumSquares = into[1];
  let downsideSquares = into[2];
  let previous = equity[0];
  const n = equity.length;
  for (let i = 1; i < n; i++) {
    const value = equity[i];
    if (value === previous && previous !== Infinity) {
      i = flatRunEnd(equity, i, n) - 1;
      continue;
    }
    const r = previous > 0 ? value / previous - 1 : 0;
    previous = value;
    sum += r;
    sumSquares += r * r;
    downsideSquares += downsideSquare(r);
  }
  into[0] = sum;
  into[1] = sumSquares;
  into[2] = downsideSquares;
}

/**
 * min(r, 0)^2 without a branch (exact: (r - |r|) / 2 is r or 0; a sign branch mispredicts on half the bars): the
 * one definition of the downside term, which the mono kernel also sums while marking.
 */
export function downsideSquare(r: number): number {
  const downside = (r - Math.abs(r)) * 0.5;
  return downside * downside;
}

/**
 * Per-bar Sharpe of `count` returns from their sum and sum of squares: mean / sample std (n - 1); 0 below two
 * returns or when they never vary.
 */
export function perBarSharpeFromMoments(sum: number, sumSquares: number, count: number): number {
  if (count < 2) return 0;
  const mean = sum / count;
  const std = Math.sqrt(Math.max(0, (sumSquares - count * mean * mean) / (count - 1)));
  return std > 1e-15 ? mean / std : 0;
}

/** Annualised Sharpe of `count` per-bar returns from their sum and sum of squares, as in `computeMetrics`. */
export function sharpeFromMoments(sum: number, sumSquares: number, count: number, barsPerYear: number): number {
  return perBarSharpeFromMoments(sum, sumSquares, count) * Math.sqrt(barsPerYear);
}

/** Sharpe and Sortino from the return moments (the kernel's, else summed here), and the drawdown of the curve. */
function equityStatistics(equity: Float64Array, options: MetricsOptions): { sharpe: number; sortino: number; maxDrawdown: number; duration: number } {
  const { maxDrawdown, duration } = drawdownOf(equity);
  const count = equity.length - 1;
  if (count < 1) return { sharpe: 0, sortino: 0, maxDrawdown, duration };
  let { returnSum: sum, returnSquares: sumSquares, returnDownsideSquares: downsideSquares } = options;
  if (sum === undefined || sumSquares === undefined || downsideSquares === undefined) {
    const moments = new Float64Array(3);
    addReturnMoments(equity, moments);
    [sum, sumSquares, downsideSquares] = moments;
  }
  const mean = sum / count;
  const downside = Math.sqrt(downsideSquares / count);
  const barsPerYear = options.barsPerYear;
  return {
    sharpe: sharpeFromMoments(sum, sumSquares, count, barsPerYear),
    sortino: downside > 0 ? (mean / downside) * Math.sqrt(barsPerYear) : mean > 0 ? Infinity : 0,
    maxDrawdown,
    duration,
  };
}

/**
 * The largest fall of an equity curve below its running peak (a fraction of the peak) and the longest run of
 * bars under water (not at or above the peak). The drawdown of a bar below its peak, 1 - value / peak, is
 * largest at the lowest value before the next peak (division and subtraction are monotone), so it is computed
 * once per peak, and a run's length is the distance between peaks: the loop over the bars in between only keeps
 * the lowest value (a select, no unpredictable branch).
 */
function drawdownOf(equity: Float64Array): { maxDrawdown: number; duration: number } {
  const n = equity.length;
  let peak = n > 0 ? equity[0] : -Infinity;
  let lowest = peak;
  let maxDrawdown = 0;
  let peakIndex = 0;
  let duration = 0;
  for (let i = 1; i < n; i++) {
    const value = equity[i];
    if (value >= peak) {
      maxDrawdown = segmentDrawdown(peak, lowest, maxDrawdown);
      if (i - 1 - peakIndex > duration) duration = i - 1 - peakIndex;
      peak = value;
      lowest = value;
      peakIndex = i;
      continue;
    }
    lowest = value < lowest ? value : lowest;
  }
  if (n - 1 - peakIndex > duration) duration = n - 1 - peakIndex;
  return { maxDrawdown: segmentDrawdown(peak, lowest, maxDrawdown), duration };
}

/**
 * The end of the flat stretch that starts at bar `from` (equity[from] === equity[from - 1]): the first later bar
 * whose value differs, else `n`. Each of its bars has the return value / value - 1 = 0 exactly (also for values
 * <= 0, whose return is 0 by definition), so sums skip them bit for bit; return sums exclude +Infinity, whose
 * Infinity / Infinity - 1 is NaN.
 */
function flatRunEnd(equity: Float64Array, from: number, n: number): number {
  const value = equity[from];
  let end = from + 1;
  while (end < n && equity[end] === value) end++;
  return end;
}

/** The worst drawdown so far after a run below `peak` whose lowest value was `lowest` (none when it never fell). */
function segmentDrawdown(peak: number, lowest: number, worst: number): number {
  if (!(lowest < peak)) return worst;
  const drawdown = peak > 0 ? 1 - lowest / peak : 0;
  return drawdown > worst ? drawdown : worst;
}

function tradeStatistics(trades: TradeBuffers) {
  let grossProfit = 0;
  let grossLoss = 0;
  let wins = 0;
  let returnSum = 0;
  let holdSum = 0;
  for (let i = 0; i < trades.count; i++) {
    const pnl = trades.pnl[i];
    if (pnl > 0) {
      grossProfit += pnl;
      wins++;
    } else grossLoss -= pnl;
    returnSum += trades.return[i];
    holdSum += trades.exitIndex[i] - trades.entryIndex[i];
  }
  const count = trades.count;
  return {
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : grossProfit > 0 ? Infinity : 0,
    winRate: count > 0 ? wins / count : 0,
    expectancy: count > 0 ? (grossProfit - grossLoss) / count : 0,
    expectancyReturn: count > 0 ? returnSum / count : 0,
    avgHoldBars: count > 0 ? holdSum / count : 0,
  };
}

/** Bars covered by at least one trade's [entryIndex, exitIndex) span (trades may overlap in grid books). */
function barsCovered(trades: TradeBuffers, n: number): number {
  const marks = new Uint8Array(n);
  for (let i = 0; i < trades.count; i++) marks.fill(1, trades.entryIndex[i], trades.exitIndex[i]);
  let covered = 0;
  for (let i = 0; i < n; i++) covered += marks[i];
  return covered;
}
