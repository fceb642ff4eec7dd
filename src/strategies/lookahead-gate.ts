/**
 * The lookahead gate (freqtrade's lookahead-analysis and recursive-analysis, made automatic): a strategy's plan
 * must not read the future nor depend on where its history starts. Three tests on each sample and param set:
 *
 * - prefix: plans on candles cut at bar k equal the full plan on every bar < k, for many k;
 * - future: plans on candles whose bars from k on were changed (prices scaled, volume scaled, noise) equal the
 *   full plan on every bar < k;
 * - warm-up: a plan on history starting at bar s equals the full plan from bar s + settle on, where settle covers
 *   the declared warm-up generously (20 x warm-up, at least one day of bars and 200 bars), so indicators that
 *   converge (EMA, Wilder) settle while signals that depend on history length (bar counts since the start,
 *   expanding means) are caught. Signals compare exactly, prices to a relative 1e-9 in this test.
 *
 * Pure: candles in, verdict out. The first difference refuses the strategy, naming the test, the sample, the
 * params, the bar and the output that changed.
 */
import { createRng, sliceCandles, timeframeMs, type Candles, type Timeframe } from '../core/index.js';
import { IndicatorCache } from '../indicators/index.js';
import { firstOutputDifference, planOutputs, type OutputDifference, type PlanOutput } from './plan-outputs.js';
import type { StrategyDefinition, StrategyGrid, StrategyParams } from './strategy.js';
import { parseStrategyParams } from './strategy-params.js';

export type LookaheadTest = 'prefix' | 'future' | 'warm-up' | 'error';

export interface GateSample {
  /** 'BTC/USDT 1h', 'synthetic 1h'... */
  readonly name: string;
  readonly candles: Candles;
  readonly timeframe?: Timeframe;
}

export interface LookaheadRefusal {
  readonly strategy: string;
  readonly test: LookaheadTest;
  readonly sample: string;
  readonly params: StrategyParams;
  /** The output that changed ('enterLong', 'stopLong', 'long level 2'...), or 'plan' when the plan threw. */
  readonly output: string;
  /** First bar (index in the sample) whose output differs. */
  readonly bar: number;
  readonly time: string;
  /** prefix: candles cut to bars [0, at); future: bars from `at` on changed; warm-up: history starting at bar `at`. */
  readonly at: number;
  /** The output on the full candles, and in the test's run. */
  readonly expected: number | null;
  readonly found: number | null;
  readonly message: string;
}

export interface LookaheadVerdict {
  readonly strategy: string;
  readonly passed: boolean;
  readonly refusal?: LookaheadRefusal;
  /** Plans built and compared. */
  readonly plans: number;
  readonly samples: string[];
  readonly params: StrategyParams[];
  /** Tests that could not run (a sample too short for the warm-up test...). */
  readonly notes: string[];
}

const WARMUP_TOLERANCE = 1e-9;
const PREFIX_CUTS = 12;
const FUTURE_CUTS = 4;

/** The defaults, then each grid parameter at its first and last value (others at the defaults): at most `limit` sets. */
export function gateParamSets(definition: StrategyDefinition<StrategyParams>, grid: StrategyGrid = definition.grid ?? {}, defaults: StrategyParams = {}, limit = 7): StrategyParams[] {
  const base = parseStrategyParams(definition, defaults);
  const sets = new Map<string, StrategyParams>([[JSON.stringify(base), base]]);
  for (const [name, values] of Object.entries(grid).sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const value of [values[0], values[values.length - 1]]) {
      const result = definition.paramsSchema.safeParse({ ...base, [name]: value });
      if (result.success && sets.size < limit) sets.set(JSON.stringify(result.data), result.data);
    }
  }
  return [...sets.values()];
}

function planOf(definition: StrategyDefinition<StrategyParams>, candles: Candles, params: StrategyParams, timeframe: Timeframe | undefined): PlanOutput[] {
  return planOutputs(definition.plan(candles, params, new IndicatorCache(candles), { timeframe }), candles.close.length);
}

/** Evenly spread integers in [from, to], `count` of them at most, always including both ends. */
function spread(from: number, to: number, count: number): number[] {
  if (to < from) return [];
  const points = new Set<number>([from, to]);
  for (let i = 1; i < count - 1; i++) points.add(Math.round(from + ((to - from) * i) / (count - 1)));
  return [...points].sort((a, b) => a - b);
}

/** The candles with every bar from k on changed: `kind` 0 scales prices by 1.3 and volume by 5, 1 by 0.7, 2 adds noise. */
function changedFuture(candles: Candles, k: number, kind: number): Candles {
  const n = candles.close.length;
  const out = Object.fromEntries(Object.entries(candles).map(([key, values]) => [key, (values as Float64Array).slice()])) as unknown as Candles;
  const rng = createRng(1000 + k);
  for (let i = k; i < n; i++) {
    const factor = kind === 0 ? 1.3 : kind === 1 ? 0.7 : 1 + 0.03 * rng.normal();
    for (const column of ['open', 'high', 'low', 'close'] as const) out[column][i] *= factor;
    out.volume[i] *= kind === 2 ? 1 + rng.next() : kind === 0 ? 5 : 0.2;
  }
  return out;
}

function barMs(sample: GateSample): number {
  if (sample.timeframe) return timeframeMs(sample.timeframe);
  const t = sample.candles.timestamp;
  return t.length > 1 ? t[1] - t[0] : 86_400_000;
}

