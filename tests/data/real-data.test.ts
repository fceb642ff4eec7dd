import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candleCount } from '../../src/core/candles.js';
import { readCandlesCsv } from '../../src/data/csv-candles.js';
import { assessCandles } from '../../src/data/data-quality.js';
import { readCandles, writeCandles } from '../../src/data/ohlcv-store.js';
import { HAS_SHARED_DATA, SHARED_CANDLE_FILES, SHARED_DATA_SKIP_MESSAGE, sharedCandleCsv } from '../helpers/shared-data.js';
import { firstDifference } from '../io/fixtures/synthetic-candles.js';
import { useTempDir } from '../io/fixtures/temp-dir.js';

if (!HAS_SHARED_DATA) console.warn(`skipping real-data tests: ${SHARED_DATA_SKIP_MESSAGE}`);

describe.skipIf(!HAS_SHARED_DATA)(HAS_SHARED_DATA ? 'real Binance candles (shared/data)' : SHARED_DATA_SKIP_MESSAGE, () => {
  const tempDir = useTempDir();

  describe.each(SHARED_CANDLE_FILES)('$dir $tf', (file) => {
    it(`parses ${file.rows} rows exactly as a naive split-and-Number parse does`, () => {
      const candles = readCandlesCsv(sharedCandleCsv(file));
      expect(candleCount(candles)).toBe(file.rows);
      expect(candles.timestamp[0]).toBe(file.first);
      expect(candles.timestamp[file.rows - 1]).toBe(file.last);
      const lines = readFileSync(sharedCandleCsv(file), 'utf8').trim().split('\n').slice(1);
      let mismatches = 0;
      lines.forEach((line, i) => {
        const fields = line.split(',').map(Number);
        const parsed = [candles.timestamp[i], candles.open[i], candles.high[i], candles.low[i], candles.close[i], candles.volume[i]];
        if (fields.some((value, c) => !Object.is(value, parsed[c]))) mismatches++;
      });
      expect(lines).toHaveLength(file.rows);
      expect(mismatches).toBe(0);
    });

    it(`finds ${file.missing} missing candles in ${file.gapCount} gaps and ${file.zeroVolume} zero-volume candles`, () => {
      const quality = assessCandles(readCandlesCsv(sharedCandleCsv(file)), file.tf);
      expect(quality).toMatchObject({
        rows: file.rows,
        first: file.first,
        last: file.last,
        missing_total: file.missing,
        zero_volume: file.zeroVolume,
        misaligned: 0,
      });
      expect(quality.gaps).toHaveLength(file.gapCount);
    });

    it('round-trips through the Parquet store bit for bit', async () => {
      const candles = readCandlesCsv(sharedCandleCsv(file));
      const parquet = join(tempDir(), file.dir, `${file.tf}.parquet`);
      await writeCandles(parquet, candles, { pair: file.dir, tf: file.tf, source: 'binance', simulated: false });
      expect(firstDifference(await readCandles(parquet), candles)).toBe('same');
      expect(firstDifference(await readCandles(parquet), candles)).toBe('same'); // warm, from the cache
    });
  });

  it('places the spot 1h gaps at the documented hours', () => {
    const quality = assessCandles(readCandlesCsv(sharedCandleCsv({ dir: 'BTCUSDT', tf: '1h' })), '1h');
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 13);
    expect(quality.gaps.map((gap) => [iso(gap.from), iso(gap.to), gap.missing])).toEqual([
      ['2020-11-30T06', '2020-11-30T06', 1],
      ['2020-12-21T15', '2020-12-21T17', 3],
      ['2020-12-25T02', '2020-12-25T02', 1],
      ['2021-02-11T04', '2021-02-11T04', 1],
      ['2021-03-06T02', '2021-03-06T02', 1],
      ['2021-04-20T02', '2021-04-20T03', 2],
      ['2021-04-25T05', '2021-04-25T07', 3],
    ]);
  });

  it('places the BTCUSDT_PERP missing minute at 2019-09-08 19:00', () => {
    const quality = assessCandles(readCandlesCsv(sharedCandleCsv({ dir: 'BTCUSDT_PERP', tf: '1m' })), '1m');
    expect(quality.gaps).toEqual([{ from: Date.parse('2019-09-08T19:00:00Z'), to: Date.parse('2019-09-08T19:00:00Z'), missing: 1 }]);
  });
});
