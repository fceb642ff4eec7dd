import type { Candles } from '../core/index.js';
import { adx } from './adx.js';
import { atr } from './atr.js';
import { bollinger } from './bollinger.js';
import { donchian } from './donchian.js';
import { breakoutRuns, breakoutsFromRuns, type BreakoutRuns } from './donchian-breakouts.js';
import { ema } from './ema.js';
import { keltner } from './keltner.js';
import { macd } from './macd.js';
import { rollingStd } from './rolling-std.js';
import { rsi } from './rsi.js';
import { sma } from './sma.js';
import { supertrend } from './supertrend.js';
import { trueRange } from './true-range.js';
import { volumeSma } from './volume-sma.js';
import { vwap } from './vwap.js';
import { wma } from './wma.js';
import { zScore } from './z-score.js';

/** A candle column, or a derived price: hl2 = (h+l)/2, hlc3 = (h+l+c)/3, ohlc4 = (o+h+l+c)/4. */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4';

/** What an indicator definition may read: the candles and any (cached) price source. */
export interface IndicatorInput {
  readonly candles: Candles;
  source(name: PriceSource): Float64Array;
}

/** One registry entry: default parameters (part of the cache key) and the computation. */
export interface IndicatorDefinition<Params extends object, Defaults extends Partial<Params>, Output> {
  readonly defaults: Defaults;
  compute(input: IndicatorInput, params: Params & Defaults): Output;
}

function defineIndicator<Params extends object, Defaults extends Partial<Params>, Output>(
  defaults: Defaults,
  compute: (input: IndicatorInput, params: Params & Defaults) => Output,
): IndicatorDefinition<Params, Defaults, Output> {
  return { defaults, compute };
}

interface Period {
  readonly period: number;
}
interface PeriodOnSource extends Period {
  readonly source?: PriceSource;
}
interface Band extends Period {
  readonly mult: number;
}
const CLOSE = { source: 'close' } as const;

/** The breakout run lengths of a cache's candles (immutable while cached): every Donchian period reuses them. */
const BREAKOUT_RUNS = new WeakMap<IndicatorInput, BreakoutRuns>();

function breakoutRunsOf(input: IndicatorInput): BreakoutRuns {
  let runs = BREAKOUT_RUNS.get(input);
  if (runs === undefined) {
    const c = input.candles;
    BREAKOUT_RUNS.set(input, (runs = breakoutRuns(c.high, c.low, c.close)));
  }
  return runs;
}

/** Every indicator the cache can compute, by name. Adding one is one file plus one line here. */
export const INDICATORS = {
  sma: defineIndicator<PeriodOnSource, typeof CLOSE, Float64Array>(CLOSE, (input, p) => sma(input.source(p.source), p.period)),
  ema: defineIndicator<PeriodOnSource, typeof CLOSE, Float64Array>(CLOSE, (input, p) => ema(input.source(p.source), p.period)),
  wma: defineIndicator<PeriodOnSource, typeof CLOSE, Float64Array>(CLOSE, (input, p) => wma(input.source(p.source), p.period)),
  rollingStd: defineIndicator<PeriodOnSource, typeof CLOSE, Float64Array>(CLOSE, (input, p) => rollingStd(input.source(p.source), p.period)),
  zScore: defineIndicator<PeriodOnSource, typeof CLOSE, Float64Array>(CLOSE, (input, p) => zScore(input.source(p.source), p.period)),
  rsi: defineIndicator<PeriodOnSource, typeof CLOSE, Float64Array>(CLOSE, (input, p) => rsi(input.source(p.source), p.period)),
  volumeSma: defineIndicator<Period, object, Float64Array>({}, ({ candles }, p) => volumeSma(candles.volume, p.period)),
  trueRange: defineIndicator<object, object, Float64Array>({}, ({ candles: c }) => trueRange(c.high, c.low, c.close)),
  atr: defineIndicator<Period, object, Float64Array>({}, ({ candles: c }, p) => atr(c.high, c.low, c.close, p.period)),
  bollinger: defineIndicator<Band & { readonly source?: PriceSource }, typeof CLOSE, ReturnType<typeof bollinger>>(CLOSE, (input, p) =>
    bollinger(input.source(p.source), p.period, p.mult),
  ),
  donchian: defineIndicator<Period, object, ReturnType<typeof donchian>>({}, ({ candles: c }, p) => donchian(c.high, c.low, p.period)),
  donchianBreakouts: defineIndicator<Period, object, Uint8Array>({}, (input, p) => breakoutsFromRuns(breakoutRunsOf(input), p.period)),
  keltner: defineIndicator<Band, object, ReturnType<typeof keltner>>({}, ({ candles: c }, p) =>
    keltner(c.high, c.low, c.close, p.period, p.mult),
  ),
  supertrend: defineIndicator<Band, object, ReturnType<typeof supertrend>>({}, ({ candles: c }, p) =>
    supertrend(c.high, c.low, c.close, p.period, p.mult),
  ),
  adx: defineIndicator<Period, object, ReturnType<typeof adx>>({}, ({ candles: c }, p) => adx(c.high, c.low, c.close, p.period)),
  macd: defineIndicator<
    { readonly fast: number; readonly slow: number; readonly signal: number; readonly source?: PriceSource },
    typeof CLOSE,
    ReturnType<typeof macd>
  >(CLOSE, (input, p) => macd(input.source(p.source), p.fast, p.slow, p.signal)),
  vwap: defineIndicator<object, object, Float64Array>({}, ({ candles: c }) => vwap(c.timestamp, c.high, c.low, c.close, c.volume)),
} as const;

export type IndicatorName = keyof typeof INDICATORS;
type DefinitionOf<Name extends IndicatorName> = (typeof INDICATORS)[Name];
/** The parameters `cache.get(name, params)` accepts for one indicator. */
export type IndicatorParams<Name extends IndicatorName> =
  DefinitionOf<Name> extends IndicatorDefinition<infer Params, infer _Defaults, infer _Output> ? Params : never;
/** What `cache.get(name, ...)` returns for one indicator: a Float64Array (a Uint8Array for event flags) or an object of them. */
export type IndicatorOutput<Name extends IndicatorName> = ReturnType<DefinitionOf<Name>['compute']>;
