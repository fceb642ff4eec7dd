import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/config/app-config.js';
import { defaultBacktestConfig } from '../../src/config/backtest-config.js';
import type { ActiveStrategy } from '../../src/config/strategies-file.js';
import { ohlcvPath, writeCandles } from '../../src/data/ohlcv-store.js';
import { forwardStep } from '../../src/loop/forward-step.js';
import { readActiveSet, readDemotions, writeActiveSet } from '../../src/promote/index.js';
import { randomWalk } from '../helpers/random-walk.js';

const FIFTEEN = 15 * 60_000;
const START = Date.UTC(2025, 0, 1);
// A modest promise: on a random walk the record cannot tell it from no edge yet, so it waits.
const promise = { mean_return: 0.00001, std_return: 0.004, sharpe: 0.0025, skewness: 0, kurtosis: 3, bars: 3000 };

function entry(pair: string, params: Record<string, number>, withPromise = true): ActiveStrategy {
  return {
    pair, tf: '15m', strategy: 'bollinger_mr', params, grade: 'B', score: 85, source_run: 'run-1', simulated: true,
    metrics: { sharpe: 2, pf: 1.5, mdd: 0.05, win_rate: 0.6, trades: 80, net_return: 0.2, dsr: 0.9, mc_pvalue: 0.01, consistency: 0.8, oos_is_ratio: 0.7, stability: 0.8 },
    ...(withPromise ? { promise } : {}),
    promoted_at: new Date(START + 1500 * FIFTEEN).toISOString(), expires_at: new Date(START + 4000 * FIFTEEN).toISOString(),
  };
}

describe('forwardStep', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('judges fresh records, shows stopped candles as stale, leaves promise-less entries unjudged and demotes params that no longer validate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalp-forward-step-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'config.yaml'), 'runtime:\n  data_dir: data\n  reports_dir: reports\n  exchange: sim\n  tf_list: [15m]\n');
    const config = loadAppConfig(join(dir, 'config.yaml'));
    const candles = randomWalk(2000, 3, { sigma: 0.004, stepMs: FIFTEEN });
    candles.timestamp.forEach((_, i) => (candles.timestamp[i] = START + i * FIFTEEN));
    for (const pair of ['AAA/USDT', 'BBB/USDT', 'CCC/USDT', 'DDD/USDT']) {
      const series = pair === 'BBB/USDT' ? { ...candles, timestamp: candles.timestamp.map((t) => t - 100 * FIFTEEN) } : candles;
      await writeCandles(ohlcvPath(config.paths.dataDir, pair, '15m'), series as typeof candles, { pair, tf: '15m', source: 'test', simulated: true });
    }
    const gone = { ...entry('AAA/USDT', { period: 20 }), strategy: 'my_deleted_module' };
    const active = [entry('AAA/USDT', { period: 20, mult: 2 }), entry('BBB/USDT', { period: 20, mult: 2 }), entry('CCC/USDT', { period: 20, mult: 2 }, false), entry('DDD/USDT', { period: 1, mult: 2 }), gone];
    await writeActiveSet(config.paths.strategiesFile, active, { riskMode: 'balanced', now: new Date(START) });
    const now = new Date(START + 2000 * FIFTEEN);
    const outcome = await forwardStep(config, defaultBacktestConfig(), now);

    const after = new Map(readActiveSet(config.paths.strategiesFile).filter((e) => e.strategy === 'bollinger_mr').map((e) => [e.pair, e.forward]));
    // A strategy whose module is missing is not evidence against it: unjudged, never demoted.
    expect(readActiveSet(config.paths.strategiesFile).find((e) => e.strategy === 'my_deleted_module')?.forward).toMatchObject({ verdict: 'unjudged' });
    expect(after.get('AAA/USDT')?.bars).toBe(500);
    expect(after.get('AAA/USDT')?.verdict).toBe('wait');
    expect(after.get('BBB/USDT')).toMatchObject({ verdict: 'stale' });
    expect(after.get('BBB/USDT')?.reasons[0]).toMatch(/stopped arriving/);
    expect(after.get('CCC/USDT')).toMatchObject({ verdict: 'unjudged' });
    expect(after.has('DDD/USDT')).toBe(false);
    const [demotion] = readDemotions(join(config.paths.dataDir, 'logs', 'demotions.jsonl'));
    expect(demotion.pair).toBe('DDD/USDT');
    expect(demotion.reasons[0]).toMatch(/params no longer validate/);
    expect(outcome.counts).toMatchObject({ active: 5, wait: 1, stale: 1, unjudged: 2, demoted: 1 });
  });
});