/** Bars a plan on shorter history is given to settle before it must equal the full plan (see the module comment). */
export function warmupSettleBars(warmup: number, barLengthMs: number): number {
  const barsPerDay = Math.max(1, Math.round(86_400_000 / barLengthMs));
  return Math.max(20 * warmup, warmup + barsPerDay, 200);
}

interface Finding {
  test: LookaheadTest;
  at: number;
  difference: OutputDifference;
  detail: string;
}

/** Runs the three tests of one sample and param set; the first finding, and the number of plans built. */
function checkOne(definition: StrategyDefinition<StrategyParams>, sample: GateSample, params: StrategyParams, notes: string[]): { finding?: Finding; plans: number } {
  const { candles, timeframe } = sample;
  const n = candles.close.length;
  const warmup = definition.warmup(params);
  const full = planOf(definition, candles, params, timeframe);
  let plans = 1;
  const first = Math.min(n - 1, Math.max(warmup + 2, 10));
  for (const k of spread(first, n - 1, PREFIX_CUTS)) {
    plans++;
    const difference = firstOutputDifference(full, planOf(definition, sliceCandles(candles, 0, k), params, timeframe), 0, k);
    if (difference) return { plans, finding: { test: 'prefix', at: k, difference, detail: `with the candles cut after bar ${k - 1}` } };
  }
  for (const k of spread(first, n - 1, FUTURE_CUTS)) {
    for (const kind of [0, 1, 2]) {
      plans++;
      const difference = firstOutputDifference(full, planOf(definition, changedFuture(candles, k, kind), params, timeframe), 0, k);
      const change = ['prices x1.3 and volume x5', 'prices x0.7 and volume x0.2', 'random noise'][kind];
      if (difference) return { plans, finding: { test: 'future', at: k, difference, detail: `with the bars from ${k} on changed (${change})` } };
    }
  }
  const settle = warmupSettleBars(warmup, barMs(sample));
  // Odd starts: a signal keyed on bar counts since the first bar (t % p) shifts with them for every period p > 1.
  const starts = [1, Math.floor(0.3 * n) | 1].filter((s) => s + settle + 50 <= n);
  if (starts.length === 0) notes.push(`warm-up test skipped on ${sample.name}: ${n} bars cannot hold ${settle} bars of settling (warm-up ${warmup})`);
  for (const s of starts) {
    plans++;
    const difference = firstOutputDifference(full, planOf(definition, sliceCandles(candles, s), params, timeframe), s + settle, n, s, WARMUP_TOLERANCE);
    const detail = `with the history starting at bar ${s} instead of 0 (compared from ${settle} bars later; declared warm-up ${warmup} bars)`;
    if (difference) return { plans, finding: { test: 'warm-up', at: s, difference, detail } };
  }
  return { plans };
}

function isoTime(candles: Candles, bar: number): string {
  const t = candles.timestamp[bar];
  return Number.isFinite(t) ? new Date(t).toISOString() : `bar ${bar}`;
}

function refusalOf(strategy: string, sample: GateSample, params: StrategyParams, finding: Finding): LookaheadRefusal {
  const { difference, test, at, detail } = finding;
  const time = isoTime(sample.candles, difference.bar);
  const what = test === 'warm-up' ? 'its signals change with the length of history' : 'it reads the future';
  const fix =
    test === 'warm-up'
      ? 'a signal may depend on the last `warmup` bars only: declare a longer warmup, or stop counting from the first bar'
      : "a signal on bar t's close may use bars <= t only";
  const message =
    `strategy ${strategy} refused by the lookahead gate: ${what} (${test} test on ${sample.name}, params ${JSON.stringify(params)}): ` +
    `${detail}, ${difference.output} at bar ${difference.bar} (${time}) is ${difference.found} instead of ${difference.expected}; ${fix}`;
  return { strategy, test, sample: sample.name, params, output: difference.output, bar: difference.bar, time, at, expected: difference.expected, found: difference.found, message };
}

function errorRefusal(strategy: string, sample: GateSample, params: StrategyParams, error: unknown): LookaheadRefusal {
  const problem = error instanceof Error ? error.message : String(error);
  const message = `strategy ${strategy} refused by the lookahead gate: its plan threw on ${sample.name} (params ${JSON.stringify(params)}): ${problem}`;
  return { strategy, test: 'error', sample: sample.name, params, output: 'plan', bar: -1, time: '', at: -1, expected: null, found: null, message };
}

/**
 * Runs the prefix, future and warm-up tests of `definition` on every sample with every param set (default: see
 * gateParamSets) and stops at the first difference.
 */
export function checkLookahead(definition: StrategyDefinition<StrategyParams>, samples: readonly GateSample[], paramSets = gateParamSets(definition)): LookaheadVerdict {
  const notes: string[] = [];
  let plans = 0;
  const verdict = (refusal?: LookaheadRefusal): LookaheadVerdict => ({
    strategy: definition.id, passed: refusal === undefined, ...(refusal ? { refusal } : {}), plans,
    samples: samples.map((sample) => sample.name), params: paramSets, notes,
  });
  for (const sample of samples) {
    for (const params of paramSets) {
      try {
        const { finding, plans: built } = checkOne(definition, sample, params, notes);
        plans += built;
        if (finding) return verdict(refusalOf(definition.id, sample, params, finding));
      } catch (error) {
        return verdict(errorRefusal(definition.id, sample, params, error));
      }
    }
  }
  return verdict();
}
