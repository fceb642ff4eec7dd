import type { TradeBuffers } from './trade-buffers.js';

/**
 * Per-bar simple returns of an equity curve: `out[i] = equity[i+1] / equity[i] - 1` (length n-1); 0 after a
 * non-positive equity. Input for Sharpe, Sortino and the Deflated Sharpe Ratio.
 */
export function barReturns(equity: Float64Array, out = new Float64Array(Math.max(0, equity.length - 1))): Float64Array {
  for (let i = 1; i < equity.length; i++) {
    const previous = equity[i - 1];
    out[i - 1] = previous > 0 ? equity[i] / previous - 1 : 0;
  }
  return out;
}

/** Per-trade net returns (pnl / equity at entry), a copy of `[0, count)`, for Monte Carlo resampling. */
export function tradeReturns(trades: TradeBuffers): Float64Array {
  return trades.return.slice(0, trades.count);
}
