/**
 * The record step: each window's in-sample choice traded on its own OOS window, stitched. This is THE
 * out-of-sample record of a candidate - every graded number comes from it - and no bar of it took part in the
 * choice it reports on (params may differ per window: that is the walk-forward). The IS counterpart (each choice
 * on the bars it was chosen on) gives the walk-forward efficiency and each window's market exposure (beta), which
 * the passive benchmark of the OOS window uses.
 */
import type { Candles, Timeframe } from '../core/index.js';
import type { IndicatorCache } from '../indicators/index.js';
import type { BarRange, ExecutionOptions } from '../strategies/index.js';
import { passiveBenchmark, rangeBetas, type PassiveBenchmark } from './passive-benchmark.js';
import { runStitched, type RunParams, type StitchedRun } from './stitched-run.js';
import type { WalkForwardChoice } from './walk-forward-choice.js';

export interface WalkForwardRecord {
  /** Each window's choice on its OOS window. */
  oos: StitchedRun;
  /** Each window's choice on its IS window (the bars it was chosen on). */
  is: StitchedRun;
  passive: PassiveBenchmark;
  oosRanges: BarRange[];
  paramsByWindow: RunParams[];
  /** What the last window chose on its IS bars: the params proposed for promotion. */
  latestParams: RunParams;
}

export interface RecordInput {
  candles: Candles;
  tf: Timeframe;
  strategyId: string;
  execution: ExecutionOptions;
  cache: IndicatorCache;
}

/** Runs the choices of `choice` on their OOS and IS windows and splits the OOS returns against the passive benchmark. */
export function recordWalkForward(input: RecordInput, choice: WalkForwardChoice): WalkForwardRecord {
  const paramsByWindow = choice.choices.map((entry) => entry.params);
  const oosRanges = choice.windows.map((w) => ({ start: w.oosStart, end: w.oosEnd }));
  const isRanges = choice.windows.map((w) => ({ start: w.isStart, end: w.isEnd }));
  const base = { candles: input.candles, tf: input.tf, strategyId: input.strategyId, execution: input.execution, cache: input.cache };
  const oos = runStitched({ ...base, ranges: oosRanges, params: paramsByWindow });
  const is = runStitched({ ...base, ranges: isRanges, params: paramsByWindow });
  const betas = rangeBetas(input.candles, isRanges, is.barReturns);
  const passive = passiveBenchmark(input.candles, oosRanges, oos.barReturns, betas);
  return { oos, is, passive, oosRanges, paramsByWindow, latestParams: paramsByWindow[paramsByWindow.length - 1] };
}
