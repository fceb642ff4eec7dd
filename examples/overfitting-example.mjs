// Honest selection in a notebook-sized script: how overfit is picking the best combo of a grid (CSCV PBO), how
// much history that many trials need (MinBTL), and the walk-forward record of the same grid graded as a family.
// Run it after `npm install`:  node examples/overfitting-example.mjs [candles.csv]
import {
  barReturns, barsPerYear, defaultBacktestConfig, gradeFamily, minBacktestLength, probabilityOfBacktestOverfitting,
  readCandlesCsv, researchCandidate, returnMoments, runStrategy,
} from 'scalp';

const file = process.argv[2] ?? '../shared/data/ohlcv/BTCUSDT/1h.csv';
const candles = readCandlesCsv(file);
const grid = { period: [14, 20, 30, 40], mult: [1.5, 2, 2.5, 3] };
const fees = { taker: 0.001, maker: 0.0002, slippage: 0.0005 };

// 1. Every combo of the grid over the whole history: one per-bar return series per trial.
const trials = grid.period.flatMap((period) => grid.mult.map((mult) => ({ period, mult })));
const returns = trials.map((params) => barReturns(runStrategy(candles, 'bollinger_mr', params, { timeframe: '1h', fees }).equity));
const sharpes = returns.map((series) => returnMoments(series).sharpe * Math.sqrt(barsPerYear('1h')));
const best = Math.max(...sharpes);

// 2. CSCV: choose the best trial on half of 16 blocks, see where it ranks on the other half, 12,870 times. A low
//    PBO says the ranking holds out of sample, not that the chosen trial makes money: read probabilityOfLoss too.
const { pbo, probabilityOfLoss, degradation } = probabilityOfBacktestOverfitting({ returns, partitions: 16 });
console.log(`${trials.length} combos, best annualised Sharpe ${best.toFixed(2)}`);
console.log(`probability of backtest overfitting ${pbo.toFixed(3)}, probability of loss ${probabilityOfLoss.toFixed(3)}, degradation slope ${degradation.slope.toFixed(3)}`);

// 3. MinBTL: the years of data needed before the best of that many no-edge trials stops reaching that Sharpe by luck.
const years = (candles.timestamp[candles.timestamp.length - 1] - candles.timestamp[0]) / (365 * 86_400_000);
if (best > 0) console.log(`minimum backtest length ${minBacktestLength({ trials: trials.length, sharpe: best }).toFixed(2)} years; history ${years.toFixed(2)} years`);

// 4. The honest way: walk forward (each window chooses on its in-sample bars only), grade the stitched OOS record.
const config = defaultBacktestConfig();
const evidence = await researchCandidate(candles, { pair: 'BTC/USDT', tf: '1h', strategyId: 'bollinger_mr', grid, config, fees });
const [graded] = gradeFamily([evidence], { config });
const { row } = graded;
console.log(`walk-forward record: grade ${row.grade} (score ${row.score.toFixed(1)}), ${row.trades} OOS trades, net ${(row.oos.net_return * 100).toFixed(1)}%, edge t ${row.edge_t_stat?.toFixed(2) ?? 'n/a'}, DSR ${row.dsr?.toFixed(3) ?? 'n/a'}`);
console.log(`proposed params (latest window's in-sample choice): ${JSON.stringify(row.params)}`);
