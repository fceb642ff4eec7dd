// The sweep bench's baseline: a plain single-thread envelope-DCA loop, written the obvious way (no scratch reuse
// across combos, no fast paths): per combo, an SMA of the close, limit buys at SMA[t-1] x (1 - l_k) that fill when
// a bar's low reaches them (at the open when it gaps through), take profit at SMA[t-1], a stop on the average entry,
// equity marked every bar and the Sharpe of its per-bar returns.

function sma(close, period) {
  const out = new Float64Array(close.length).fill(Number.NaN);
  let sum = 0;
  for (let t = 0; t < close.length; t++) {
    sum += close[t] - (t >= period ? close[t - period] : 0);
    if (t >= period - 1) out[t] = sum / period;
  }
  return out;
}

/** One combo { ma_period, envelope_start, envelope_step, level_count, stop_loss_pct }: { sharpe, netReturn, trades }. */
export function plainEnvelopeDca(candles, combo, fees) {
  const { open, high, low, close } = candles;
  const n = close.length;
  const average = sma(close, combo.ma_period);
  const factors = Array.from({ length: combo.level_count }, (_, k) => 1 - combo.envelope_start - k * combo.envelope_step);
  const initial = 10_000;
  const perLevel = initial / combo.level_count;
  let cash = initial;
  let units = 0;
  let cost = 0;
  let filled = 0;
  let trades = 0;
  let previous = initial;
  let sum = 0;
  let squares = 0;
  for (let t = combo.ma_period; t < n; t++) {
    const center = average[t - 1];
    for (let k = filled; k < combo.level_count; k++) {
      const price = center * factors[k];
      if (low[t] > price) break;
      const fill = Math.min(open[t], price);
      const size = Math.min(perLevel, cash) / (fill * (1 + fees.maker));
      cash -= size * fill * (1 + fees.maker);
      units += size;
      cost += size * fill;
      filled++;
    }
    if (units > 0) {
      const stop = (cost / units) * (1 - combo.stop_loss_pct);
      let exit = Number.NaN;
      if (low[t] <= stop) exit = Math.min(open[t], stop) * (1 - fees.slippage) * (1 - fees.taker);
      else if (high[t] >= center) exit = Math.max(open[t], center) * (1 - fees.maker);
      if (!Number.isNaN(exit)) {
        cash += units * exit;
        units = 0;
        cost = 0;
        filled = 0;
        trades++;
      }
    }
    const value = cash + units * close[t];
    const r = value / previous - 1;
    sum += r;
    squares += r * r;
    previous = value;
  }
  const count = n - combo.ma_period;
  const mean = sum / count;
  const std = Math.sqrt(Math.max(0, (squares - count * mean * mean) / (count - 1)));
  return { sharpe: std > 0 ? (mean / std) * Math.sqrt(525_600) : 0, netReturn: previous / initial - 1, trades };
}
