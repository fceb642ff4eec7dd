import { describe, expect, it } from 'vitest';
import type { CandleRow } from '../../src/core/candles.js';
import { floorToTimeframe, timeframeMs, type Timeframe } from '../../src/core/timeframe.js';
import { createSimExchange } from '../../src/data/sim-exchange.js';
import { buildSimUniverse } from '../../src/data/sim/index.js';

const FROZEN_AT = '2026-03-11T10:37:30Z';
const NOW = Date.parse(FROZEN_AT);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const sim = (overrides: { seed?: number; frozen_at?: string | undefined; page_limit?: number; pairs?: number } = {}) =>
  createSimExchange({ seed: 42, pairs: 20, page_limit: 5000, frozen_at: FROZEN_AT, ...overrides });

/** Aggregates 1m rows into `tf` candles on the UTC grid: open of first, max high, min low, close of last, summed volume. */
function aggregate(minutes: readonly CandleRow[], tf: Timeframe): CandleRow[] {
  const out: [number, number, number, number, number, number][] = [];
  for (const [time, open, high, low, close, volume] of minutes) {
    const openTime = floorToTimeframe(time, tf);
    const last = out[out.length - 1];
    if (last && last[0] === openTime) {
      last[2] = Math.max(last[2], high);
      last[3] = Math.min(last[3], low);
      last[4] = close;
      last[5] += volume;
    } else {
      out.push([openTime, open, high, low, close, volume]);
    }
  }
  return out;
}

describe('simulated exchange: determinism', () => {
  it('returns identical candles from two instances with the same seed, whatever the query order and paging', async () => {
    const since = NOW - 3000 * 60_000;
    const whole = await sim().fetchOHLCV('SOL/USDT', '1m', since, 3000);
    const other = sim({ page_limit: 1000 });
    await other.fetchOHLCV('ETH/USDT', '1h', NOW - 40 * DAY, 1000);
    const third = await other.fetchOHLCV('SOL/USDT', '1m', since + 2000 * 60_000, 1000);
    const first = await other.fetchOHLCV('SOL/USDT', '1m', since, 1000);
    const second = await other.fetchOHLCV('SOL/USDT', '1m', since + 1000 * 60_000, 1000);
    expect(whole).toHaveLength(3000);
    expect([...first, ...second, ...third]).toEqual(whole);
  });

  it('regenerates identical candles after its day cache has evicted them', async () => {
    const tiny = createSimExchange({ seed: 42, pairs: 20, page_limit: 5000, frozen_at: FROZEN_AT }, { cachedDays: 1 });
    const since = NOW - 3 * DAY;
    const first = await tiny.fetchOHLCV('XRP/USDT', '1h', since, 100);
    await tiny.fetchOHLCV('XRP/USDT', '1m', NOW - 20 * DAY, 10);
    expect(await tiny.fetchOHLCV('XRP/USDT', '1h', since, 100)).toEqual(first);
    expect(await sim().fetchOHLCV('XRP/USDT', '1h', since, 100)).toEqual(first);
  });

  it('returns the same past candles whatever the clock says', async () => {
    const since = Date.parse('2026-02-01T00:00:00Z');
    const early = await sim({ frozen_at: '2026-02-03T00:00:00Z' }).fetchOHLCV('BTC/USDT', '15m', since, 96);
    const late = await sim({ frozen_at: '2026-09-01T00:00:00Z' }).fetchOHLCV('BTC/USDT', '15m', since, 96);
    expect(late).toEqual(early);
  });

  it('gives different candles for different seeds', async () => {
    const since = NOW - DAY;
    const a = await sim({ seed: 1 }).fetchOHLCV('BTC/USDT', '5m', since, 100);
    const b = await sim({ seed: 2 }).fetchOHLCV('BTC/USDT', '5m', since, 100);
    expect(a.map((row) => row[4])).not.toEqual(b.map((row) => row[4]));
  });
});

describe('simulated exchange: timeframes', () => {
  it.each(['5m', '15m', '1h'] as const)('builds %s candles as the exact aggregation of 1m candles, the open one included', async (tf) => {
    const exchange = sim();
    const since = floorToTimeframe(NOW - 2 * DAY, tf);
    const minutes = await exchange.fetchOHLCV('ETH/USDT', '1m', since, 5000);
    const candles = await exchange.fetchOHLCV('ETH/USDT', tf, since, 5000);
    const expected = aggregate(minutes, tf);
    expect(candles.map((row) => row.slice(0, 5))).toEqual(expected.map((row) => row.slice(0, 5)));
    candles.forEach((row, i) => expect(row[5]).toBeCloseTo(expected[i][5], 6));
  });

  it('aligns candles on the UTC grid and starts at floor(since)', async () => {
    const candles = await sim().fetchOHLCV('BTC/USDT', '1h', NOW - 10 * HOUR - 1234, 5);
    expect(candles.map((row) => row[0])).toEqual([0, 1, 2, 3, 4].map((i) => floorToTimeframe(NOW - 10 * HOUR, '1h') + i * HOUR));
  });
});

