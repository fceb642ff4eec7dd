/**
 * Small-int codes used inside the kernels (trade buffers store these), and their labels for the API edge.
 */

/** Position side codes: +1 long, -1 short (0 = flat inside kernels). */
export const SIDE = { long: 1, short: -1 } as const;
export type SideLabel = keyof typeof SIDE;

/** Why a trade was closed. Stored as a Uint8 in `TradeBuffers.exitReason`. */
export const EXIT_REASON = {
  /** An exit signal filled at the next open. */
  signal: 0,
  /** An opposite entry signal closed the position at the next open (and reversed it). */
  reverse: 1,
  /** The stop-loss price (fixed pct, level array, or average-price stop of a grid) was hit. */
  stopLoss: 2,
  /** The take-profit limit was hit. */
  takeProfit: 3,
  /** The trailing stop was hit. */
  trailingStop: 4,
  /** A grid force-close signal filled at the next open. */
  forceClose: 5,
  /** Still open on the last bar: closed at the last close. */
  end: 6,
} as const;
export type ExitReasonLabel = keyof typeof EXIT_REASON;

const EXIT_REASON_LABELS = Object.keys(EXIT_REASON) as ExitReasonLabel[];

/** Label of an exit-reason code (`exitReasonLabel(2) === 'stopLoss'`). */
export function exitReasonLabel(code: number): ExitReasonLabel {
  const label = EXIT_REASON_LABELS[code];
  if (label === undefined) throw new RangeError(`exitReasonLabel: unknown exit reason code ${code}`);
  return label;
}

/** Label of a side code (+1 -> 'long', -1 -> 'short'). */
export function sideLabel(code: number): SideLabel {
  return code > 0 ? 'long' : 'short';
}
