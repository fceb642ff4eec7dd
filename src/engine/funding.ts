/**
 * Perpetual-swap funding. A rate is charged on the open notional (units x bar open) of every position still open
 * at a funding timestamp (default every 8 hours on the UTC grid: 00:00, 08:00, 16:00), i.e. at the open of a bar
 * whose timestamp is a multiple of `intervalMs`, before that bar's orders fill. Longs pay a positive rate and
 * shorts receive it (and the reverse when the rate is negative).
 */
export interface FundingOptions {
  /** Constant rate per funding event (e.g. 0.0001 = 0.01%). */
  rate?: number;
  /** Per-bar rate (used at funding bars; NaN = 0). Takes precedence over `rate`. */
  rates?: Float64Array;
  /** Funding period in ms. Default 8h. */
  intervalMs?: number;
}

export const EIGHT_HOURS_MS = 8 * 3_600_000;

export interface ResolvedFunding {
  enabled: boolean;
  rate: number;
  rates: Float64Array | null;
  intervalMs: number;
}

export function resolveFunding(funding: FundingOptions | undefined): ResolvedFunding {
  const intervalMs = funding?.intervalMs ?? EIGHT_HOURS_MS;
  if (!(intervalMs > 0)) throw new RangeError(`funding.intervalMs must be > 0, was ${intervalMs}`);
  const rates = funding?.rates ?? null;
  const rate = funding?.rate ?? 0;
  return { enabled: rates !== null || rate !== 0, rate, rates, intervalMs };
}

/** Funding rate charged at the open of bar `index`, or 0 when the bar is not a funding timestamp. */
export function fundingRateAt(funding: ResolvedFunding, timestamp: number, index: number): number {
  if (timestamp % funding.intervalMs !== 0) return 0;
  if (funding.rates === null) return funding.rate;
  const rate = funding.rates[index];
  return rate === rate ? rate : 0;
}