describe('simulated exchange: candle sanity', () => {
  it('keeps high >= max(open, close), low <= min(open, close), positive prices, volume >= 0 and open = previous close', async () => {
    const exchange = sim();
    const markets = await exchange.loadMarkets();
    let bars = 0;
    const violations: string[] = [];
    for (const market of markets) {
      const rows = await exchange.fetchOHLCV(market.symbol, '1m', NOW - 2 * DAY, 5000);
      rows.forEach(([time, open, high, low, close, volume], i) => {
        const broken =
          !(high >= Math.max(open, close)) ||
          !(low <= Math.min(open, close)) ||
          !(low > 0) ||
          !(volume >= 0) ||
          (i > 0 && open !== rows[i - 1][4]);
        if (broken) violations.push(`${market.symbol} ${new Date(time).toISOString()}: ${rows[i].join(', ')}`);
      });
      bars += rows.length;
    }
    expect(violations).toEqual([]);
    expect(bars).toBeGreaterThan(markets.length * 2800);
  });
});

describe('simulated exchange: clock', () => {
  it('uses frozen_at as now, and the wall clock without it', () => {
    expect(sim().now()).toBe(NOW);
    const live = sim({ frozen_at: undefined }).now();
    expect(Math.abs(live - Date.now())).toBeLessThan(60_000);
  });

  it.each(['1m', '15m', '1h', '1d'] as const)('returns nothing after now and ends %s candles with the still-open one', async (tf) => {
    const rows = await sim().fetchOHLCV('BTC/USDT', tf, NOW - 5 * timeframeMs(tf), 100);
    expect(rows).toHaveLength(6);
    const last = rows[rows.length - 1];
    expect(last[0]).toBe(floorToTimeframe(NOW, tf));
    const closed = await sim({ frozen_at: new Date(last[0] + timeframeMs(tf)).toISOString() }).fetchOHLCV('BTC/USDT', tf, last[0], 1);
    expect(closed[0][1]).toBe(last[1]);
    expect(closed[0][5]).toBeGreaterThan(last[5]);
    expect(await sim().fetchOHLCV('BTC/USDT', tf, NOW + timeframeMs(tf), 10)).toEqual([]);
  });

  it('returns the latest candles when since is missing, as ccxt does', async () => {
    const rows = await sim().fetchOHLCV('BTC/USDT', '5m', undefined as unknown as number, 12);
    expect(rows).toHaveLength(12);
    expect(rows[11][0]).toBe(floorToTimeframe(NOW, '5m'));
  });

  it('returns at most min(limit, page_limit) candles, oldest first', async () => {
    const rows = await sim({ page_limit: 1000 }).fetchOHLCV('BTC/USDT', '1m', NOW - 3 * DAY, 5000);
    expect(rows).toHaveLength(1000);
    expect(rows[0][0]).toBe(floorToTimeframe(NOW - 3 * DAY, '1m'));
    expect(rows.every((row, i) => i === 0 || row[0] - rows[i - 1][0] === 60_000)).toBe(true);
    expect(sim({ page_limit: 1000 }).ohlcvPageLimit).toBe(1000);
  });

  it('has no candle before a pair is listed, and hides pairs not listed yet', async () => {
    const late = buildSimUniverse(42, 20).find((spec) => spec.listedAt > Date.parse('2026-06-01T00:00:00Z'));
    if (!late) throw new Error('the universe should list a pair late in 2026');
    const before = await sim({ frozen_at: new Date(late.listedAt - DAY).toISOString() }).loadMarkets();
    expect(before.map((market) => market.symbol)).not.toContain(late.symbol);
    const after = sim({ frozen_at: new Date(late.listedAt + 3 * DAY).toISOString() });
    expect((await after.loadMarkets()).map((market) => market.symbol)).toContain(late.symbol);
    const rows = await after.fetchOHLCV(late.symbol, '1h', late.listedAt - 10 * DAY, 1000);
    expect(rows[0][0]).toBe(late.listedAt);
    expect(rows).toHaveLength(3 * 24 + 1);
  });

  it('rejects an unknown symbol with a message naming the simulated exchange', async () => {
    await expect(sim().fetchOHLCV('NOPE/USDT', '1m', NOW - HOUR, 10)).rejects.toThrow(/NOPE\/USDT is not listed on the simulated exchange/);
  });
});

