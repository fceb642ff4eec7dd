import { describe, expect, it } from 'vitest';
import { scaledLevelMatrix } from '../../src/engine/index.js';
import { ema } from '../../src/indicators/index.js';
import { planStrategy, runStrategy, upperEnvelope, type GridPlan } from '../../src/strategies/index.js';
import { bars, flat, type Bar } from './_candles.js';

describe('bollinger_mr', () => {
  // SMA(5) of closes 100 x4, 95 = 99, sigma 2, lower band (mult 1) 97: the close of bar 5 is below it.
  const rows: Bar[] = [flat(100), flat(100), flat(100), flat(100), flat(100), [100, 100, 94.5, 95], [95, 96, 94, 95.5], [96, 98.5, 95.8, 98.2], flat(98.2)];
  const candles = bars(rows);
  const params = { period: 5, mult: 1, stop_loss_pct: 0, direction: 'long' };

  it('takes profit where price crosses back over the moving SMA, not at a fixed target', () => {
    const { trades } = runStrategy(candles, 'bollinger_mr', params, { timeframe: '1h' });
    expect(trades).toHaveLength(1);
    const [trade] = trades;
    expect(trade).toMatchObject({ side: 'long', entryIndex: 6, entryPrice: 95, exitIndex: 7, exitReason: 'takeProfit' });
    // Bar 7 exits at the SMA of bar 6 (closes 100, 100, 100, 95, 95.5), the level resting during bar 7.
    expect(trade.exitPrice).toBeCloseTo((100 + 100 + 100 + 95 + 95.5) / 5, 10);
  });

  it('keeps the position while the bar stays below the SMA', () => {
    const lower = rows.map((row, i): Bar => (i === 7 ? [96, 97.5, 95.8, 97] : row));
    const { trades } = runStrategy(bars(lower), 'bollinger_mr', params, { timeframe: '1h' });
    expect(trades[0].exitIndex).toBeGreaterThan(7);
  });
});

describe('envelope_dca', () => {
  // SMA(3) = 100 on the flat bars: levels 97, 95, 93 rest during bar 5.
  const rows: Bar[] = [flat(100), flat(100), flat(100), flat(100), flat(100), [100, 100, 96.5, 97], [97, 97.5, 94, 94.5], [95, 97.5, 94.8, 97.3], flat(97.3)];
  const params = { ma_period: 3, envelope_start: 0.03, envelope_step: 0.02, level_count: 3, stop_loss_pct: 0 };

  it('fills its levels one by one on the way down and takes profit at the moving SMA', () => {
    const candles = bars(rows);
    const { trades } = runStrategy(candles, 'envelope_dca', params, { timeframe: '1h' });
    expect(trades).toHaveLength(1);
    const [trade] = trades;
    // Bar 5 fills 97 (SMA 100 x 0.97); bar 6 fills SMA(100, 100, 97) x 0.95 = 94.05; 92.07 is never reached.
    expect(trade).toMatchObject({ side: 'long', entryIndex: 5, exitIndex: 7, levelsFilled: 2, exitReason: 'takeProfit' });
    expect(trade.entryPrice).toBeGreaterThan(94.05);
    expect(trade.entryPrice).toBeLessThan(97);
    // The take-profit resting during bar 7 is SMA(100, 97, 94.5), not the SMA at entry (100).
    expect(trade.exitPrice).toBeCloseTo((100 + 97 + 94.5) / 3, 10);
  });

  it('rests its levels at SMA x (1 - l) for l = 3%, 5%, 7%', () => {
    const plan = planStrategy(bars(rows), 'envelope_dca', params) as GridPlan;
    expect(Array.from(scaledLevelMatrix(plan.levels.scaledLong!).subarray(4 * 3, 5 * 3))).toEqual([97, 95, 93].map((p) => expect.closeTo(p, 10)));
    expect(plan.levels.scaledShort).toBeUndefined();
  });
});

describe('envelope_dca_short', () => {
  it('mirrors a lower envelope l with the upper envelope 1/(1-l) - 1 (5% -> 5.263%)', () => {
    expect(upperEnvelope(0.05)).toBeCloseTo(0.0526315789, 9);
    const plan = planStrategy(bars([flat(100), flat(100), flat(100), flat(100)]), 'envelope_dca_short', {
      ma_period: 3, envelope_start: 0.05, envelope_step: 0.05, level_count: 2,
    }) as GridPlan;
    expect(Array.from(scaledLevelMatrix(plan.levels.scaledShort!).subarray(3 * 2, 4 * 2))).toEqual([100 / 0.95, 100 / 0.9].map((p) => expect.closeTo(p, 9)));
    expect(plan.levels.scaledLong).toBeUndefined();
  });

  it('sells at the upper envelope and buys back at the moving SMA', () => {
    const rows: Bar[] = [flat(100), flat(100), flat(100), flat(100), [100, 106, 100, 105.5], [104, 104.5, 101, 101.5], flat(101.5)];
    const { trades } = runStrategy(bars(rows), 'envelope_dca_short', { ma_period: 3, envelope_start: 0.05, level_count: 1, stop_loss_pct: 0 }, { timeframe: '1h' });
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ side: 'short', entryIndex: 4, exitIndex: 5, exitReason: 'takeProfit' });
    expect(trades[0].entryPrice).toBeCloseTo(100 / 0.95, 9);
    expect(trades[0].exitPrice).toBeCloseTo((100 + 100 + 105.5) / 3, 9);
  });
});

