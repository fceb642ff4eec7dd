import { CANDLE_COLUMNS, type Candles, allocateCandles, candleCount } from '../core/candles.js';
import { isStrictlyIncreasing } from './_validate-candles.js';

/**
 * Sorted, unique copy of `candles`: rows ordered by timestamp; of rows sharing a timestamp the last one wins
 * (the most recent fetch). Returns the input itself when it is already strictly increasing.
 */
export function sortUniqueCandles(candles: Candles): Candles {
  if (isStrictlyIncreasing(candles.timestamp)) return candles;
  const rows = candleCount(candles);
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const timestamp = candles.timestamp;
  order.sort((a, b) => timestamp[a] - timestamp[b] || a - b);
  let kept = 0;
  for (let k = 0; k < rows; k++) {
    // keep a row unless the next one in order has the same timestamp (the later original row wins)
    if (k + 1 < rows && timestamp[order[k + 1]] === timestamp[order[k]]) continue;
    order[kept++] = order[k];
  }
  const output = allocateCandles(kept);
  for (const name of CANDLE_COLUMNS) {
    const from = candles[name];
    const to = output[name];
    for (let k = 0; k < kept; k++) to[k] = from[order[k]];
  }
  return output;
}

/** Linear merge of two strictly increasing candle sets; on equal timestamps `incoming` wins. */
export function mergeSortedCandles(existing: Candles, incoming: Candles): Candles {
  const a = existing.timestamp;
  const b = incoming.timestamp;
  let i = 0;
  let j = 0;
  let rows = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) i++;
    else {
      if (i < a.length && a[i] === b[j]) i++;
      j++;
    }
    rows++;
  }
  const output = allocateCandles(rows);
  i = 0;
  j = 0;
  let k = 0;
  // Copy whole runs with TypedArray.set: appending a few new candles to a long history is one block copy.
  while (k < rows) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      const end = j >= b.length ? a.length : upperBelow(a, i, b[j]);
      copyRun(existing, i, end, output, k);
      k += end - i;
      i = end;
    } else {
      let end = j + 1;
      if (i < a.length && a[i] === b[j]) i++;
      while (end < b.length && (i >= a.length || b[end] < a[i] || b[end] === a[i])) {
        if (i < a.length && b[end] === a[i]) i++;
        end++;
      }
      copyRun(incoming, j, end, output, k);
      k += end - j;
      j = end;
    }
  }
  return output;
}

/** First index >= from where sorted[index] >= limit. */
function upperBelow(sorted: Float64Array, from: number, limit: number): number {
  let index = from;
  while (index < sorted.length && sorted[index] < limit) index++;
  return index;
}

function copyRun(source: Candles, start: number, end: number, target: Candles, at: number): void {
  for (const name of CANDLE_COLUMNS) target[name].set(source[name].subarray(start, end), at);
}
