/**
 * The block layout of combinatorially symmetric cross-validation (CSCV, Bailey, Borwein, Lopez de Prado & Zhu
 * 2017) on a return series of `observations` bars: `partitions` contiguous blocks of equal size, the leading
 * observations mod partitions bars dropped. Research accumulates each combo's per-block sums while it runs the
 * OOS windows, so the probability of backtest overfitting never needs the return series themselves.
 */
export interface BlockLayout {
  partitions: number;
  /** Leading bars left out (observations mod partitions). */
  dropped: number;
  /** Bars per block. */
  size: number;
}

/** Layout of `observations` bars cut into `partitions` blocks; size 0 when there are fewer bars than blocks. */
export function blockLayout(observations: number, partitions: number): BlockLayout {
  const size = Math.floor(observations / partitions);
  return { partitions, dropped: observations - size * partitions, size };
}

/** Per-block sums and sums of squares of one combo's concatenated OOS returns, filled window by window. */
export interface BlockSums {
  sums: Float64Array;
  squares: Float64Array;
}

/**
 * Adds the per-bar simple returns of `equity` (its second bar is position `offset` of the concatenated series)
 * to the block sums, skipping the dropped lead, and returns their sum and sum of squares over every bar (the
 * dropped ones included). One pass, cut into runs that stay inside one block (or the dropped lead), so the
 * per-bar loop has no block bookkeeping; sums are added in bar order, as a single accumulator would.
 */
export function addToBlocks(equity: Float64Array, offset: number, layout: BlockLayout, into: BlockSums): [number, number] {
  const moments = MOMENTS;
  moments[0] = 0;
  moments[1] = 0;
  const { size, dropped } = layout;
  let i = 1;
  while (i < equity.length) {
    const position = offset + i - 1 - dropped;
    const block = size > 0 && position >= 0 ? Math.floor(position / size) : -1;
    const runEnd = Math.min(equity.length, size === 0 ? equity.length : block < 0 ? i - position : i + (block + 1) * size - position);
    const inBlock = block >= 0 && block < into.sums.length;
    const [blockSum, blockSquares] = addReturns(equity, i, runEnd, moments, inBlock ? into.sums[block] : 0, inBlock ? into.squares[block] : 0);
    if (inBlock) {
      into.sums[block] = blockSum;
      into.squares[block] = blockSquares;
    }
    i = runEnd;
  }
  return [moments[0], moments[1]];
}

const MOMENTS = new Float64Array(2);
const RUN: [number, number] = [0, 0];

/**
 * Adds the simple returns of equity[from..end) (each against the bar before) to `moments` (sum, sum of squares)
 * and to `sum` / `squares`, returned as a pair (shared: read it before the next call). Each accumulator adds in
 * bar order, so the results are bit-identical to adding bar by bar into the block sums.
 */
function addReturns(equity: Float64Array, from: number, end: number, moments: Float64Array, sum: number, squares: number): [number, number] {
  let total = moments[0];
  let totalSquares = moments[1];
  let previous = equity[from - 1];
  for (let i = from; i < end; i++) {
    const value = equity[i];
    const r = previous > 0 ? value / previous - 1 : 0;
    previous = value;
    total += r;
    totalSquares += r * r;
    sum += r;
    squares += r * r;
  }
  moments[0] = total;
  moments[1] = totalSquares;
  RUN[0] = sum;
  RUN[1] = squares;
  return RUN;
}
