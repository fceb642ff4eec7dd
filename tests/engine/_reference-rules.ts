// The documented pieces both naive reference kernels share: fee rates per fill kind (costs.ts), the funding rate
// of a bar (funding.ts) and which side of a bar comes first (fill-rules.ts), written in real prices.
import type { CostOptions, FundingOptions, IntrabarPolicy, Trade } from '../../src/engine/index.js';

export interface ReferenceResult {
  trades: Trade[];
  equity: Float64Array;
  ambiguousBars: number;
  barsInPosition: number;
}

/** Fee rates per fill kind (costs.ts): market fills pay taker, stops taker, take-profits maker unless a role says otherwise. */
export function feeRates(options: { fees?: CostOptions }) {
  const { maker = 0, taker = 0, slippage = 0, stopRole = 'taker', takeProfitRole = 'maker', limitEntryRole = 'maker' } = options.fees ?? {};
  const rate = (role: string) => (role === 'maker' ? maker : taker);
  return { market: taker, stop: rate(stopRole), takeProfit: rate(takeProfitRole), limitEntry: rate(limitEntryRole), slippage };
}

/** Funding rate at the open of bar t (funding.ts): only on timestamps that are multiples of the interval. */
export function fundingRate(options: { funding?: FundingOptions }, timestamp: number, t: number): number {
  const funding = options.funding;
  if (funding === undefined || timestamp % (funding.intervalMs ?? 8 * 3_600_000) !== 0) return 0;
  if (funding.rates !== undefined) return Number.isNaN(funding.rates[t]) ? 0 : funding.rates[t];
  return funding.rate ?? 0;
}

/** Whether the stop side of the bar comes first (fill-rules.ts), in real prices. */
export function stopSideFirst(policy: IntrabarPolicy | undefined, side: number, open: number, high: number, low: number, close: number): boolean {
  if (policy === undefined || policy === 'pessimistic') return true;
  // colour: a green bar goes open -> low -> high -> close, a red one open -> high -> low; a doji counts as stop first.
  if (policy === 'color') return side > 0 ? close >= open : close <= open;
  // adaptive: the extreme nearer the open comes first; a tie counts as stop first.
  return side > 0 ? open - low <= high - open : high - open <= open - low;
}
