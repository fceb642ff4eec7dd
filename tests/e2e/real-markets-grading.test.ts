import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SummaryFileSchema, type SummaryRow } from '../../src/config/summary-file.js';
import { sliceCandles } from '../../src/core/index.js';
import { readCandlesCsv } from '../../src/data/csv-candles.js';
import { ohlcvPath, writeCandles } from '../../src/data/ohlcv-store.js';
import { createWorkspace, runScalp } from '../helpers/cli.js';
import { HAS_SHARED_DATA, SHARED_DATA_SKIP_MESSAGE, sharedCandleCsv } from '../helpers/shared-data.js';

/** Real Binance markets of ../shared/data: the 4 perpetuals (1m, their latest 12,000 bars) and the 4 spot pairs (1h). */
const MARKETS = [
  { dir: 'BTCUSDT_PERP', pair: 'BTC/USDT:USDT', tf: '1m', market: 'swap' },
  { dir: 'LINKUSDT_PERP', pair: 'LINK/USDT:USDT', tf: '1m', market: 'swap' },
  { dir: 'NEARUSDT_PERP', pair: 'NEAR/USDT:USDT', tf: '1m', market: 'swap' },
  { dir: 'AVAXUSDT_PERP', pair: 'AVAX/USDT:USDT', tf: '1m', market: 'swap' },
  { dir: 'BTCUSDT', pair: 'BTC/USDT', tf: '1h', market: 'spot' },
  { dir: 'ETHUSDT', pair: 'ETH/USDT', tf: '1h', market: 'spot' },
  { dir: 'BNBUSDT', pair: 'BNB/USDT', tf: '1h', market: 'spot' },
  { dir: 'ADAUSDT', pair: 'ADA/USDT', tf: '1h', market: 'spot' },
] as const;
const LATEST_BARS = 12_000;
const EDGE_CRITERIA = ['oosTStat', 'dsr'];

if (!HAS_SHARED_DATA) console.warn(`skipping the real-market grading tests: ${SHARED_DATA_SKIP_MESSAGE}`);

describe.skipIf(!HAS_SHARED_DATA)(HAS_SHARED_DATA ? 'grading on real Binance markets (shared/data)' : SHARED_DATA_SKIP_MESSAGE, () => {
  let rows: SummaryRow[];

  beforeAll(async () => {
    rows = [];
    // One workspace per market type (perpetuals need runtime.market: swap), one backtest each.
    for (const [market, tf] of [['swap', '1m'], ['spot', '1h']] as const) {
      const cwd = createWorkspace({ workers: 2, market, tf_list: [tf] });
      const series = MARKETS.filter((entry) => entry.market === market);
      for (const entry of series) {
        const all = readCandlesCsv(sharedCandleCsv({ dir: entry.dir, tf: entry.tf }));
        const n = all.close.length;
        const candles = sliceCandles(all, Math.max(0, n - LATEST_BARS), n);
        await writeCandles(ohlcvPath(join(cwd, 'data'), entry.pair, entry.tf), candles, { pair: entry.pair, tf: entry.tf, source: 'binance', simulated: false });
      }
      const result = await runScalp(['backtest', '--pairs', series.map((entry) => entry.pair).join(','), '--tfs', tf], { cwd, timeoutMs: 600_000 });
      expect(result.code, result.stderr).toBe(0);
      rows.push(...SummaryFileSchema.parse(JSON.parse(readFileSync(join(cwd, 'reports/summary.json'), 'utf8'))).rows);
    }
  }, 900_000);

  const points = (row: SummaryRow, criterion: string) => row.breakdown.find((entry) => entry.criterion === criterion)!;

  it('researches every strategy on every market', () => {
    expect(rows).toHaveLength(MARKETS.length * 13);
  });

  it('gives a losing OOS record no point on any criterion', () => {
    const losing = rows.filter((row) => row.oos.net_return <= 0);
    expect(losing.length).toBeGreaterThan(0); // the case table must not come out empty
    const earning = losing.filter((row) => row.score > 0 || row.breakdown.some((entry) => entry.points > 0));
    expect(earning.map((row) => `${row.pair} ${row.tf} ${row.strategy}: ${(row.oos.net_return * 100).toFixed(1)}% scored ${row.score}`)).toEqual([]);
  });

  it('gives no record under 30 OOS trades full t-stat or DSR points', () => {
    const thin = rows.filter((row) => row.trades < 30);
    expect(thin.length).toBeGreaterThan(0);
    for (const row of thin) {
      for (const criterion of EDGE_CRITERIA) {
        const entry = points(row, criterion);
        expect(entry.points, `${row.pair} ${row.strategy} ${criterion} with ${row.trades} trades`).toBeLessThan(entry.max_points);
      }
    }
  });

  it('shows a record without a losing trade as a null profit factor ("no losses"), never the 999 sentinel', () => {
    expect(rows.every((row) => row.pf === null || row.pf < 999)).toBe(true);
  });
});
