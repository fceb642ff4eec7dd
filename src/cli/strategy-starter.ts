/** The files `scalp new-strategy NAME` writes: a commented starter module and a test beside it (node:test). */

/** A starter user strategy: an EMA cross, long and short, with a stop; every convention said where it matters. */
export function starterModule(id: string, typescript: boolean): string {
  return `// ${id}: a user strategy for scalp (README: "Write your own strategy").
// scalp loads every module of runtime.strategies_dir (config/config.yaml), checks it with its lookahead gate
// (\`scalp check-strategy ${id}\`), then researches it like a built-in: walk-forward over the grid below,
// graded with its family, promoted by your risk_mode. Importing scalp is not required.
${typescript ? "\nimport type { UserStrategy } from 'scalp';\n\ntype Params = { fast: number; slow: number; stop_loss_pct: number };\n" : ''}
${typescript ? 'const strategy: UserStrategy<Params> = {' : 'export default {'}
  id: '${id}', // [a-z0-9_]+, unique across built-in and user strategies
  family: 'mono', // entry/exit signals, one position at a time (grid user strategies are not supported yet)
  sides: ['long', 'short'],
  description: 'EMA(fast) crossing EMA(slow); exit on the opposite cross',
  // Each param: its default, and the values the search tries (grid). Whole numbers stay whole.
  // stop_loss_pct / take_profit_pct / trailing_stop_pct get the engine's stop / target handling (0 = off).
  params: {
    fast: { default: 12, grid: [8, 12, 20] },
    slow: { default: 48, grid: [34, 48, 96] },
    stop_loss_pct: { default: 0.02, grid: [0.01, 0.02] },
  },
  // Bars of history the signals need: nothing fills before it, and the gate's warm-up test gives the strategy
  // 20 x this many bars (at least a day) to settle before its signals must match those of a longer history.
  warmup: (p) => p.slow,
  // candles: Float64Array columns timestamp, open, high, low, close, volume (read-only: shared by every combo).
  // Return one 0/1 value per candle. A signal on bar t's close fills at bar t+1's open, so bar t may use bars
  // <= t only: the gate refuses a strategy whose signals change when the future changes or is cut off.
  signals(candles, p, { cache }) {
    const fast = cache.get('ema', { period: p.fast }); // computed once per candles, shared by every combo
    const slow = cache.get('ema', { period: p.slow }); // NaN until warm: comparisons with NaN are false
    const n = candles.close.length;
    const enterLong = new Uint8Array(n);
    const exitLong = new Uint8Array(n);
    const enterShort = new Uint8Array(n);
    const exitShort = new Uint8Array(n);
    for (let t = 1; t < n; t++) {
      const above = fast[t] > slow[t];
      const below = fast[t] < slow[t];
      const wasAbove = fast[t - 1] > slow[t - 1];
      const wasBelow = fast[t - 1] < slow[t - 1];
      enterLong[t] = above && !wasAbove ? 1 : 0;
      exitShort[t] = enterLong[t];
      enterShort[t] = below && !wasBelow ? 1 : 0;
      exitLong[t] = enterShort[t];
    }
    return { enterLong, exitLong, enterShort, exitShort };
  },
};
${typescript ? '\nexport default strategy;\n' : ''}`;
}

/** A node:test file beside the module: it loads the module as scalp does and runs scalp's lookahead gate on it. */
export function starterTest(id: string, moduleFile: string): string {
  return `// Run with: node --test strategies/   (scalp check-strategy ${id} runs the same gate on your stored candles too)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLookahead, IndicatorCache, loadUserStrategy, syntheticSample } from 'scalp';

const strategy = await loadUserStrategy(fileURLToPath(new URL('./${moduleFile}', import.meta.url)));

test('${id}: one 0/1 signal per candle on a synthetic market', () => {
  const candles = syntheticSample(2000, '1h');
  const plan = strategy.plan(candles, strategy.paramsSchema.parse({}), new IndicatorCache(candles), { timeframe: '1h' });
  assert.equal(plan.signals.packed.length, 2000);
  assert.ok(plan.signals.packed.some((bits) => bits !== 0), 'no signal at all on 2000 bars');
});

test('${id}: passes the lookahead gate (prefix, future and warm-up tests)', () => {
  const verdict = checkLookahead(strategy, [{ name: 'synthetic 1h', candles: syntheticSample(6000, '1h'), timeframe: '1h' }]);
  assert.ok(verdict.passed, verdict.refusal?.message);
});
`;
}
