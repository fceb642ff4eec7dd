/**
 * Passive benchmark of a walk-forward record: what the strategy's usual market exposure would have earned without
 * any timing skill. On a path that happens to drift, every combo that is net long makes money together; the edge
 * is measured AFTER this passive part.
 *
 * The exposure of window w is the regression beta of the chosen combo on the market over the window's IN-SAMPLE
 * bars (Sharpe 1966; Jensen 1968): beta_w = cov(r, m) / var(m), r the strategy's per-bar returns and m the
 * close-to-close market returns of the same bars. It is measured before the OOS window starts, never on the bars
 * it is judged on: a beta fitted on the OOS bars would absorb timing into "exposure" and credit a strategy that
 * happened to fade each window's trend. The active return on OOS bar t is x_t = r_t - beta_w m_t.
 */
import type { Candles } from '../core/index.js';
import type { BarRange } from '../strategies/index.js';

export interface PassiveBenchmark {
  /** Per-bar active returns r_t - beta_w m_t, aligned with the record's barReturns (range by range). */
  excessReturns: Float64Array;
  /** Per-range beta used (measured on the IS bars), range order. */
  betas: number[];
  /** Per-range sum of the active returns (simple, not compounded). */
  windowExcess: number[];
  /** Per-range sum of the passive part beta_w m_t: what the exposure alone earned. */
  windowPassive: number[];
}

/** Number of per-bar returns of the ranges (each contributes its bars after the first). */
function returnCount(ranges: readonly BarRange[]): number {
  return ranges.reduce((sum, range) => sum + Math.max(0, range.end - range.start - 1), 0);
}

function checkAligned(name: string, ranges: readonly BarRange[], barReturns: Float64Array): void {
  const expected = returnCount(ranges);
  if (expected !== barReturns.length) {
    throw new RangeError(`${name}: ${barReturns.length} bar returns for ranges holding ${expected}; pass the StitchedRun.barReturns of the same ranges`);
  }
}

const marketReturn = (close: Float64Array, bar: number): number => close[bar] / close[bar - 1] - 1;

/** Regression beta of `barReturns[offset, offset + count)` on the market returns of bars start+1 .. start+count. */
function betaOf(close: Float64Array, start: number, barReturns: Float64Array, offset: number, count: number): number {
  let sumM = 0;
  let sumR = 0;
  for (let i = 0; i < count; i++) {
    sumM += marketReturn(close, start + 1 + i);
    sumR += barReturns[offset + i];
  }
  const meanM = count > 0 ? sumM / count : 0;
  const meanR = count > 0 ? sumR / count : 0;
  let covariance = 0;
  let varianceM = 0;
  for (let i = 0; i < count; i++) {
    const m = marketReturn(close, start + 1 + i) - meanM;
    covariance += m * (barReturns[offset + i] - meanR);
    varianceM += m * m;
  }
  return varianceM > 1e-30 ? covariance / varianceM : 0;
}

/** Beta of a stitched run on the market in each of its ranges (the IS windows of a walk-forward record). */
export function rangeBetas(candles: Candles, ranges: readonly BarRange[], barReturns: Float64Array): number[] {
  checkAligned('rangeBetas', ranges, barReturns);
  const betas: number[] = [];
  let offset = 0;
  for (const range of ranges) {
    const count = Math.max(0, range.end - range.start - 1);
    betas.push(betaOf(candles.close, range.start, barReturns, offset, count));
    offset += count;
  }
  return betas;
}

/**
 * Splits the concatenated per-bar returns of `ranges` (the OOS windows) into a passive part betas[w] m_t and an
 * active part. `betas` come from elsewhere (the IS windows: {@link rangeBetas}).
 * @throws RangeError when `barReturns` does not have one return per bar after each range's first.
 */
export function passiveBenchmark(candles: Candles, ranges: readonly BarRange[], barReturns: Float64Array, betas: readonly number[]): PassiveBenchmark {
  checkAligned('passiveBenchmark', ranges, barReturns);
  if (betas.length !== ranges.length) throw new RangeError(`passiveBenchmark: ${betas.length} betas for ${ranges.length} ranges`);
  const excessReturns = new Float64Array(barReturns.length);
  const windowExcess: number[] = [];
  const windowPassive: number[] = [];
  let offset = 0;
  ranges.forEach((range, w) => {
    let excess = 0;
    let passive = 0;
    for (let bar = range.start + 1; bar < range.end; bar++, offset++) {
      const part = betas[w] * marketReturn(candles.close, bar);
      excessReturns[offset] = barReturns[offset] - part;
      excess += excessReturns[offset];
      passive += part;
    }
    windowExcess.push(excess);
    windowPassive.push(passive);
  });
  return { excessReturns, betas: [...betas], windowExcess, windowPassive };
}
