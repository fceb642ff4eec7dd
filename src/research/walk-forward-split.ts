/**
 * Rolling walk-forward windows (Pardo 2008, "The Evaluation and Optimization of Trading Strategies"):
 * optimise on an in-sample (IS) range, skip an embargo (Lopez de Prado 2018, ch. 7) so indicators warmed on IS
 * bars and trades still open at IS end cannot leak into the test, then test on the out-of-sample (OOS) range;
 * roll everything forward by `stepBars`.
 */
import { timeframeMs, type Timeframe } from '../core/timeframe.js';
import type { BacktestConfig, WindowSpec } from '../config/backtest-config.js';

export interface WalkForwardWindow {
  /** 0-based window number. */
  index: number;
  /** In-sample bars [isStart, isEnd), half-open. */
  isStart: number;
  isEnd: number;
  /** Out-of-sample bars [oosStart, oosEnd), half-open; oosStart = isEnd + embargo. */
  oosStart: number;
  oosEnd: number;
}

export interface WalkForwardSplitOptions {
  /** Total number of bars available. */
  bars: number;
  isBars: number;
  oosBars: number;
  /** Shift between consecutive windows (oosBars for back-to-back OOS ranges). */
  stepBars: number;
  /** Bars skipped between IS end and OOS start (default 0). */
  embargoBars?: number;
  /** First bar of the first window (default 0), e.g. after an indicator warm-up. */
  startIndex?: number;
}

export interface WalkForwardSplit {
  windows: WalkForwardWindow[];
  /** Why there is no window (data too short), or null when there is at least one. */
  reason: string | null;
}

function checkCount(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`splitWalkForward: ${name} must be an integer >= ${minimum}, was ${value}`);
  }
}

/**
 * Rolling IS/OOS windows that never read beyond `bars`: window k starts at startIndex + k * stepBars,
 * IS = [start, start + isBars), OOS = [isEnd + embargoBars, isEnd + embargoBars + oosBars).
 * Too little data gives zero windows and a `reason`, not an exception; invalid sizes throw a RangeError.
 */
export function splitWalkForward(options: WalkForwardSplitOptions): WalkForwardSplit {
  const { bars, isBars, oosBars, stepBars, embargoBars = 0, startIndex = 0 } = options;
  checkCount('bars', bars, 0);
  checkCount('isBars', isBars, 1);
  checkCount('oosBars', oosBars, 1);
  checkCount('stepBars', stepBars, 1);
  checkCount('embargoBars', embargoBars, 0);
  checkCount('startIndex', startIndex, 0);
  const windows: WalkForwardWindow[] = [];
  for (let start = startIndex; start + isBars + embargoBars + oosBars <= bars; start += stepBars) {
    const isEnd = start + isBars;
    const oosStart = isEnd + embargoBars;
    windows.push({ index: windows.length, isStart: start, isEnd, oosStart, oosEnd: oosStart + oosBars });
  }
  if (windows.length > 0) return { windows, reason: null };
  const needed = startIndex + isBars + embargoBars + oosBars;
  return {
    windows,
    reason:
      `one walk-forward window needs ${needed} bars (start ${startIndex} + IS ${isBars} + embargo ${embargoBars} + ` +
      `OOS ${oosBars}) but only ${bars} are available; backfill more history or shorten the windows`,
  };
}

/**
 * Number of bars of timeframe `tf` in `days` days, rounded to the nearest bar:
 * windowBarsFromDays(2, '5m') === 576.
 */
export function windowBarsFromDays(days: number, tf: Timeframe): number {
  if (!(days > 0) || !Number.isFinite(days)) throw new RangeError(`windowBarsFromDays: days must be > 0, was ${days}`);
  const bars = Math.round((days * 86_400_000) / timeframeMs(tf));
  if (bars < 1) throw new RangeError(`windowBarsFromDays: ${days} days is less than one ${tf} bar`);
  return bars;
}

/** Window sizes in bars for `tf`: the per-tf override, else the default; day variants are converted. */
export function windowBars(spec: WindowSpec, tf: Timeframe): { isBars: number; oosBars: number; stepBars: number; embargoBars: number } {
  if ('is_bars' in spec) return { isBars: spec.is_bars, oosBars: spec.oos_bars, stepBars: spec.step_bars, embargoBars: spec.embargo_bars };
  return {
    isBars: windowBarsFromDays(spec.is_days, tf),
    oosBars: windowBarsFromDays(spec.oos_days, tf),
    stepBars: windowBarsFromDays(spec.step_days, tf),
    embargoBars: spec.embargo_bars,
  };
}

/** The walk-forward windows of `bars` candles of `tf` under backtest_config's walk_forward block. */
export function planWindows(bars: number, tf: Timeframe, config: BacktestConfig['walk_forward']): WalkForwardSplit {
  return splitWalkForward({ bars, ...windowBars(config.per_tf[tf] ?? config.default, tf) });
}
