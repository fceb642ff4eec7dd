import type { TradeBuffers } from './trade-buffers.js';

/**
 * Appends the closed trade (position-space prices) and returns the cash it releases: gross P&L minus exit fee.
 * Entry / exit times are left at 0 and filled by `fillTradeTimes` after the run (one pass over the trades
 * instead of two cache misses into the timestamp column at every event of the bar loop).
 */
export function closeTrade(
  trades: TradeBuffers,
  side: number,
  entryIndex: number,
  exitIndex: number,
  entryP: number,
  exitP: number,
  units: number,
  entryFee: number,
  exitFeeRate: number,
  fundingPaid: number,
  equityAtEntry: number,
  reason: number,
): number {
  const exitFee = exitFeeRate * units * side * exitP;
  const gross = units * (exitP - entryP);
  const pnl = gross - entryFee - exitFee - fundingPaid;
  trades.append(
    side, entryIndex, exitIndex, 0, 0, side * entryP, side * exitP, units,
    pnl, equityAtEntry > 0 ? pnl / equityAtEntry : 0, entryFee + exitFee, fundingPaid, reason, 1,
  );
  return gross - exitFee;
}

/** Sets every trade's entry / exit time to the open time of its entry / exit bar. */
export function fillTradeTimes(trades: TradeBuffers, timestamp: Float64Array): void {
  const { entryIndex, exitIndex, entryTime, exitTime } = trades;
  for (let i = 0; i < trades.count; i++) {
    entryTime[i] = timestamp[entryIndex[i]];
    exitTime[i] = timestamp[exitIndex[i]];
  }
}
