// zscore_revert: mean reversion on the z-score of the close, written in TypeScript.
// scalp transpiles .ts modules when it loads them (esbuild); `import type` from scalp is erased, so the module
// runs without scalp installed. Copy it into strategies/ (the folder runtime.strategies_dir names) to research it.

import type { UserStrategy } from 'scalp';

type Params = { period: number; entry_z: number; exit_z: number; stop_loss_pct: number; take_profit_pct: number };

const strategy: UserStrategy<Params> = {
  id: 'zscore_revert',
  family: 'mono',
  sides: ['long', 'short'],
  description: 'Fade a close more than entry_z standard deviations from its rolling mean; exit back inside exit_z',
  params: {
    period: { default: 30, grid: [20, 30, 50], min: 5 },
    entry_z: { default: 2, grid: [1.5, 2, 2.5], min: 0.5 },
    exit_z: { default: 0.25, grid: [0, 0.5] },
    stop_loss_pct: { default: 0.02, grid: [0.01, 0.02] },
    take_profit_pct: { default: 0 }, // 0 = no fixed target: the z-score exit decides
  },
  warmup: (p) => p.period,
  signals(candles, p, { cache }) {
    // zScore over `period` closes, computed once per candles and shared by every combo with the same period.
    const z = cache.get('zScore', { period: p.period });
    const n = candles.close.length;
    const enterLong = new Uint8Array(n);
    const exitLong = new Uint8Array(n);
    const enterShort = new Uint8Array(n);
    const exitShort = new Uint8Array(n);
    for (let t = 0; t < n; t++) {
      const value = z[t]; // NaN during warm-up: every comparison is false, so no signal
      enterLong[t] = value < -p.entry_z ? 1 : 0;
      enterShort[t] = value > p.entry_z ? 1 : 0;
      exitLong[t] = value > -p.exit_z ? 1 : 0;
      exitShort[t] = value < p.exit_z ? 1 : 0;
    }
    return { enterLong, exitLong, enterShort, exitShort };
  },
};

export default strategy;
