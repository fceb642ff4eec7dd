import { CANDLE_COLUMNS, type CandleRow, type Candles, candleCount, candlesFromRows } from '../core/candles.js';

/**
 * The first reason `candles` cannot be trusted as a file, or undefined when they are fine: timestamps strictly
 * increasing (so also unique) and integral, every value finite. Rows are numbered from 1 as in a file. Readers
 * check this; writers also check {@link findImpossibleCandle}.
 */
export function findCandleProblem(candles: Candles): string | undefined {
  const rows = candleCount(candles);
  const timestamp = candles.timestamp;
  for (let i = 0; i < rows; i++) {
    const t = timestamp[i];
    if (!Number.isInteger(t)) return `row ${i + 1}: timestamp ${t} is not a whole number of milliseconds`;
    if (i > 0 && !(t > timestamp[i - 1])) {
      const kind = t === timestamp[i - 1] ? 'duplicates' : 'is before';
      return `row ${i + 1}: timestamp ${t} (${isoTime(t)}) ${kind} the previous one ${timestamp[i - 1]} (${isoTime(timestamp[i - 1])}); timestamps must strictly increase`;
    }
  }
  for (let c = 1; c < CANDLE_COLUMNS.length; c++) {
    const column = candles[CANDLE_COLUMNS[c]];
    for (let i = 0; i < rows; i++) {
      // v - v is 0 for finite values and NaN for NaN/Infinity: one branch-free-ish test per value.
      if (column[i] - column[i] !== 0) return `row ${i + 1}: ${CANDLE_COLUMNS[c]} is ${column[i]}; every price and volume must be finite`;
    }
  }
  return undefined;
}

/** The rules a candle must keep to be stored: anything else breaks every strategy run on its series. */
export type CandleRule = 'non_finite' | 'price_not_positive' | 'high_below_body' | 'low_above_body' | 'negative_volume';

export interface CandleRuleBreak {
  readonly rule: CandleRule;
  /** What is wrong, with the values: "high 9.5 is below both open 10 and close 10.5". */
  readonly reason: string;
}

/**
 * The first rule one candle breaks, or undefined: every value finite, open/high/low/close above 0, high not below
 * both open and close, low not above both, volume not negative (-0 is fine). The body test is deliberately loose
 * (min/max of open and close, not high >= max): it refuses candles that cannot be, not exchange rounding.
 */
export function candleRuleBreak(open: number, high: number, low: number, close: number, volume: number): CandleRuleBreak | undefined {
  const values = { open, high, low, close, volume };
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isFinite(value)) return { rule: 'non_finite', reason: `${name} is ${value}; every price and volume must be finite` };
  }
  for (const name of ['open', 'high', 'low', 'close'] as const) {
    if (!(values[name] > 0)) return { rule: 'price_not_positive', reason: `${name} is ${values[name]}; prices must be positive` };
  }
  if (high < Math.min(open, close)) return { rule: 'high_below_body', reason: `high ${high} is below both open ${open} and close ${close}` };
  if (low > Math.max(open, close)) return { rule: 'low_above_body', reason: `low ${low} is above both open ${open} and close ${close}` };
  if (volume < 0) return { rule: 'negative_volume', reason: `volume is ${volume}; volume cannot be negative` };
  return undefined;
}

/** The same rules as {@link candleRuleBreak} as one allocation-free test (writes check a million rows with it). */
function keepsRules(open: number, high: number, low: number, close: number, volume: number): boolean {
  // NaN fails every comparison, so `> 0` and `>= 0` also refuse non-finite values; only +Infinity needs its own test.
  return (
    open > 0 && high > 0 && low > 0 && close > 0 && volume >= 0 &&
    open < Infinity && high < Infinity && low < Infinity && close < Infinity && volume < Infinity &&
    !(high < Math.min(open, close)) && !(low > Math.max(open, close))
  );
}

/** The first candle breaking a rule, as "row N (time): reason", or undefined when every candle keeps them. */
export function findImpossibleCandle(candles: Candles): string | undefined {
  const { timestamp, open, high, low, close, volume } = candles;
  for (let i = 0; i < timestamp.length; i++) {
    if (keepsRules(open[i], high[i], low[i], close[i], volume[i])) continue;
    const broken = candleRuleBreak(open[i], high[i], low[i], close[i], volume[i]);
    if (broken) return `row ${i + 1} (${isoTime(timestamp[i])}): ${broken.reason}`;
  }
  return undefined;
}

/** A candle refused at the door, as it came and why. */
export interface RefusedCandle extends CandleRuleBreak {
  readonly row: CandleRow;
}

/** Splits rows into those that keep every rule and those refused (with the rule each breaks), order kept. */
export function splitImpossibleRows(rows: readonly CandleRow[]): { kept: CandleRow[]; refused: RefusedCandle[] } {
  const kept: CandleRow[] = [];
  const refused: RefusedCandle[] = [];
  for (const row of rows) {
    const broken = keepsRules(row[1], row[2], row[3], row[4], row[5]) ? undefined : candleRuleBreak(row[1], row[2], row[3], row[4], row[5]);
    if (broken) refused.push({ ...broken, row });
    else kept.push(row);
  }
  return { kept, refused };
}

/** True when timestamps strictly increase (sorted and unique). */
export function isStrictlyIncreasing(timestamp: Float64Array): boolean {
  for (let i = 1; i < timestamp.length; i++) if (!(timestamp[i] > timestamp[i - 1])) return false;
  return true;
}

export function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/**
 * Splits candle columns into those that keep every rule and the rows refused; returns `candles` itself (no copy)
 * when nothing is refused, which is the usual case.
 */
export function splitImpossibleCandles(candles: Candles): { kept: Candles; refused: RefusedCandle[] } {
  const { timestamp, open, high, low, close, volume } = candles;
  let firstBad = -1;
  for (let i = 0; i < timestamp.length && firstBad < 0; i++) {
    if (!keepsRules(open[i], high[i], low[i], close[i], volume[i])) firstBad = i;
  }
  if (firstBad < 0) return { kept: candles, refused: [] };
  const rows = Array.from({ length: timestamp.length }, (_, i): CandleRow => [timestamp[i], open[i], high[i], low[i], close[i], volume[i]]);
  const { kept, refused } = splitImpossibleRows(rows);
  return { kept: candlesFromRows(kept), refused };
}
