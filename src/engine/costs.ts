/** Which fee schedule a kind of fill pays. */
export type FeeRole = 'maker' | 'taker';

/**
 * Trading costs. Fees are fractions of fill notional (`0.001` = 0.1%) charged on every side.
 * Slippage is a fraction of price applied against the trader on market fills (signal entries/exits, force closes,
 * the final close) and on stop fills; limit fills (take-profit, grid entry levels) get no slippage.
 */
export interface CostOptions {
  /** Maker fee per side (limit fills). Default 0. */
  maker?: number;
  /** Taker fee per side (market and stop fills). Default 0. */
  taker?: number;
  /** Adverse slippage fraction on market and stop fills. Default 0. */
  slippage?: number;
  /** Fee schedule of take-profit limit fills. Default 'maker'. */
  takeProfitRole?: FeeRole;
  /** Fee schedule of stop fills. Default 'taker'. */
  stopRole?: FeeRole;
  /** Fee schedule of grid entry-level limit fills. Default 'maker'. */
  limitEntryRole?: FeeRole;
}

/** Costs flattened to numbers, read once before a kernel loop. */
export interface ResolvedCosts {
  /** Fee rate of market fills (always taker). */
  marketFee: number;
  stopFee: number;
  takeProfitFee: number;
  limitEntryFee: number;
  slippage: number;
}

/** Validates cost options and resolves each fill kind to a fee rate. */
export function resolveCosts(costs: CostOptions = {}): ResolvedCosts {
  const maker = costs.maker ?? 0;
  const taker = costs.taker ?? 0;
  const slippage = costs.slippage ?? 0;
  for (const [name, value] of [['maker', maker], ['taker', taker], ['slippage', slippage]] as const) {
    if (!(value >= -0.01 && value < 0.5)) {
      throw new RangeError(`fees.${name} must be a fraction such as 0.001 (0.1%), was ${value}`);
    }
  }
  const rate = (role: FeeRole | undefined, fallback: FeeRole) => ((role ?? fallback) === 'maker' ? maker : taker);
  return {
    marketFee: taker,
    stopFee: rate(costs.stopRole, 'taker'),
    takeProfitFee: rate(costs.takeProfitRole, 'maker'),
    limitEntryFee: rate(costs.limitEntryRole, 'maker'),
    slippage,
  };
}
