// piscina worker of sma-cross.bench.js: candles arrive once as SharedArrayBuffer columns (cached per id with
// their IndicatorCache and scratch), each task carries a batch of combos. On start-up the worker runs both
// evaluations once on a small synthetic series, so its code is optimised before the first task, as the
// single-thread baseline is (and as a long-lived pool is after its first batch).
import { IndicatorCache, sma } from '../dist/indicators/index.js';
import { candlesFromRef } from '../dist/workers/index.js';
import { createGridState, evaluateEnvelopeDca, evaluateSmaCross, sharedSmaCache, warmUpCandles } from './_sma-cross-grid.js';

let current;

{
  const candles = warmUpCandles(20_000);
  const cache = new IndicatorCache(candles);
  const state = createGridState(candles.close.length);
  for (let i = 0; i < 3; i++) {
    evaluateSmaCross(candles, cache, state, [[5, 50], [9, 70], [13, 90]]);
    evaluateEnvelopeDca(candles, cache, state, [[10, 0.01, 2], [20, 0.02, 3]]);
  }
}

/**
 * Tasks: `{ ref, fill: { period: SharedArrayBuffer } }` computes those SMAs of the close into the shared buffers;
 * `{ ref, kind, combos, smas? }` evaluates a batch, reading the SMAs from `smas` (shared by the pool) when given,
 * else from this worker's own IndicatorCache.
 */
export default function run({ ref, kind, combos, smas, fill }) {
  if (current?.id !== ref.id) {
    const candles = candlesFromRef(ref);
    current = { id: ref.id, candles, cache: new IndicatorCache(candles), state: createGridState(ref.length) };
  }
  const { candles, state } = current;
  if (fill !== undefined) {
    for (const [period, buffer] of Object.entries(fill)) sma(candles.close, Number(period), new Float64Array(buffer));
    return Object.keys(fill).length;
  }
  const cache = smas === undefined ? current.cache : sharedSmaCache(smas);
  return kind === 'sma' ? evaluateSmaCross(candles, cache, state, combos) : evaluateEnvelopeDca(candles, cache, state, combos);
}
