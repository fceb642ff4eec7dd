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

let threadScratch: KernelScratch | undefined;

/**
 * This thread's reusable scratch, grown to at least `length` bars: for callers that run kernels one after another
 * and copy out what they keep (a research batch, a stitched record, a sweep batch). Kernels run synchronously, so
 * two callers never hold it at once; fresh scratches per call piled up hundreds of MB of garbage on long series.
 */
export function sharedKernelScratch(length: number): KernelScratch {
  if (threadScratch === undefined || threadScratch.equity.length < length) threadScratch = createKernelScratch(length, 1024);
  return threadScratch;
}

/** The equity view and trade buffers a kernel writes into (fresh ones when no scratch is given). */
export function kernelOutputs(length: number, scratch: KernelScratch | undefined): { equity: Float64Array; trades: TradeBuffers } {
  // One trade per 64 bars fits most strategies without growing (a doubling copies every column).
  if (scratch === undefined) return { equity: new Float64Array(length), trades: new TradeBuffers(Math.max(64, length >> 6)) };
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
   * Sum, sum of squares and sum of squared downside (min(r, 0)) of the per-bar simple returns of `equity`, exactly
   * as `addReturnMoments` computes them, when the kernel accumulates them while marking (the mono kernel does;
   * absent otherwise; the downside sum only when the curve is recorded, not in a score-only run).
   */
  returnSum?: number;
  returnSquares?: number;
  returnDownsideSquares?: number;
  /** Equity at the first and the last bar (after a final 'end' close): known even when `equity` is not written. */
  firstEquity?: number;
  lastEquity?: number;
}
