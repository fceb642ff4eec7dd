// The library API in a notebook-sized script: indicators, a hand-made signal backtest, a library strategy and
// the Deflated Sharpe Ratio. Run it after `npm install`:  node examples/library-example.mjs [candles.csv]
import { backtest, barReturns, deflatedSharpe, indicators, readCandlesCsv, returnMoments, runStrategy } from 'scalp';

const file = process.argv[2] ?? '../shared/data/ohlcv/BTCUSDT/1h.csv';
const candles = readCandlesCsv(file); // {timestamp, open, high, low, close, volume} as Float64Array columns

// 1. Indicators: pure functions over Float64Array, NaN until warm (TA-Lib conventions).
const fast = indicators.ema(candles.close, 12);
const slow = indicators.ema(candles.close, 26);

// 2. Signals on each bar's close; the engine fills them at the next bar's open (no lookahead).
const n = candles.close.length;
const enterLong = new Uint8Array(n);
const exitLong = new Uint8Array(n);
for (let i = 1; i < n; i++) {
  const above = fast[i] > slow[i];
  const wasAbove = fast[i - 1] > slow[i - 1];
  if (above && !wasAbove) enterLong[i] = 1;
  if (!above && wasAbove) exitLong[i] = 1;
}
const cross = backtest(candles, { enterLong, exitLong }, { timeframe: '1h', fees: { taker: 0.001, slippage: 0.0005 } });
console.log('EMA 12/26 cross:', summary(cross.metrics));

// 3. A strategy of the library, by id, with its params (missing ones take the defaults).
const meanReversion = runStrategy(candles, 'bollinger_mr', { period: 20, mult: 2.5 }, { timeframe: '1h', fees: { taker: 0.001, maker: 0.0002 } });
console.log('bollinger_mr:', summary(meanReversion.metrics));

// 4. Was the better of the two just luck? The Deflated Sharpe Ratio takes the PER-BAR Sharpe, the skewness and
//    the raw kurtosis of the per-bar returns, and the number of trials (here 2) with their Sharpe variance.
const moments = [cross, meanReversion].map((result) => returnMoments(barReturns(result.equity)));
const trialSharpes = moments.map((m) => m.sharpe);
const best = trialSharpes[0] >= trialSharpes[1] ? moments[0] : moments[1];
const mean = (trialSharpes[0] + trialSharpes[1]) / 2;
const { dsr } = deflatedSharpe({
  sr: Math.max(...trialSharpes), observations: n - 1, skewness: best.skewness, kurtosis: best.kurtosis,
  trials: 2, trialSharpeVariance: trialSharpes.reduce((sum, s) => sum + (s - mean) ** 2, 0),
});
console.log(`deflated Sharpe of the better one: ${dsr.toFixed(3)} (probability its true Sharpe is above zero after 2 trials)`);

function summary(m) {
  return `${m.trades} trades, net ${(m.netReturn * 100).toFixed(1)}%, Sharpe ${m.sharpe.toFixed(2)}, max drawdown ${(m.maxDrawdown * 100).toFixed(1)}%`;
}
