import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCandleMeta, readCandles } from '../../src/data/ohlcv-store.js';
import { bundleScript, exited, removeBundles, startNode } from '../io/fixtures/node-script.js';
import { columnsOf, syntheticCandles } from '../io/fixtures/synthetic-candles.js';
import { useTempDir } from '../io/fixtures/temp-dir.js';

describe('candle files under real processes', () => {
  const tempDir = useTempDir();
  let writerScript: string;
  let appenderScript: string;
  afterAll(removeBundles);
  beforeAll(async () => {
    [writerScript, appenderScript] = await Promise.all([bundleScript('store-writer.ts'), bundleScript('store-appender.ts')]);
  });

  it('a writer SIGKILLed in the middle of rewriting leaves the previous file readable and valid', async () => {
    const rows = 20_000;
    const file = join(tempDir(), 'ohlcv', 'BTCUSDT', '1m.parquet');
    const expected = [columnsOf(syntheticCandles(rows, 1)), columnsOf(syntheticCandles(rows, 2))];
    // Kill during the 3rd, 4th, 5th... write at varying points after it started.
    for (const [killAt, delayMs] of [
      [2, 0],
      [3, 10],
    ]) {
      let resolveStarted = () => {};
      const started = new Promise<void>((resolve) => (resolveStarted = resolve));
      const child = startNode(writerScript, [file, String(rows)], (line) => line === `writing ${killAt}` && resolveStarted());
      await started;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      expect(await exited(child)).toBe('SIGKILL');
      const candles = await readCandles(file);
      expect(expected).toContainEqual(columnsOf(candles));
      expect((await readCandleMeta(file)).simulated).toBe(true);
    }
    expect(readdirSync(join(tempDir(), 'ohlcv', 'BTCUSDT')).filter((name) => name.endsWith('.parquet'))).toEqual(['1m.parquet']);
  });

  it('two processes appending to one file at once end with the union of their candles', async () => {
    const file = join(tempDir(), '1m.parquet');
    const first = startNode(appenderScript, [file, '0', '600', '100']);
    const second = startNode(appenderScript, [file, '600', '600', '100']);
    expect(await Promise.all([exited(first), exited(second)])).toEqual([0, 0]);
    expect(columnsOf(await readCandles(file))).toEqual(columnsOf(syntheticCandles(1200, 7)));
  });
});