describe('simulated exchange: universe and tickers', () => {
  it('lists the requested USDT pairs plus the markets a watchlist must filter out, all spot', async () => {
    const exchange = sim({ frozen_at: '2026-11-21T00:00:00Z' });
    const markets = await exchange.loadMarkets();
    const symbols = markets.map((market) => market.symbol);
    expect(symbols).toEqual(expect.arrayContaining(['USDC/USDT', 'FDUSD/USDT', 'BTCUP/USDT', 'ETHDOWN/USDT', 'ETH/BTC']));
    expect(markets.filter((market) => !market.active)).toHaveLength(1);
    expect(markets.every((market) => market.type === 'spot')).toBe(true);
    expect(exchange).toMatchObject({ id: 'sim', simulated: true });
    const tradable = markets.filter((m) => m.quote === 'USDT' && m.active && !/^(USDC|FDUSD)$|UP$|DOWN$/.test(m.base));
    expect(tradable).toHaveLength(20);
  });

  it('reports 24h quote volumes spanning orders of magnitude, a few below 1M USDT', async () => {
    const tickers = await sim().fetchTickers();
    const coins = tickers.filter((ticker) => ticker.symbol.endsWith('/USDT') && !/^(USDC|FDUSD|BTCUP|ETHDOWN|XMR)\//.test(ticker.symbol));
    const volumes = coins.map((ticker) => ticker.quoteVolume);
    expect(Math.max(...volumes) / Math.min(...volumes)).toBeGreaterThan(1000);
    expect(volumes.filter((volume) => volume < 1e6).length).toBeGreaterThanOrEqual(2);
    expect(new Set(coins.map((ticker) => Math.round(Math.log10(ticker.last)))).size).toBeGreaterThanOrEqual(5);
  });

  it('computes a ticker from the last 24h of 1m candles: quote volume = sum of close x volume, last = last close', async () => {
    const exchange = sim();
    const ticker = (await exchange.fetchTickers()).find((entry) => entry.symbol === 'LINK/USDT');
    const minutes = await exchange.fetchOHLCV('LINK/USDT', '1m', NOW - DAY + 60_000, 5000);
    expect(minutes).toHaveLength(1440);
    expect(ticker?.last).toBe(minutes[minutes.length - 1][4]);
    expect(ticker?.quoteVolume).toBeCloseTo(minutes.reduce((sum, row) => sum + row[4] * row[5], 0), 3);
  });
});

describe('simulated exchange: planted edges', () => {
  /**
   * Variance ratio VR(q) = Var(q-bar returns) / (q Var(1-bar returns)) of the 15m closes (Lo & MacKinlay 1988):
   * about 1 for a random walk, well below 1 when the price mean-reverts, above 1 when it trends.
   */
  async function varianceRatio(exchange: ReturnType<typeof sim>, symbol: string, count: number, q: number): Promise<number> {
    const logs = (await exchange.fetchOHLCV(symbol, '15m', NOW - count * 15 * 60_000, count)).map((row) => Math.log(row[4]));
    const variance = (lag: number) => {
      const diffs = logs.slice(lag).map((value, i) => value - logs[i]);
      const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
      return diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / diffs.length;
    };
    return variance(q) / (q * variance(1));
  }

  it('makes a planted market mean-revert (its returns anti-correlate) and leaves every other market as it was', async () => {
    const planted = createSimExchange({ seed: 42, pairs: 20, page_limit: 5000, frozen_at: FROZEN_AT, planted_edges: ['ADA'] });
    expect(await varianceRatio(planted, 'ADA/USDT', 4000, 32)).toBeLessThan(0.6);
    expect(await varianceRatio(sim(), 'ADA/USDT', 4000, 32)).toBeGreaterThan(0.75);
    const since = NOW - 2000 * 15 * 60_000;
    expect(await planted.fetchOHLCV('BTC/USDT', '15m', since, 2000)).toEqual(await sim().fetchOHLCV('BTC/USDT', '15m', since, 2000));
    expect(await planted.fetchOHLCV('ADA/USDT', '15m', since, 2000)).not.toEqual(await sim().fetchOHLCV('ADA/USDT', '15m', since, 2000));
  });
});
