/**
 * Fill rules shared by both kernels.
 *
 * Kernels reason in "position space": prices are multiplied by the side (+1 long, -1 short), so a short's stop is
 * below its entry and its take-profit above, exactly like a long. In that space the stop is on the low side of the
 * bar and the take-profit on the high side.
 *
 * - A stop fills at the stop price, or at the open when the bar opens beyond it (gap), with adverse slippage.
 * - A take-profit limit fills at the level when the bar trades through it (touching counts), or at the open when the
 *   bar opens beyond it (a better price); no slippage.
 * - When one bar spans both the stop and the take-profit, the intrabar policy decides which came first, and the
 *   bar is counted as ambiguous.
 */
export type IntrabarPolicy = 'pessimistic' | 'color' | 'adaptive';

export const INTRABAR_POLICY = { pessimistic: 0, color: 1, adaptive: 2 } as const;

export function intrabarPolicyCode(policy: IntrabarPolicy = 'pessimistic'): number {
  const code = INTRABAR_POLICY[policy];
  if (code === undefined) throw new RangeError(`intrabar must be one of pessimistic, color, adaptive, was "${policy}"`);
  return code;
}

/**
 * Whether the bar visits its position-space low (the stop side) before its high (the take-profit side).
 * - pessimistic: always (the stop comes first).
 * - color: a green bar goes open -> low -> high -> close, a red bar open -> high -> low -> close (real prices);
 *   a doji counts as stop first.
 * - adaptive: the extreme nearer the open comes first; a tie counts as stop first.
 * Arguments are position-space prices (open, high, low, close times the side, high/low swapped for shorts).
 */
export function stopSideFirst(policy: number, open: number, high: number, low: number, close: number): boolean {
  if (policy === INTRABAR_POLICY.pessimistic) return true;
  if (policy === INTRABAR_POLICY.color) return close >= open;
  return open - low <= high - open;
}
