import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';
import { addToBlocks, blockLayout } from '../../src/research/cscv-blocks.js';

describe('CSCV blocks', () => {
  it('cuts T bars into equal blocks and drops the leading T mod S', () => {
    expect(blockLayout(2994, 16)).toEqual({ partitions: 16, dropped: 2, size: 187 });
    expect(blockLayout(10, 16)).toEqual({ partitions: 16, dropped: 10, size: 0 });
  });

  it.each([1, 2, 3, 4, 5, 6])('fills the blocks window by window bit for bit as cutting the concatenated returns would (seed %i)', (seed) => {
    const rng = createRng(seed);
    const windows = Array.from({ length: 4 + seed }, () => {
      const equity = new Float64Array(30 + rng.int(40));
      equity[0] = 100;
      for (let i = 1; i < equity.length; i++) equity[i] = equity[i - 1] * (1 + 0.01 * rng.normal());
      return equity;
    });
    const returns = windows.flatMap((equity) => Array.from(equity.subarray(1), (value, i) => value / equity[i] - 1));
    const layout = blockLayout(returns.length, 2 + seed);
    const into = { sums: new Float64Array(layout.partitions), squares: new Float64Array(layout.partitions) };
    let offset = 0;
    let total = 0;
    for (const equity of windows) {
      total += addToBlocks(equity, offset, layout, into)[0];
      offset += equity.length - 1;
    }
    for (let b = 0; b < layout.partitions; b++) {
      const block = returns.slice(layout.dropped + b * layout.size, layout.dropped + (b + 1) * layout.size);
      expect(into.sums[b]).toBe(block.reduce((a, r) => a + r, 0));
      expect(into.squares[b]).toBe(block.reduce((a, r) => a + r * r, 0));
    }
    expect(total).toBeCloseTo(returns.reduce((a, r) => a + r, 0), 12);
  });
});
