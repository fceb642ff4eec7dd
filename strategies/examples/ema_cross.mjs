// ema_cross: a user strategy for scalp (README: "Write your own strategy").
// scalp loads every module of runtime.strategies_dir (config/config.yaml), checks it with its lookahead gate
// (`scalp check-strategy ema_cross`), then researches it like a built-in: walk-forward over the grid below,
// graded with its family, promoted by your risk_mode. Importing scalp is not required.

export default {
  id: 'ema_cross', // [a-z0-9_]+, unique across built-in and user strategies
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
