/**
 * Quiet-bar fast paths of the mono kernel. A bar is quiet when its signal code (see _mono-signal-table.ts) makes
 * the kernel do nothing in its current state (`acting` has one bit per code that acts) and the open position
 * (if any) neither gaps through nor trades through its stop or take-profit: the general loop would only mark
 * equity there. These loops mark equity exactly as the general loop does and return the first bar that is not
 * quiet (or `end`), which the general loop then processes. Callers use them only when nothing changes per bar
 * otherwise (no pending order, no funding, no trailing stop, no dynamic levels).
 */

/** enterLong | exitLong << 1 | enterShort << 2 | exitShort << 3 at bar t (non-zero bytes count as on). */
export function signalCode(t: number, enterLong: Uint8Array, exitLong: Uint8Array, enterShort: Uint8Array, exitShort: Uint8Array): number {
  // (byte + 255) >> 8 is 1 for any non-zero byte and 0 for 0, without a branch.
  return ((enterLong[t] + 255) >> 8) | (((exitLong[t] + 255) >> 8) << 1) | (((enterShort[t] + 255) >> 8) << 2) | (((exitShort[t] + 255) >> 8) << 3);
}

/** Flat: equity = cash until the next bar whose signals open a position. */
export function skipFlatBars(
  from: number,
  end: number,
  cash: number,
  equity: Float64Array,
  acting: number,
  enterLong: Uint8Array,
  exitLong: Uint8Array,
  enterShort: Uint8Array,
  exitShort: Uint8Array,
): number {
  let t = from;
  for (; t < end; t++) {
    if (((acting >> signalCode(t, enterLong, exitLong, enterShort, exitShort)) & 1) !== 0) break;
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
  acting: number,
  enterLong: Uint8Array,
  exitLong: Uint8Array,
  enterShort: Uint8Array,
  exitShort: Uint8Array,
): number {
  const { open, high, low, close } = candles;
  let t = from;
  if (stopP === -Infinity && tpP === Infinity) {
    // No stop and no take-profit: only the signals can end the run.
    for (; t < end; t++) {
      if (((acting >> signalCode(t, enterLong, exitLong, enterShort, exitShort)) & 1) !== 0) break;
      equity[t] = cash + units * (side * close[t] - entryP);
    }
  } else if (side > 0) {
    for (; t < end; t++) {
      if (((acting >> signalCode(t, enterLong, exitLong, enterShort, exitShort)) & 1) !== 0) break;
      const o = open[t];
      if (!(o > stopP && o < tpP && low[t] > stopP && high[t] < tpP)) break;
      equity[t] = cash + units * (close[t] - entryP);
    }
  } else {
    for (; t < end; t++) {
      if (((acting >> signalCode(t, enterLong, exitLong, enterShort, exitShort)) & 1) !== 0) break;
      const o = -open[t];
      if (!(o > stopP && o < tpP && -high[t] > stopP && -low[t] < tpP)) break;
      equity[t] = cash + units * (-close[t] - entryP);
    }
  }
  return t;
}
