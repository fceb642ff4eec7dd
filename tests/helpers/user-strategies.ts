// User strategy modules as a user would write them, written to a real temp strategies_dir by the tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A clean EMA cross (.mjs): long only, its grid and warm-up declared, indicators from the shared cache. */
export const CLEAN_MJS = `export default {
  id: 'my_cross',
  family: 'mono',
  sides: ['long'],
  params: { fast: { default: 10, grid: [5, 10] }, slow: { default: 40, grid: [30, 60] }, stop_loss_pct: { default: 0.03 } },
  warmup: (p) => p.slow,
  signals(candles, p, { cache }) {
    const fast = cache.get('ema', { period: p.fast });
    const slow = cache.get('ema', { period: p.slow });
    const n = candles.close.length;
    const enterLong = new Uint8Array(n);
    const exitLong = new Uint8Array(n);
    for (let t = 1; t < n; t++) {
      enterLong[t] = fast[t] > slow[t] && !(fast[t - 1] > slow[t - 1]) ? 1 : 0;
      exitLong[t] = fast[t] < slow[t] ? 1 : 0;
    }
    return { enterLong, exitLong };
  },
};
`;

/** A clean z-score reversion in TypeScript (types, an interface, plain arrays of booleans as signals). */
export const CLEAN_TS = `interface Params { period: number; entry: number; [name: string]: number }
type Context = { indicators: { zScore(source: Float64Array, period: number): Float64Array } };

const strategy = {
  id: 'ts_revert',
  family: 'mono' as const,
  sides: ['long', 'short'] as const,
  params: { period: { default: 30, grid: [20, 40] }, entry: { default: 2, grid: [1.5, 2.5] } },
  warmup: (p: Params): number => p.period,
  signals(candles: { close: Float64Array }, p: Params, { indicators }: Context) {
    const z = indicators.zScore(candles.close, p.period);
    const enterLong: boolean[] = [];
    const exitLong: boolean[] = [];
    const enterShort: boolean[] = [];
    const exitShort: boolean[] = [];
    for (let t = 0; t < candles.close.length; t++) {
      enterLong.push(z[t] < -p.entry);
      exitLong.push(z[t] > 0);
      enterShort.push(z[t] > p.entry);
      exitShort.push(z[t] < 0);
    }
    return { enterLong, exitLong, enterShort, exitShort };
  },
};
export default strategy;
`;

/** Reads close[t + 1]: a signal on bar t knows the next close. */
export const PEEK_MJS = `export default {
  id: 'peek_next', family: 'mono', sides: ['long'], params: {},
  signals(c) {
    const n = c.close.length, enterLong = new Uint8Array(n), exitLong = new Uint8Array(n);
    for (let t = 0; t < n; t++) { enterLong[t] = c.close[t + 1] > c.close[t] ? 1 : 0; exitLong[t] = c.close[t + 1] <= c.close[t] ? 1 : 0; }
    return { enterLong, exitLong };
  },
};
`;

/** A centred moving average over bars t - half .. t + half (defined where the whole window exists). */
export const CENTRED_MJS = `export default {
  id: 'centred_ma', family: 'mono', sides: ['long'], params: { half: { default: 5 } }, warmup: 20,
  signals(c, p) {
    const n = c.close.length, enterLong = new Uint8Array(n), exitLong = new Uint8Array(n);
    for (let t = p.half; t + p.half < n; t++) {
      let sum = 0;
      for (let j = t - p.half; j <= t + p.half; j++) sum += c.close[j];
      const mean = sum / (2 * p.half + 1);
      enterLong[t] = c.close[t] > mean ? 1 : 0;
      exitLong[t] = c.close[t] <= mean ? 1 : 0;
    }
    return { enterLong, exitLong };
  },
};
`;

/** Signals keyed on the bar count since the first candle: they shift with the length of history. */
export const HISTORY_MJS = `export default {
  id: 'bar_count', family: 'mono', sides: ['long'], params: {},
  signals(c) {
    const n = c.close.length, enterLong = new Uint8Array(n), exitLong = new Uint8Array(n);
    for (let t = 0; t < n; t++) { enterLong[t] = t % 10 === 0 ? 1 : 0; exitLong[t] = t % 10 === 5 ? 1 : 0; }
    return { enterLong, exitLong };
  },
};
`;

/** Throws when imported. */
export const BROKEN_MJS = `const table = undefined;\nexport default { id: 'broken', ...table.entries };\n`;

/** A fresh strategies folder holding `files` (name -> source). */
export function strategiesFolder(files: Record<string, string>, dir = mkdtempSync(join(tmpdir(), 'scalp-strategies-'))): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return dir;
}
