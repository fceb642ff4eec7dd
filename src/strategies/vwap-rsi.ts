import { z } from 'zod';
import { SIGNAL_BIT } from '../engine/index.js';
import { allowsLong, allowsShort, DirectionSchema } from './_direction.js';
import { optionalFraction, signalArray } from './_plan-arrays.js';
import { defineStrategy } from './strategy.js';

const VwapRsiParamsSchema = z
  .object({
    rsi_period: z.number().int().min(2).max(100).default(14),
    /** Long only when RSI is below this (oversold). */
    rsi_low: z.number().min(1).max(50).default(30),
    /** Short only when RSI is above this (overbought). */
    rsi_high: z.number().min(50).max(99).default(70),
    /** Minimum distance of the close from the session VWAP, as a fraction (0.003 = 0.3%). */
    vwap_distance_pct: z.number().min(0).max(0.2).default(0.003),
    stop_loss_pct: z.number().min(0).max(0.5).default(0.015),
    /** Fixed take-profit from the entry; 0 = exit only on the VWAP touch. */
    take_profit_pct: z.number().min(0).max(0.5).default(0),
    direction: DirectionSchema,
  })
  .strict();
export type VwapRsiParams = z.infer<typeof VwapRsiParamsSchema>;

/**
 * Mean reversion to the session VWAP (UTC-day VWAP of typical price) on RSI extremes.
 * Long when `close < vwap * (1 - vwap_distance_pct)` and `RSI(rsi_period) < rsi_low`; exit when the close is back
 * at or above the VWAP. Short mirrored (`close > vwap * (1 + d)`, `RSI > rsi_high`, exit at or below the VWAP).
 * Stop / take-profit as fractions of the entry fill. Warm-up: `rsi_period` bars (first RSI).
 */
export const vwapRsi = defineStrategy<VwapRsiParams>({
  id: 'vwap_rsi',
  family: 'mono',
  sides: ['long', 'short'],
  description: 'Mean reversion to the session VWAP on RSI extremes; exit on the VWAP touch',
  paramsSchema: VwapRsiParamsSchema,
  warmup: (p) => p.rsi_period,
  plan(candles, p, cache) {
    const n = candles.close.length;
    const close = candles.close;
    const vwap = cache.get('vwap');
    const rsi = cache.get('rsi', { period: p.rsi_period });
    const packed = signalArray(n);
    const longBit = allowsLong(p.direction) ? SIGNAL_BIT.enterLong : 0;
    const shortBit = allowsShort(p.direction) ? SIGNAL_BIT.enterShort : 0;
    const below = 1 - p.vwap_distance_pct;
    const above = 1 + p.vwap_distance_pct;
    const { rsi_low: rsiLow, rsi_high: rsiHigh } = p;
    for (let t = 0; t < n; t++) {
      const c = close[t];
      const v = vwap[t];
      const r = rsi[t];
      packed[t] =
        ((Number(c < v * below) & Number(r < rsiLow)) * longBit) |
        ((Number(c > v * above) & Number(r > rsiHigh)) * shortBit) |
        (Number(c >= v) * SIGNAL_BIT.exitLong) |
        (Number(c <= v) * SIGNAL_BIT.exitShort);
    }
    return {
      family: 'mono',
      signals: { packed },
      options: { stopLossPct: optionalFraction(p.stop_loss_pct), takeProfitPct: optionalFraction(p.take_profit_pct) },
      startIndex: p.rsi_period,
    };
  },
});
