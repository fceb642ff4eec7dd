/* scalp dashboard: plotly figure builders, pure functions of one result detail -> {data, layout}.
   Plain ES2019, no build step, no external requests. The page (client/page.js) builds every chart with them from
   the lazily loaded detail data, so the HTML stays small; src/report/figures.ts loads this same file in node
   (one source of truth, unit-tested there). Concatenated with page.js into assets/dashboard.js. */
(function (root) {
  'use strict';

  var THEME = { paper: '#171a21', grid: '#2a2f3a', text: '#d7dce5', muted: '#8a93a5', good: '#3ecf8e', bad: '#f2555a', accent: '#4ea1ff', warn: '#f5a524' };

  function baseLayout(extra) {
    var layout = {
      paper_bgcolor: THEME.paper, plot_bgcolor: THEME.paper,
      font: { color: THEME.text, size: 12, family: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
      margin: { l: 48, r: 12, t: 10, b: 36 },
      xaxis: { gridcolor: THEME.grid, zerolinecolor: THEME.grid },
      yaxis: { gridcolor: THEME.grid, zerolinecolor: THEME.grid },
      legend: { orientation: 'h', x: 0, y: 1.12 },
      hovermode: 'closest',
    };
    for (var key in extra) if (Object.prototype.hasOwnProperty.call(extra, key)) layout[key] = extra[key];
    return layout;
  }

  function axis(extra) {
    var out = { gridcolor: THEME.grid, zerolinecolor: THEME.grid };
    for (var key in extra) if (Object.prototype.hasOwnProperty.call(extra, key)) out[key] = extra[key];
    return out;
  }

  /** A figure with no data and a centred message (plotly still draws it, so the box never looks broken). */
  function emptyFigure(message) {
    return {
      data: [],
      layout: baseLayout({
        xaxis: axis({ visible: false }), yaxis: axis({ visible: false }),
        annotations: [{ text: message, showarrow: false, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, font: { color: THEME.muted } }],
      }),
    };
  }

  /** Drawdown from the running peak: ratio (v / peak - 1) for a positive equity, difference otherwise. */
  function drawdownSeries(values) {
    var positive = values.every(function (v) { return v > 0; });
    var peak = -Infinity;
    return values.map(function (v) {
      peak = Math.max(peak, v);
      return positive ? (v / peak - 1) * 100 : v - peak;
    });
  }

  function equityFigure(detail) {
    var t = detail.equity.t, v = detail.equity.v;
    if (!t.length) return emptyFigure('no out-of-sample equity');
    return {
      data: [
        { type: 'scatter', mode: 'lines', name: 'equity', x: t, y: v, line: { color: THEME.accent, width: 1.5 } },
        { type: 'scatter', mode: 'lines', name: 'drawdown %', x: t, y: drawdownSeries(v), yaxis: 'y2', fill: 'tozeroy', line: { color: THEME.bad, width: 1 } },
      ],
      layout: baseLayout({
        xaxis: axis({ type: 'date', anchor: 'y2' }),
        yaxis: axis({ domain: [0.36, 1], title: { text: 'equity' } }),
        yaxis2: axis({ domain: [0, 0.28], title: { text: 'DD %' } }),
      }),
    };
  }

  function windowsFigure(detail) {
    var windows = detail.windows;
    if (!windows.length) return emptyFigure('no walk-forward windows');
    var labels = windows.map(function (w) { return 'W' + (w.index + 1); });
    var hover = windows.map(function (w) { return w.regime + ', OOS return ' + (w.oos_return * 100).toFixed(1) + '%, ' + w.oos_trades + ' trades'; });
    return {
      data: [
        { type: 'bar', name: 'IS Sharpe', x: labels, y: windows.map(function (w) { return w.is_sharpe; }), marker: { color: THEME.muted } },
        { type: 'bar', name: 'OOS Sharpe', x: labels, y: windows.map(function (w) { return w.oos_sharpe; }), hovertext: hover, hoverinfo: 'x+y+text', textposition: 'none', marker: { color: windows.map(function (w) { return w.oos_sharpe >= 0 ? THEME.good : THEME.bad; }) } },
      ],
      layout: baseLayout({ barmode: 'group', xaxis: axis({ type: 'category' }) }),
    };
  }

  function compareValues(a, b) {
    return typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }

  function distinctSorted(values) {
    var seen = {}, out = [];
    values.forEach(function (v) { var k = typeof v + ':' + String(v); if (!seen[k]) { seen[k] = true; out.push(v); } });
    return out.sort(compareValues);
  }

  /** Mean of `metric` over the combos in each (x, y) cell; cells without a combo stay null. */
  function heatmapFigure(detail, xName, yName, metric) {
    var combos = detail.combos;
    if (!combos.length || !xName) return emptyFigure('no combos to map');
    var single = !yName || yName === xName;
    var xs = distinctSorted(combos.map(function (c) { return c.params[xName]; }));
    var ys = single ? ['all'] : distinctSorted(combos.map(function (c) { return c.params[yName]; }));
    var sums = ys.map(function () { return xs.map(function () { return 0; }); });
    var counts = ys.map(function () { return xs.map(function () { return 0; }); });
    var xIndex = {}, yIndex = {};
    xs.forEach(function (v, i) { xIndex[typeof v + ':' + String(v)] = i; });
    ys.forEach(function (v, i) { yIndex[typeof v + ':' + String(v)] = i; });
    combos.forEach(function (c) {
      var value = c[metric];
      if (typeof value !== 'number' || !isFinite(value)) return;
      var xv = c.params[xName], yv = single ? 'all' : c.params[yName];
      var i = yIndex[typeof yv + ':' + String(yv)], j = xIndex[typeof xv + ':' + String(xv)];
      sums[i][j] += value; counts[i][j] += 1;
    });
    var z = sums.map(function (row, i) { return row.map(function (s, j) { return counts[i][j] ? s / counts[i][j] : null; }); });
    return {
      data: [{ type: 'heatmap', x: xs.map(String), y: ys.map(String), z: z, colorscale: 'Viridis', hoverongaps: false, colorbar: { thickness: 10, outlinewidth: 0 } }],
      layout: baseLayout({
        xaxis: axis({ type: 'category', title: { text: xName } }),
        yaxis: axis({ type: 'category', title: { text: single ? '' : yName } }),
        margin: { l: 56, r: 12, t: 10, b: 44 },
      }),
    };
  }

  function sameParams(a, b) {
    var keys = Object.keys(b);
    return keys.length === Object.keys(a).length && keys.every(function (k) { return a[k] === b[k]; });
  }

  function scatterFigure(detail) {
    var combos = detail.combos;
    if (!combos.length) return emptyFigure('no combos');
    var best = combos.filter(function (c) { return sameParams(c.params, detail.params); });
    var all = combos.map(function (c) { return c.is_sharpe; }).concat(combos.map(function (c) { return c.oos_sharpe; }));
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    var label = function (c) { return Object.keys(c.params).map(function (k) { return k + '=' + c.params[k]; }).join(' '); };
    return {
      data: [
        { type: 'scatter', mode: 'lines', name: 'OOS = IS', x: [lo, hi], y: [lo, hi], line: { color: THEME.grid, dash: 'dot' }, hoverinfo: 'skip' },
        { type: 'scatter', mode: 'markers', name: 'combos', x: combos.map(function (c) { return c.is_sharpe; }), y: combos.map(function (c) { return c.oos_sharpe; }), text: combos.map(label), marker: { color: THEME.accent, size: 6, opacity: 0.6 } },
        { type: 'scatter', mode: 'markers', name: 'chosen', x: best.map(function (c) { return c.is_sharpe; }), y: best.map(function (c) { return c.oos_sharpe; }), text: best.map(label), marker: { color: THEME.warn, size: 13, symbol: 'star' } },
      ],
      layout: baseLayout({ xaxis: axis({ title: { text: 'IS Sharpe' } }), yaxis: axis({ title: { text: 'OOS Sharpe' } }) }),
    };
  }

  function distributionFigure(detail) {
    var combos = detail.combos;
    if (!combos.length) return emptyFigure('no combos');
    var best = combos.filter(function (c) { return sameParams(c.params, detail.params); })[0];
    var shapes = best ? [{ type: 'line', xref: 'x', yref: 'paper', x0: best.oos_sharpe, x1: best.oos_sharpe, y0: 0, y1: 1, line: { color: THEME.warn, width: 2 } }] : [];
    return {
      data: [{ type: 'histogram', name: 'combos', x: combos.map(function (c) { return c.oos_sharpe; }), marker: { color: THEME.accent }, nbinsx: 30 }],
      layout: baseLayout({ shapes: shapes, bargap: 0.05, xaxis: axis({ title: { text: 'OOS Sharpe' } }), yaxis: axis({ title: { text: 'combos' } }) }),
    };
  }

  function candlesFigure(detail) {
    var candles = detail.last_window.candles, trades = detail.last_window.trades;
    if (!candles.t.length) return emptyFigure('no candles for the last window');
    var entries = function (side) { return trades.filter(function (t) { return t.side === side; }); };
    var longs = entries('long'), shorts = entries('short');
    var pick = function (list, key) { return list.map(function (t) { return t[key]; }); };
    var tradeText = function (t) { return t.side + ' ' + (t.return * 100).toFixed(2) + '% (' + t.reason + ')'; };
    return {
      data: [
        { type: 'candlestick', name: 'price', x: candles.t, open: candles.o, high: candles.h, low: candles.l, close: candles.c, increasing: { line: { color: THEME.good } }, decreasing: { line: { color: THEME.bad } } },
        { type: 'scatter', mode: 'markers', name: 'long entry', x: pick(longs, 'entry_time'), y: pick(longs, 'entry_price'), text: longs.map(tradeText), marker: { symbol: 'triangle-up', size: 11, color: THEME.good, line: { color: '#fff', width: 1 } } },
        { type: 'scatter', mode: 'markers', name: 'short entry', x: pick(shorts, 'entry_time'), y: pick(shorts, 'entry_price'), text: shorts.map(tradeText), marker: { symbol: 'triangle-down', size: 11, color: THEME.bad, line: { color: '#fff', width: 1 } } },
        { type: 'scatter', mode: 'markers', name: 'exit', x: pick(trades, 'exit_time'), y: pick(trades, 'exit_price'), text: trades.map(tradeText), marker: { symbol: 'x', size: 9, color: trades.map(function (t) { return t.pnl >= 0 ? THEME.good : THEME.bad; }) } },
      ],
      layout: baseLayout({ xaxis: axis({ type: 'date', rangeslider: { visible: false } }), yaxis: axis({ title: { text: 'price' } }) }),
    };
  }

  var figures = {
    theme: THEME, emptyFigure: emptyFigure, drawdownSeries: drawdownSeries, equityFigure: equityFigure, windowsFigure: windowsFigure,
    heatmapFigure: heatmapFigure, scatterFigure: scatterFigure, distributionFigure: distributionFigure, candlesFigure: candlesFigure,
  };
  root.scalpFigures = figures;
})(typeof window !== 'undefined' ? window : globalThis);
