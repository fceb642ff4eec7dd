import { describe, expect, it } from 'vitest';
import { supertrend } from '../../src/indicators/index.js';
import { higherTimeframeDirection, inferBarMs } from '../../src/strategies/index.js';
import { bars, flat, HOUR_MS, START_MS, type Bar } from './_candles.js';

const QUARTER_MS = 900_000;

describe('higherTimeframeDirection', () => {
  const rows: Bar[] = [];
  for (let hour = 0; hour < 10; hour++) for (let q = 0; q < 4; q++) rows.push(flat(hour < 8 ? 100 - hour : 120));
  const candles = bars(rows, QUARTER_MS);

  it('maps each base bar to the SuperTrend of the last hour closed at its open', () => {
    const hourly = bars(Array.from({ length: 10 }, (_, hour) => flat(hour < 8 ? 100 - hour : 120)), HOUR_MS);
    const { direction } = supertrend(hourly.high, hourly.low, hourly.close, 2, 1);
    expect(direction[7]).toBe(-1);
    expect(direction[8]).toBe(1);
    const mapped = higherTimeframeDirection(candles, QUARTER_MS, 4, 2, 1);
    for (let t = 0; t < rows.length; t++) {
      const lastClosedHour = Math.floor(t / 4) - 1;
      expect({ t, value: mapped[t] }).toEqual({ t, value: lastClosedHour >= 0 ? direction[lastClosedHour] : Number.NaN });
    }
  });

  it('aligns higher-timeframe bars on the UTC grid, not on the first candle', () => {
    // Starting at 00:30 the first hour has only two 15m bars; it still closes at 01:00.
    const shifted = bars(rows.slice(2), QUARTER_MS, START_MS + 2 * QUARTER_MS);
    const mapped = higherTimeframeDirection(shifted, QUARTER_MS, 4, 2, 1);
    const aligned = higherTimeframeDirection(candles, QUARTER_MS, 4, 2, 1);
    expect(Array.from(mapped.subarray(2))).toEqual(Array.from(aligned.subarray(4)));
  });

  it('infers the bar length from the smallest step, so a gap does not change it', () => {
    const timestamps = Float64Array.from([0, 60_000, 180_000, 240_000]);
    expect(inferBarMs(timestamps)).toBe(60_000);
    expect(() => inferBarMs(Float64Array.from([0]))).toThrow(/context.timeframe/);
  });
});
