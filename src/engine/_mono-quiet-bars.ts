/**
 * Quiet-bar fast paths of the mono kernel. A bar is quiet when no signal byte is set on it and the open position
 * (if any) neither gaps through nor trades through its stop or take-profit: the general loop would only mark
 * equity there. These loops mark equity exactly as the general loop does and return the first bar that is not
 * quiet (or `end`), which the general loop then processes. Callers use them only when nothing changes per bar
 * otherwise (no pending order, no funding, no trailing stop, no dynamic levels).
 */

/** Flat: equity = cash until the next bar with any signal byte set. */
export function skipFlatBars(
  from: number,
  end: number,
  cash: number,
  equity: Float64Array,
  enterLong: Uint8Array,
  exitLong: Uint8Array,
  enterShort: Uint8Array,
  exitShort: Uint8Array,
): number {
  let t = from;
  for (; t < end; t++) {
    if ((enterLong[t] | exitLong[t] | enterShort[t] | exitShort[t]) !== 0) break;
    equity[t] = cash;
  }
  return t;
}

/**
 * In a position of `side` with position-space stop `stopP` and take-profit `tpP` (+-Infinity when absent):
 * marks `cash + units x (side x close - entryP)` while the bar stays strictly inside (stop, take-profit) from its
 * open to its range and carries no signal.
 */
export function skipQuietPositionBars(
  from: number,
  end: number,
  side: number,
  stopP: number,
  tpP: number,
  cash: number,
  units: number,
  entryP: number,
  candles: { readonly open: Float64Array; readonly high: Float64Array; readonly low: Float64Array; readonly close: Float64Array },
  equity: Float64Array,
  enterLong: Uint8Array,
  exitLong: Uint8Array,
  enterShort: Uint8Array,
  exitShort: Uint8Array,
): number {
  const { open, high, low, close } = candles;
  let t = from;
  if (side > 0) {
    for (; t < end; t++) {
      if ((enterLong[t] | exitLong[t] | enterShort[t] | exitShort[t]) !== 0) break;
      const o = open[t];
      if (!(o > stopP && o < tpP && low[t] > stopP && high[t] < tpP)) break;
      equity[t] = cash + units * (close[t] - entryP);
    }
  } else {
    for (; t < end; t++) {
      if ((enterLong[t] | exitLong[t] | enterShort[t] | exitShort[t]) !== 0) break;
      const o = -open[t];
      if (!(o > stopP && o < tpP && -high[t] > stopP && -low[t] < tpP)) break;
      equity[t] = cash + units * (-close[t] - entryP);
    }
  }
  return t;
}
