import type { CostOptions } from './costs.js';
import type { IntrabarPolicy } from './fill-rules.js';
import type { FundingOptions } from './funding.js';
import type { SizingOptions } from './sizing.js';

/**
 * Per-bar inputs of the grid/DCA kernel, all computed at each bar's close: values of bar t rest as orders during
 * bar t+1. Level prices are real prices, row-major `n x levelCount` (`long[t * levelCount + k]`), NaN = level
 * inactive on that bar, ordered nearest-to-price first (long: descending, short: ascending). A book runs for each
 * side whose level array is given; giving both runs two independent books (grid_range both-sides mode).
 */
export interface GridLevels {
  levelCount: number;
  long?: Float64Array;
  short?: Float64Array;
  /**
   * Instead of `long` / `short`: levels that scale one line, level k of bar t = `center[t] x factors[k]`, the
   * very product a matrix would hold (envelopes around an SMA), read on the fly instead of an n x levelCount
   * matrix written per plan. `factors` has levelCount entries, nearest-to-price first.
   */
  scaledLong?: ScaledLevels;
  scaledShort?: ScaledLevels;
  /** Global take-profit price per bar for both books (e.g. a moving SMA); NaN = none. */
  takeProfit?: Float64Array;
  takeProfitLong?: Float64Array;
  takeProfitShort?: Float64Array;
  /** 1 = close everything at the next open (e.g. a trend flip), both books. */
  forceClose?: Uint8Array;
  forceCloseLong?: Uint8Array;
  forceCloseShort?: Uint8Array;
  /**
   * Optional, per bar: the nearest long / short level, exactly as `nearestLevels(long, levelCount, 1)` /
   * `nearestLevels(short, levelCount, -1)` compute it (the kernel computes it when absent). A plan that runs on
   * several windows passes it so it is computed once. Scaled levels need none: the kernel takes the nearest of
   * the line's extreme products per bar (`nearestScaledLevel` defines it).
   */
  nearestLong?: Float64Array;
  nearestShort?: Float64Array;
}

/** Grid levels given as one line and the factors that scale it (see GridLevels.scaledLong). */
export interface ScaledLevels {
  center: Float64Array;
  factors: readonly number[];
}

/**
 * Options of the grid/DCA kernel.
 * - exitMode 'average' (default): the filled levels of a book form one position; the take-profit (the per-bar
 *   array and/or `takeProfitPct` above the average entry, whichever is nearer) and the stop (`stopLossPct` below the
 *   average entry) close all of it; one trade per cycle, reporting `levelsFilled`.
 * - exitMode 'perLevel': each filled level is its own position with its own take-profit/stop (same rules, relative
 *   to its fill) and its own trade.
 * Levels fill once per cycle; after an exit the levels re-arm from the next bar. Sizing: the sizing notional
 * (`fraction` of equity at the cycle's first fill, or `fixed`) is split by `levelWeights` (default 1/levelCount each);
 * `risk` sizing is not supported. Entry levels are limit fills (maker by default, no slippage).
 */
export interface GridKernelOptions {
  initialCash?: number;
  startIndex?: number;
  fees?: CostOptions;
  sizing?: SizingOptions;
  intrabar?: IntrabarPolicy;
  exitMode?: 'average' | 'perLevel';
  /** Fraction of the sizing notional per level (length levelCount). */
  levelWeights?: ArrayLike<number>;
  takeProfitPct?: number;
  stopLossPct?: number;
  funding?: FundingOptions;
}
