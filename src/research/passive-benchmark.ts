/**
 * Passive benchmark of a strategy's OOS returns: what the same market exposure would have earned without any
 * timing skill. On a path that happens to drift (a random walk that went up 15%), every combo that is net long
 * makes money together, so the trial Sharpes agree (small V, small SR0) and the DSR alone is fooled. Measuring the
 * edge AFTER the passive part removes the luck of the path's drift.
 *
 * Per OOS window w the strategy's exposure is its regression beta on the market (Sharpe 1966; Jensen 1968):
 * beta_w = cov(r, m) / var(m) over the window's bars, where r are the strategy's per-bar returns and m the
 * close-to-close market returns of the same bars. For a position held with size p_t, r_t ~ p_t m_t, so beta_w is
 * the exposure-weighted average position (long +, short -): an exposure-weighted buy-and-hold of the window.
 * The active (excess) return is x_t = r_t - beta_w m_t: the part of the return that timing, not drift, earned.
 */
import type { Candles } from '../core/index.js';
import type { WalkForwardWindow } from './walk-forward-split.js';

export interface PassiveBenchmark {
  /** Per-bar active returns r_t - beta_w m_t, aligned with OutOfSampleRun.barReturns (window by window). */
  excessReturns: Float64Array;
  /** Per-window beta of the strategy on the market (exposure-weighted net position), window order. */
  betas: number[];
  /** Per-window sum of the active returns (simple, not compounded), window order. */
  windowExcess: number[];
  /** Per-window sum of the passive part beta_w m_t: what the exposure alone earned, window order. */
  windowPassive: number[];
}

/**
 * Splits the concatenated OOS per-bar returns `barReturns` (window w contributes oosEnd - oosStart - 1 returns, bar
 * i of the window being close[oosStart + i] over close[oosStart + i - 1]) into a passive part beta_w m_t and an
 * active part. A window whose market never moves has beta 0.
 * @throws RangeError when `barReturns` does not have one return per OOS bar after each window's first.
 */
export function passiveBenchmark(candles: Candles, windows: readonly WalkForwardWindow[], barReturns: Float64Array): PassiveBenchmark {
  let expected = 0;
  for (const window of windows) expected += Math.max(0, window.oosEnd - window.oosStart - 1);
  if (expected !== barReturns.length) {
    throw new RangeError(`passiveBenchmark: ${barReturns.length} OOS bar returns for windows holding ${expected}; pass OutOfSampleRun.barReturns of the same windows`);
  }
  const close = candles.close;
  const excessReturns = new Float64Array(barReturns.length);
  const betas: number[] = [];
  const windowExcess: number[] = [];
  const windowPassive: number[] = [];
  let offset = 0;
  for (const window of windows) {
    const count = Math.max(0, window.oosEnd - window.oosStart - 1);
    let sumM = 0;
    let sumR = 0;
    for (let i = 0; i < count; i++) {
      const bar = window.oosStart + 1 + i;
      sumM += close[bar] / close[bar - 1] - 1;
      sumR += barReturns[offset + i];
    }
    const meanM = count > 0 ? sumM / count : 0;
    const meanR = count > 0 ? sumR / count : 0;
    let covariance = 0;
    let varianceM = 0;
    for (let i = 0; i < count; i++) {
      const bar = window.oosStart + 1 + i;
      const m = close[bar] / close[bar - 1] - 1 - meanM;
      covariance += m * (barReturns[offset + i] - meanR);
      varianceM += m * m;
    }
    const beta = varianceM > 1e-30 ? covariance / varianceM : 0;
    let excess = 0;
    let passive = 0;
    for (let i = 0; i < count; i++) {
      const bar = window.oosStart + 1 + i;
      const part = beta * (close[bar] / close[bar - 1] - 1);
      excessReturns[offset + i] = barReturns[offset + i] - part;
      excess += excessReturns[offset + i];
      passive += part;
    }
    betas.push(beta);
    windowExcess.push(excess);
    windowPassive.push(passive);
    offset += count;
  }
  return { excessReturns, betas, windowExcess, windowPassive };
}
