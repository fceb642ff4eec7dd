// piscina worker of sma-cross.bench.js: candles arrive once as SharedArrayBuffer columns (cached per id with
// their IndicatorCache and scratch), each task carries a batch of combos. On start-up the worker runs both
// evaluations once on a small synthetic series, so its code is optimised before the first task, as the
// single-thread baseline is (and as a long-lived pool is after its first batch).
import { IndicatorCache } from '../dist/indicators/index.js';
import { candlesFromRef } from '../dist/workers/index.js';
import { createGridState, evaluateEnvelopeDca, evaluateSmaCross, warmUpCandles } from './_sma-cross-grid.js';

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

export default function run({ ref, kind, combos }) {
  if (current?.id !== ref.id) {
    const candles = candlesFromRef(ref);
    current = { id: ref.id, candles, cache: new IndicatorCache(candles), state: createGridState(ref.length) };
  }
  const { candles, cache, state } = current;
  return kind === 'sma' ? evaluateSmaCross(candles, cache, state, combos) : evaluateEnvelopeDca(candles, cache, state, combos);
}
