/**
 * Position sizing.
 * - `fraction`: notional = fraction x equity x leverage (default: fraction 1, i.e. all-in at 1x).
 * - `fixed`: notional = `notional` quote units per trade (leverage only matters for margin, not modelled).
 * - `risk`: units = riskFraction x equity / |entry - stop|, so hitting the stop loses `riskFraction` of equity
 *   (before fees and slippage); capped at equity x leverage notional. An entry without a stop is skipped.
 * Units are rounded down to a multiple of `lotSize` when it is > 0 (e.g. 1 for whole units); entries that round
 * to zero units are skipped.
 */
export type SizingOptions =
  | { mode: 'fraction'; fraction?: number; leverage?: number; lotSize?: number }
  | { mode: 'fixed'; notional: number; leverage?: number; lotSize?: number }
  | { mode: 'risk'; riskFraction: number; leverage?: number; lotSize?: number };

export const SIZING_MODE = { fraction: 0, fixed: 1, risk: 2 } as const;

/** Sizing flattened to numbers, read once before a kernel loop. */
export interface ResolvedSizing {
  mode: number;
  /** fraction (mode fraction), notional (mode fixed) or riskFraction (mode risk). */
  amount: number;
  leverage: number;
  lotSize: number;
}

export function resolveSizing(sizing: SizingOptions = { mode: 'fraction' }): ResolvedSizing {
  const leverage = sizing.leverage ?? 1;
  const lotSize = sizing.lotSize ?? 0;
  if (!(leverage > 0)) throw new RangeError(`sizing.leverage must be > 0, was ${leverage}`);
  if (!(lotSize >= 0)) throw new RangeError(`sizing.lotSize must be >= 0 (0 = fractional units), was ${lotSize}`);
  const amount =
    sizing.mode === 'fraction' ? (sizing.fraction ?? 1) : sizing.mode === 'fixed' ? sizing.notional : sizing.riskFraction;
  if (!(amount > 0)) throw new RangeError(`sizing (${sizing.mode}) needs a positive amount, was ${amount}`);
  return { mode: SIZING_MODE[sizing.mode], amount, leverage, lotSize };
}

/**
 * Units to buy/sell at `price` (> 0) with `equity` available; `stopDistance` is |entry - stop| in price
 * (only used by risk sizing; NaN = no stop). Returns 0 when the trade must be skipped.
 */
export function positionUnits(sizing: ResolvedSizing, equity: number, price: number, stopDistance: number): number {
  if (!(equity > 0)) return 0;
  const maxNotional = equity * sizing.leverage;
  let units: number;
  if (sizing.mode === SIZING_MODE.fraction) units = (sizing.amount * maxNotional) / price;
  else if (sizing.mode === SIZING_MODE.fixed) units = sizing.amount / price;
  else {
    if (!(stopDistance > 0)) return 0;
    units = Math.min((sizing.amount * equity) / stopDistance, maxNotional / price);
  }
  if (sizing.lotSize > 0) units = Math.floor(units / sizing.lotSize + 1e-9) * sizing.lotSize;
  return units > 0 ? units : 0;
}
