// piscina worker of sma-cross.bench.js: candles arrive once as SharedArrayBuffer columns (cached per id with
// their IndicatorCache and scratch), each task carries a batch of combos.
import { IndicatorCache } from '../dist/indicators/index.js';
import { candlesFromRef } from '../dist/workers/index.js';
import { createGridState, evaluateEnvelopeDca, evaluateSmaCross } from './_sma-cross-grid.js';

let current;

export default function run({ ref, kind, combos }) {
  if (current?.id !== ref.id) {
    const candles = candlesFromRef(ref);
    current = { id: ref.id, candles, cache: new IndicatorCache(candles), state: createGridState(ref.length) };
  }
  const { candles, cache, state } = current;
  return kind === 'sma' ? evaluateSmaCross(candles, cache, state, combos) : evaluateEnvelopeDca(candles, cache, state, combos);
}
