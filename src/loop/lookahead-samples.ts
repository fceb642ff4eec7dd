import { existsSync } from 'node:fs';
import { sliceCandles, type Timeframe } from '../core/index.js';
import { ohlcvPath, readCandles } from '../data/ohlcv-store.js';
import { syntheticSample, type GateSample } from '../strategies/index.js';

/** Bars of each sample the gate runs on: the last ones of a stored series, and the length of the synthetic one. */
export const GATE_SAMPLE_BARS = 6000;
/** Stored series the gate reads at most (one per timeframe first). */
const MAX_STORED_SAMPLES = 2;

/**
 * The candles the lookahead gate checks a strategy on: up to two stored series among `targets` (different
 * timeframes first; their last 6000 bars), then a synthetic random walk (of the first target's timeframe by
 * default), so the gate also runs on a fresh machine. A stored file that cannot be read is left out (the backtest reports it).
 */
export async function lookaheadSamples(
  dataDir: string,
  targets: readonly { pair: string; tf: Timeframe }[],
  syntheticTimeframe: Timeframe = targets[0]?.tf ?? '1h',
): Promise<GateSample[]> {
  const firstOfEachTimeframe = targets.filter((target, i) => targets.findIndex((other) => other.tf === target.tf) === i);
  const ordered = [...firstOfEachTimeframe, ...targets.filter((target) => !firstOfEachTimeframe.includes(target))];
  const samples: GateSample[] = [];
  for (const { pair, tf } of ordered) {
    if (samples.length >= MAX_STORED_SAMPLES) break;
    const file = ohlcvPath(dataDir, pair, tf);
    if (!existsSync(file)) continue;
    try {
      const candles = await readCandles(file);
      const n = candles.close.length;
      if (n >= 300) samples.push({ name: `${pair} ${tf}`, candles: sliceCandles(candles, Math.max(0, n - GATE_SAMPLE_BARS)), timeframe: tf });
    } catch {
      // unreadable: the backtest itself reports the file
    }
  }
  const tf = syntheticTimeframe;
  samples.push({ name: `synthetic ${tf}`, candles: syntheticSample(GATE_SAMPLE_BARS, tf), timeframe: tf });
  return samples;
}
