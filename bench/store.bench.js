// Candle store throughput on 1M synthetic one-minute candles: CSV byte-loop parse (baseline), import to Parquet
// through DuckDB, cold load (Parquet -> columns, cache rebuilt), warm load (columnar cache). Median of 5 runs of
// wall time, plus the process CPU time of the import (DuckDB threads included), steadier on a shared machine.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocateCandles } from '../dist/core/candles.js';
import { createRng } from '../dist/core/rng.js';
import { cachePathFor } from '../dist/data/candle-cache.js';
import { formatCandlesCsv, parseCandlesCsv } from '../dist/data/csv-candles.js';
import { readCandles, writeCandles } from '../dist/data/ohlcv-store.js';

export const name = 'store';

const ROWS = 1_000_000;
const RUNS = 5;

export async function run({ log }) {
  const candles = syntheticCandles(ROWS);
  const csv = Buffer.from(formatCandlesCsv(candles));
  const dir = mkdtempSync(join(tmpdir(), 'scalp-bench-store-'));
  const file = join(dir, 'ohlcv', 'BTCUSDT', '1m.parquet');
  const meta = { pair: 'BTC/USDT', tf: '1m', source: 'bench', simulated: true };
  try {
    const parseMs = await median(() => parseCandlesCsv(csv));
    log(`  csv: ${(csv.length / 1e6).toFixed(1)} MB for ${ROWS} candles`);
    let importCpuMs = Number.POSITIVE_INFINITY;
    const importMs = await median(async () => {
      const cpu = process.cpuUsage();
      await writeCandles(file, candles, meta);
      const used = process.cpuUsage(cpu);
      importCpuMs = Math.min(importCpuMs, (used.user + used.system) / 1000);
    });
    log(`  parquet: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
    const coldMs = await median(async () => {
      rmSync(cachePathFor(file), { force: true });
      await readCandles(file);
    });
    await readCandles(file);
    const warmMs = await median(() => readCandles(file));
    const perSecond = (ms) => (ROWS / ms) * 1000;
    const csvBaseline = { name: 'csv byte-loop parse', value: perSecond(parseMs) };
    return [
      { metric: 'csv byte-loop parse (1M candles)', value: perSecond(parseMs), unit: 'candles/s' },
      { metric: 'import to Parquet (1M candles)', value: perSecond(importMs), unit: 'candles/s', baseline: csvBaseline },
      { metric: 'import to Parquet (1M candles)', value: importMs, unit: 'ms', target: '<= 250 ms' },
      { metric: 'import to Parquet, process CPU, best run', value: importCpuMs, unit: 'ms' },
      { metric: 'cold load, Parquet + cache rebuild (1M candles)', value: perSecond(coldMs), unit: 'candles/s', baseline: csvBaseline },
      { metric: 'cold load, Parquet + cache rebuild (1M candles)', value: coldMs, unit: 'ms' },
      { metric: 'warm load from cache (1M candles)', value: perSecond(warmMs), unit: 'candles/s', baseline: csvBaseline },
      { metric: 'warm load from cache (1M candles)', value: warmMs, unit: 'ms', target: '<= 50 ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function median(fn) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

/** Random-walk minute candles with exchange-like precision (prices in cents, volume in 0.001 lots). */
function syntheticCandles(rows) {
  const rng = createRng(42);
  const candles = allocateCandles(rows);
  let price = 30_000;
  for (let i = 0; i < rows; i++) {
    const open = price;
    price = Math.round(price * (1 + rng.normal() * 0.001) * 100) / 100;
    candles.timestamp[i] = 1_600_000_020_000 + i * 60_000;
    candles.open[i] = open;
    candles.close[i] = price;
    candles.high[i] = Math.round(Math.max(open, price) * (1 + rng.next() * 0.0005) * 100) / 100;
    candles.low[i] = Math.round(Math.min(open, price) * (1 - rng.next() * 0.0005) * 100) / 100;
    candles.volume[i] = Math.round(rng.next() * 50_000) / 1000;
  }
  return candles;
}