describe('grid_trend', () => {
  // A steady rise whose lows reach the pullback level, then a slide that turns EMA(3) below EMA(8).
  const up: Bar[] = Array.from({ length: 12 }, (_, i) => [100 + i - 0.5, 100 + i + 1, 100 + i - 3, 100 + i]);
  const down: Bar[] = [106.5, 106, 105, 104, 100, 96, 92, 88].map((c) => [c + 2, c + 3, c - 1, c]);
  const candles = bars([...up, ...down, flat(88), flat(88)]);
  const params = {
    fast_period: 3, slow_period: 8, adx_period: 2, adx_min: 0, atr_period: 2, mult_start: 0.5, mult_step: 0.5,
    level_count: 1, trail_mult: 20, take_profit_pct: 0, stop_loss_pct: 0, direction: 'long',
  };

  it('force-closes the long book at the open after the EMA cross turns down, and buys no more', () => {
    const fast = ema(candles.close, 3);
    const slow = ema(candles.close, 8);
    const flip = fast.findIndex((value, i) => i >= 12 && value < slow[i]);
    expect(flip).toBeGreaterThan(11);
    const { trades } = runStrategy(candles, 'grid_trend', params, { timeframe: '1h' });
    expect(trades.length).toBeGreaterThan(0);
    const last = trades[trades.length - 1];
    expect(last).toMatchObject({ side: 'long', exitIndex: flip + 1, exitReason: 'forceClose', exitPrice: candles.open[flip + 1] });
    expect(trades.every((trade) => trade.entryIndex <= flip)).toBe(true);
  });

  it('closes the trend on its ATR trailing stop before the flip when the trail is tight', () => {
    const { trades } = runStrategy(candles, 'grid_trend', { ...params, trail_mult: 1 }, { timeframe: '1h' });
    const fast = ema(candles.close, 3);
    const slow = ema(candles.close, 8);
    const flip = fast.findIndex((value, i) => i >= 12 && value < slow[i]);
    const last = trades[trades.length - 1];
    // The first close below the chandelier (max of close - 1 x ATR since the cross) is bar 12 (106.5).
    expect(flip).toBeGreaterThan(13);
    expect(last).toMatchObject({ side: 'long', exitIndex: 13, exitReason: 'forceClose' });
    expect(trades.every((trade) => trade.entryIndex <= 12)).toBe(true);
  });
});

describe('grid_multi_tf', () => {
  // 15m bars, 4 per UTC hour. Hours 0-7 drift down (HTF SuperTrend down); hour 8 jumps to 120 on its first
  // 15m bar, which turns the 1h SuperTrend up when hour 8 closes.
  const QUARTER_MS = 900_000;
  const rows: Bar[] = [];
  for (let hour = 0; hour < 10; hour++) for (let q = 0; q < 4; q++) rows.push(flat(hour < 8 ? 100 - hour : 120));
  const candles = bars(rows, QUARTER_MS);
  const params = { htf_factor: 4, st_period: 2, st_mult: 1, ma_period: 2, atr_period: 2, level_count: 1, direction: 'both' };

  it('uses only higher-timeframe bars closed at the base bar open: hour 8 counts from 09:00', () => {
    // With hour 8 still forming, the hourly view already closes at 120, far above the band: a lookahead would
    // flip to long from 08:00. The closed-bar rule keeps the down direction until 09:00.
    const plan = planStrategy(candles, 'grid_multi_tf', params, { timeframe: '15m' }) as GridPlan;
    const { long, short, forceCloseShort } = plan.levels;
    for (const t of [32, 33, 34, 35]) {
      expect({ t, long: long![t] }).toEqual({ t, long: Number.NaN });
      expect(short![t]).toBeGreaterThan(0);
    }
    expect(long![36]).toBeGreaterThan(0);
    expect(short![36]).toBeNaN();
    expect(forceCloseShort![35]).toBe(0);
    expect(forceCloseShort![36]).toBe(1);
  });

  it('gives the same directions whether the forming hour is complete in the data or not', () => {
    const full = planStrategy(candles, 'grid_multi_tf', params, { timeframe: '15m' }) as GridPlan;
    for (const k of [33, 34, 35, 36, 37]) {
      const cut = planStrategy(bars(rows.slice(0, k), QUARTER_MS), 'grid_multi_tf', params, { timeframe: '15m' }) as GridPlan;
      expect(Array.from(cut.levels.long!)).toEqual(Array.from(full.levels.long!.subarray(0, k)));
      expect(Array.from(cut.levels.short!)).toEqual(Array.from(full.levels.short!.subarray(0, k)));
    }
  });
});
