// Strategy library throughput on 200k synthetic 1m candles: for each strategy, the time per combo of a grid
// search (plan built with a shared IndicatorCache + kernel run + metrics) against the kernel run alone on a
// prebuilt plan (the floor the plan overhead is measured from). Needs `npm run build` (imports ../dist).
import { createKernelScratch } from '../dist/engine/index.js';
import { IndicatorCache } from '../dist/indicators/index.js';
import { STRATEGY_IDS, defaultParams, evaluatePlan, getStrategy } from '../dist/strategies/index.js';
import { randomWalkCandles } from './_random-walk.js';

export const name = 'strategies';

const N = 200_000;
const COMBOS = 8;


/** Best wall time of `runs` after one warm-up. */
function bestMs(fn, runs = 3) {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

/** COMBOS param sets: the defaults with the stop-loss varied (same indicators, so the cache answers after the first). */
function combos(definition) {
  const base = defaultParams(definition);
  return Array.from({ length: COMBOS }, (_, i) => ({ ...base, stop_loss_pct: 0.01 + 0.005 * i }));
}

export async function run({ log }) {
  const candles = randomWalkCandles(N, { seed: 7, volumeSpread: 5 });
  const scratch = createKernelScratch(N, 4096);
  const options = { timeframe: '1m', fees: { maker: 0.0002, taker: 0.0005 } };
  const rows = [];
  for (const id of STRATEGY_IDS) {
    const definition = getStrategy(id);
    const paramSets = combos(definition);
    const prebuilt = definition.plan(candles, paramSets[0], new IndicatorCache(candles), { timeframe: '1m' });
    const kernelMs = bestMs(() => evaluatePlan(candles, prebuilt, options, undefined, scratch));
    const comboMs =
      bestMs(() => {
        const cache = new IndicatorCache(candles);
        for (const params of paramSets) evaluatePlan(candles, definition.plan(candles, params, cache, { timeframe: '1m' }), options, undefined, scratch);
      }) / COMBOS;
    log(`${id}: ${comboMs.toFixed(1)} ms/combo (kernel alone ${kernelMs.toFixed(1)} ms)`);
    rows.push({
      metric: `${id} combo (plan + kernel + metrics), 200k bars`,
      value: Number(comboMs.toFixed(2)),
      unit: 'ms',
      baseline: { name: 'kernel + metrics on a prebuilt plan', value: Number(kernelMs.toFixed(2)) },
    });
  }
  return rows;
}
