import type { CostOptions } from './costs.js';
import type { IntrabarPolicy } from './fill-rules.js';
import type { FundingOptions } from './funding.js';
import type { SizingOptions } from './sizing.js';

/**
 * Signals computed at each bar's close (1 = on). A signal on bar t fills at bar t+1's open.
 * Optional level arrays are real prices per bar (NaN = none): the value on the signal bar becomes the trade's
 * stop / take-profit (with `dynamicLevels`, the value of the previous bar is re-read on every bar held).
 * The four entry / exit signals come either as four byte arrays (non-zero = on) or as one `packed` byte array
 * with SIGNAL_BIT flags (packed-signals.ts), which the kernel reads directly (the fast form; never both).
 */
export interface Signals {
  /** One byte per bar: enterLong 1 | exitLong 2 | enterShort 4 | exitShort 8 (see SIGNAL_BIT). */
  packed?: Uint8Array;
  enterLong?: Uint8Array;
  exitLong?: Uint8Array;
  enterShort?: Uint8Array;
  exitShort?: Uint8Array;
  stopLong?: Float64Array;
  takeProfitLong?: Float64Array;
  stopShort?: Float64Array;
  takeProfitShort?: Float64Array;
}

/**
 * Options of the mono-position kernel. When a pct stop and a level stop both exist, the tighter one (nearer the
 * entry) applies; same for take-profits. Pct levels are relative to the entry fill price; the trailing stop
 * is relative to the most favourable high (long) / low (short) seen up to the previous bar (and the entry price).
 */
export interface MonoKernelOptions {
  /** Starting cash in quote currency. Default 10_000. */
  initialCash?: number;
  /** First bar whose signals count (every input warm). Earlier signals are ignored. Default 0. */
  startIndex?: number;
  fees?: CostOptions;
  /** Default `{ mode: 'fraction', fraction: 1 }` (all-in, 1x). */
  sizing?: SizingOptions;
  /** Which of SL/TP fills when one bar spans both. Default 'pessimistic'. */
  intrabar?: IntrabarPolicy;
  /** Stop-loss distance from the entry fill, as a fraction (0.01 = 1%). */
  stopLossPct?: number;
  /** Take-profit distance from the entry fill, as a fraction. */
  takeProfitPct?: number;
  /** Trailing-stop distance from the best price reached, as a fraction. */
  trailingStopPct?: number;
  /** Re-read the level arrays every bar while a position is open (e.g. a Supertrend stop). Default false. */
  dynamicLevels?: boolean;
  /** What an opposite entry signal does while a position is open. Default 'reverse' (close and reverse). */
  oppositeEntry?: 'reverse' | 'ignore';
  /** Perpetual-swap funding (off by default). */
  funding?: FundingOptions;
  /**
   * Only what a grid search ranks on: the equity curve is not written (`result.equity` is empty) nor are the
   * trades' entry / exit times (left unset); the return moments, first / last equity and every other trade
   * column are exactly those of a full run. Default false.
   */
  scoreOnly?: boolean;
}

export function checkFraction(name: string, value: number | undefined): number {
  if (value === undefined) return Number.NaN;
  if (!(value > 0 && value < 10)) throw new RangeError(`${name} must be a positive fraction (0.01 = 1%), was ${value}`);
  return value;
}

/** Fails fast when a signal or level array is shorter than the candles (a read past its end would act as "on"). */
export function checkSignalLengths(signals: Signals, length: number): void {
  for (const [name, values] of Object.entries(signals)) {
    if (values !== undefined && (values as ArrayLike<number>).length < length) {
      throw new RangeError(`signals.${name} has ${(values as ArrayLike<number>).length} values for ${length} candles; build signals over the same candles`);
    }
  }
}
