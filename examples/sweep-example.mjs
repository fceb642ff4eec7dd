// A parameter sweep for a notebook: every combo of donchian_breakout's entry x exit periods over real candles on
// the worker pool, printed as a Sharpe table and written as a plotly heatmap (sweep-heatmap.html).
// A sweep ranks combos on the same bars it reports: it is exploration, not evidence (`scalp backtest` grades honestly).
// Run it after `npm install`:  node examples/sweep-example.mjs [candles.csv] [out.html]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createSweepPool, readCandlesCsv, sweep } from 'scalp';

const file = process.argv[2] ?? '../shared/data/ohlcv/BTCUSDT/1h.csv';
const out = process.argv[3] ?? 'sweep-heatmap.html';
const candles = readCandlesCsv(file);
const grid = { entry_period: [10, 20, 40, 60, 80], exit_period: [5, 10, 20, 30] };
const fees = { taker: 0.001, maker: 0.0002 };

// One pool for every sweep of the session; close it so the script exits.
const pool = createSweepPool({ workers: 2 });
let rows;
try {
  rows = await sweep(candles, 'donchian_breakout', grid, { pool, timeframe: '1h', fees, slippage: 0.0005, metric: 'sharpe' });
} finally {
  await pool.destroy();
}

// Rows come in grid order (the last parameter varies fastest): entry_period i, exit_period j is row i x 4 + j.
const sharpe = grid.entry_period.map((_, i) => grid.exit_period.map((_, j) => rows[i * grid.exit_period.length + j].sharpe));
console.log(`entry \\ exit ${grid.exit_period.map((p) => String(p).padStart(7)).join('')}`);
grid.entry_period.forEach((entry, i) => console.log(`${String(entry).padStart(12)} ${sharpe[i].map((s) => s.toFixed(2).padStart(7)).join('')}`));
const best = rows.find((row) => row.rank === 1);
console.log(`best by Sharpe: ${JSON.stringify({ entry_period: best.params.entry_period, exit_period: best.params.exit_period })} Sharpe ${best.sharpe.toFixed(2)}, ${best.trades} trades, net ${(best.net_return * 100).toFixed(1)}%, max drawdown ${(best.mdd * 100).toFixed(1)}%`);

// The heatmap: plotly from the package's own dependency, inlined so the page opens offline.
const plotly = createRequire(import.meta.url).resolve('plotly.js-dist-min');
const figure = {
  data: [{ type: 'heatmap', z: sharpe, x: grid.exit_period.map(String), y: grid.entry_period.map(String), colorscale: 'RdBu', zmid: 0 }],
  layout: { title: 'donchian_breakout annualised Sharpe (in-sample sweep)', xaxis: { title: 'exit_period' }, yaxis: { title: 'entry_period' } },
};
writeFileSync(out, `<!doctype html><meta charset="utf-8"><div id="plot"></div><script>${readFileSync(plotly, 'utf8')}</script>
<script>Plotly.newPlot('plot', ${JSON.stringify(figure.data)}, ${JSON.stringify(figure.layout)});</script>`);
console.log(`heatmap written to ${out}`);
