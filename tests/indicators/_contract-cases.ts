/** The table every indicator contract test runs over: each indicator with its warm-up per output. */
import type { Candles } from '../../src/core/index.js';
import {
  adx,
  atr,
  bollinger,
  donchian,
  ema,
  keltner,
  macd,
  rollingStd,
  rsi,
  sma,
  supertrend,
  trueRange,
  volumeSma,
  vwap,
  wma,
  zScore,
} from '../../src/indicators/index.js';

export type Outputs = Record<string, Float64Array>;

/** One indicator under the contract: where each output becomes finite, and how to call it with or without `out`. */
export interface ContractCase {
  name: string;
  firstValue: Record<string, number>;
  compute(candles: Candles, out?: Outputs): Float64Array | object;
}

const single = (name: string, firstValue: number, compute: (c: Candles, out?: Float64Array) => Float64Array): ContractCase => ({
  name,
  firstValue: { value: firstValue },
  compute: (c, out) => compute(c, out?.value),
});

const P = 14;
export const CONTRACT_CASES: ContractCase[] = [
  single('sma', P - 1, (c, out) => sma(c.close, P, out)),
  single('ema', P - 1, (c, out) => ema(c.close, P, out)),
  single('wma', P - 1, (c, out) => wma(c.close, P, out)),
  single('rollingStd', P - 1, (c, out) => rollingStd(c.close, P, out)),
  single('zScore', P - 1, (c, out) => zScore(c.close, P, out)),
  single('rsi', P, (c, out) => rsi(c.close, P, out)),
  single('trueRange', 1, (c, out) => trueRange(c.high, c.low, c.close, out)),
  single('atr', P, (c, out) => atr(c.high, c.low, c.close, P, out)),
  single('volumeSma', P - 1, (c, out) => volumeSma(c.volume, P, out)),
  single('vwap', 0, (c, out) => vwap(c.timestamp, c.high, c.low, c.close, c.volume, out)),
  single('ema period 1 (the source itself)', 0, (c, out) => ema(c.close, 1, out)),
  {
    name: 'bollinger',
    firstValue: { upper: P - 1, middle: P - 1, lower: P - 1 },
    compute: (c, out) => bollinger(c.close, P, 2, out as never),
  },
  {
    name: 'donchian',
    firstValue: { upper: P - 1, lower: P - 1, middle: P - 1 },
    compute: (c, out) => donchian(c.high, c.low, P, out as never),
  },
  {
    name: 'keltner',
    firstValue: { upper: P, middle: P - 1, lower: P },
    compute: (c, out) => keltner(c.high, c.low, c.close, P, 1.5, out as never),
  },
  {
    name: 'supertrend',
    firstValue: { line: P, direction: P },
    compute: (c, out) => supertrend(c.high, c.low, c.close, P, 3, out as never),
  },
  {
    name: 'adx',
    firstValue: { adx: 2 * P - 1, plusDi: P, minusDi: P },
    compute: (c, out) => adx(c.high, c.low, c.close, P, out as never),
  },
  {
    name: 'macd 12/26/9',
    firstValue: { macd: 33, signal: 33, histogram: 33 },
    compute: (c, out) => macd(c.close, 12, 26, 9, out as never),
  },
];

export function asOutputs(result: Float64Array | object): Outputs {
  return result instanceof Float64Array ? { value: result } : (result as Outputs);
}

