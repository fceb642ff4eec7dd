/** JSON-safe numbers for the file contracts (JSON has no NaN or Infinity). */
const CAP = 999;

/** NaN -> 0, +-Infinity -> +-999: for values that are finite in any meaningful case (a Sharpe, a return). */
export function finite(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.max(-CAP, Math.min(CAP, value));
}

/** Non-finite (or null) -> null: for values whose absence means something (no losing trade, no DSR). */
export function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}
