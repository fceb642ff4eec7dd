import { TradeBuffers } from './trade-buffers.js';

/**
 * Reusable outputs for kernel runs: pass the same scratch to every combo of a grid search so the equity curve
 * and the trade columns are allocated once. A kernel overwrites both; copy what you keep.
 */
export interface KernelScratch {
  equity: Float64Array;
  trades: TradeBuffers;
}

export function createKernelScratch(length: number, tradeCapacity = 256): KernelScratch {
  return { equity: new Float64Array(length), trades: new TradeBuffers(tradeCapacity) };
}

/** The equity view and trade buffers a kernel writes into (fresh ones when no scratch is given). */
export function kernelOutputs(length: number, scratch: KernelScratch | undefined): { equity: Float64Array; trades: TradeBuffers } {
  if (scratch === undefined) return { equity: new Float64Array(length), trades: new TradeBuffers(64) };
  if (scratch.equity.length < length) scratch.equity = new Float64Array(length);
  scratch.trades.reset();
  return { equity: scratch.equity.subarray(0, length), trades: scratch.trades };
}

/** What every kernel returns. `trades` and `equity` may be views into the scratch passed in. */
export interface KernelResult {
  trades: TradeBuffers;
  /** Cash + open positions marked at each bar's close (after a final 'end' close on the last bar). */
  equity: Float64Array;
  /** Bars where one position's stop and take-profit were both inside the bar's range (the policy decided). */
  ambiguousBars: number;
  /** Bars whose close was marked with an open position (exposure numerator). */
  barsInPosition: number;
  /**
   * Sum and sum of squares of the per-bar simple returns of `equity`, exactly as `addReturnMoments` computes
   * them, when the kernel accumulates them while marking (the mono kernel does; absent otherwise).
   */
  returnSum?: number;
  returnSquares?: number;
  /** Equity at the first and the last bar (after a final 'end' close): known even when `equity` is not written. */
  firstEquity?: number;
  lastEquity?: number;
}
