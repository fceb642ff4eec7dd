import { describe, expect, it } from 'vitest';
import type { CandleRow } from '../../src/core/candles.js';
import { createSimExchange } from '../../src/data/sim-exchange.js';

const NOW = Date.parse('2026-03-11T00:00:00Z');
const DAY = 86_400_000;
const PAIRS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'LINK/USDT', 'ATOM/USDT'];

function logReturns(rows: readonly CandleRow[]): number[] {
  return rows.slice(1).map((row, i) => Math.log(row[4] / rows[i][4]));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Raw (not excess) kurtosis: 3 for a normal distribution. */
function kurtosis(values: readonly number[]): number {
  const center = mean(values);
  const variance = mean(values.map((value) => (value - center) ** 2));
  return mean(values.map((value) => (value - center) ** 4)) / variance ** 2;
}

function lagOneAutocorrelation(values: readonly number[]): number {
  const center = mean(values);
  let numerator = 0;
  let denominator = 0;
  values.forEach((value, i) => {
    denominator += (value - center) ** 2;
    if (i > 0) numerator += (value - center) * (values[i - 1] - center);
  });
  return numerator / denominator;
}

describe.each([1, 42, 2026])('simulated market with seed %i', (seed) => {
  const exchange = createSimExchange({ seed, pairs: 20, page_limit: 5000, frozen_at: new Date(NOW).toISOString() });

  it.each(PAIRS)('%s clusters volatility (lag-1 autocorrelation of |1m returns| > 0.1) and has fat tails (kurtosis > 3)', async (symbol) => {
    const returns = logReturns(await exchange.fetchOHLCV(symbol, '1m', NOW - 3 * DAY, 5000));
    expect(lagOneAutocorrelation(returns.map(Math.abs))).toBeGreaterThan(0.1);
    expect(kurtosis(returns)).toBeGreaterThan(3);
  });

  it('has no strong linear predictability in 1m or 15m returns', async () => {
    for (const symbol of PAIRS) {
      const minute = logReturns(await exchange.fetchOHLCV(symbol, '1m', NOW - 3 * DAY, 5000));
      const quarter = logReturns(await exchange.fetchOHLCV(symbol, '15m', NOW - 60 * DAY, 5000));
      expect(Math.abs(lagOneAutocorrelation(minute))).toBeLessThan(0.1);
      expect(Math.abs(lagOneAutocorrelation(quarter))).toBeLessThan(0.12);
    }
  });

  it('gives pairs different volatilities and price levels', async () => {
    const dailyVolatility = await Promise.all(
      PAIRS.map(async (symbol) => {
        const returns = logReturns(await exchange.fetchOHLCV(symbol, '1d', NOW - 120 * DAY, 200));
        return Math.sqrt(mean(returns.map((value) => value ** 2)));
      }),
    );
    expect(Math.max(...dailyVolatility) / Math.min(...dailyVolatility)).toBeGreaterThan(1.3);
    const prices = await Promise.all(PAIRS.map(async (symbol) => (await exchange.fetchOHLCV(symbol, '1d', NOW - DAY, 1))[0][4]));
    expect(Math.max(...prices) / Math.min(...prices)).toBeGreaterThan(1000);
  });

  it('trades more in minutes that move more', async () => {
    const rows = await exchange.fetchOHLCV('ETH/USDT', '1m', NOW - 2 * DAY, 5000);
    const moves = logReturns(rows).map(Math.abs);
    const volumes = rows.slice(1).map((row) => row[5]);
    const moveMean = mean(moves);
    const volumeMean = mean(volumes);
    const covariance = mean(moves.map((move, i) => (move - moveMean) * (volumes[i] - volumeMean)));
    const correlation = covariance / Math.sqrt(mean(moves.map((m) => (m - moveMean) ** 2)) * mean(volumes.map((v) => (v - volumeMean) ** 2)));
    expect(correlation).toBeGreaterThan(0.2);
  });

  it('trades more in the busy UTC afternoon than in the quiet early morning', async () => {
    const minutes = await exchange.fetchOHLCV('BTC/USDT', '1h', NOW - 30 * DAY, 1000);
    const hourVolume = (hour: number) => mean(minutes.filter((row) => new Date(row[0]).getUTCHours() === hour).map((row) => row[5]));
    expect(hourVolume(14)).toBeGreaterThan(1.5 * hourVolume(2));
  });
});

/** Gross log return per bar of a rule holding sign(signal at t) over bar t+1, summed per 30-day window. */
function windowReturns(closes: readonly number[], signal: (t: number) => number, windowBars: number): number[] {
  const windows: number[] = [];
  let sum = 0;
  for (let t = 24; t < closes.length - 1; t++) {
    sum += Math.sign(signal(t)) * Math.log(closes[t + 1] / closes[t]);
    if ((t - 23) % windowBars === 0) {
      windows.push(sum);
      sum = 0;
    }
  }
  return windows;
}

describe('simulated market regimes', () => {
  it('lets trend following and mean reversion each win in some months, and neither win always (no free lunch)', async () => {
    const exchange = createSimExchange({ seed: 42, pairs: 20, page_limit: 5000, frozen_at: new Date(NOW).toISOString() });
    const momentum: number[] = [];
    const reversion: number[] = [];
    let bars = 0;
    for (const symbol of [...PAIRS, 'BNB/USDT', 'DOT/USDT']) {
      const closes = (await exchange.fetchOHLCV(symbol, '1h', NOW - 180 * DAY, 5000)).map((row) => row[4]);
      const mean24 = (t: number) => closes.slice(t - 23, t + 1).reduce((sum, close) => sum + close, 0) / 24;
      momentum.push(...windowReturns(closes, (t) => closes[t] - closes[t - 12], 30 * 24));
      reversion.push(...windowReturns(closes, (t) => mean24(t) - closes[t], 30 * 24));
      bars += closes.length;
    }
    for (const windows of [momentum, reversion]) {
      const winning = windows.filter((value) => value > 0).length / windows.length;
      expect(winning).toBeGreaterThan(0.2);
      expect(winning).toBeLessThan(0.8);
      const grossPerBar = windows.reduce((sum, value) => sum + value, 0) / bars;
      expect(Math.abs(grossPerBar)).toBeLessThan(3e-4);
    }
  });
});
