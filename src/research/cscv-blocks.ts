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
 * dropped ones included). One pass; the block boundary is tracked by counting, not by a division per bar.
 */
export function addToBlocks(equity: Float64Array, offset: number, layout: BlockLayout, into: BlockSums): [number, number] {
  let sum = 0;
  let squares = 0;
  const position = offset - layout.dropped;
  let block = layout.size > 0 && position >= 0 ? Math.floor(position / layout.size) : -1;
  let left = block >= 0 ? layout.size - (position - block * layout.size) : -position;
  let previous = equity[0];
  for (let i = 1; i < equity.length; i++) {
    const value = equity[i];
    const r = previous > 0 ? value / previous - 1 : 0;
    previous = value;
    sum += r;
    squares += r * r;
    if (layout.size === 0) continue;
    if (left === 0) {
      block++;
      left = layout.size;
    }
    if (block >= 0) {
      into.sums[block] += r;
      into.squares[block] += r * r;
    }
    left--;
  }
  return [sum, squares];
}
