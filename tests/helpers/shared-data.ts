import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared real-candle folder (`../shared/data` from the repo root), read in place and never copied.
 * `SCALP_SHARED_DATA=<folder>` points it elsewhere (a missing folder shows what a clean clone runs and skips).
 */
export const SHARED_DATA_DIR = process.env.SCALP_SHARED_DATA
  ? resolve(process.env.SCALP_SHARED_DATA)
  : resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
export const SHARED_OHLCV_DIR = join(SHARED_DATA_DIR, 'ohlcv');
export const HAS_SHARED_DATA = existsSync(SHARED_OHLCV_DIR);
export const SHARED_DATA_SKIP_MESSAGE = `real candles not found at ${SHARED_OHLCV_DIR}; these tests need the shared data folder`;

/** The files documented in shared/data/README.md with their row, gap and zero-volume counts. */
export interface SharedCandleFile {
  readonly dir: string;
  readonly tf: '1m' | '1h' | '1d';
  readonly rows: number;
  readonly first: number;
  readonly last: number;
  readonly missing: number;
  readonly gapCount: number;
  readonly zeroVolume: number;
}

export const SHARED_CANDLE_FILES: readonly SharedCandleFile[] = [
  { dir: 'BTCUSDT', tf: '1h', rows: 7478, first: 1596322800000, last: 1623283200000, missing: 12, gapCount: 7, zeroVolume: 2 },
  { dir: 'BTCUSDT', tf: '1d', rows: 1272, first: 1513555200000, last: 1623369600000, missing: 0, gapCount: 0, zeroVolume: 0 },
  { dir: 'ETHUSDT', tf: '1h', rows: 7478, first: 1596322800000, last: 1623283200000, missing: 12, gapCount: 7, zeroVolume: 2 },
  { dir: 'BNBUSDT', tf: '1h', rows: 7478, first: 1596322800000, last: 1623283200000, missing: 12, gapCount: 7, zeroVolume: 2 },
  { dir: 'ADAUSDT', tf: '1h', rows: 7478, first: 1596322800000, last: 1623283200000, missing: 12, gapCount: 7, zeroVolume: 2 },
  { dir: 'BTCUSDT_PERP', tf: '1m', rows: 14999, first: 1567965420000, last: 1568865360000, missing: 1, gapCount: 1, zeroVolume: 342 },
  { dir: 'LINKUSDT_PERP', tf: '1m', rows: 40320, first: 1675209600000, last: 1677628740000, missing: 0, gapCount: 0, zeroVolume: 0 },
  { dir: 'NEARUSDT_PERP', tf: '1m', rows: 87840, first: 1680307200000, last: 1685577540000, missing: 0, gapCount: 0, zeroVolume: 20 },
  { dir: 'AVAXUSDT_PERP', tf: '1m', rows: 87840, first: 1780272000000, last: 1785542340000, missing: 0, gapCount: 0, zeroVolume: 0 },
];

export function sharedCandleCsv(file: Pick<SharedCandleFile, 'dir' | 'tf'>): string {
  return join(SHARED_OHLCV_DIR, file.dir, `${file.tf}.csv`);
}
