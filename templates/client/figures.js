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
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
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

  function paramsLabel(params) {
    return Object.keys(params).map(function (k) { return k + '=' + params[k]; }).join(' ');
  }

  /** The record window by window: the IS Sharpe of each window's choice next to what it then did OOS. */
  function windowsFigure(detail) {
    var windows = detail.windows;
    if (!windows.length) return emptyFigure('no walk-forward windows');
    var labels = windows.map(function (w) { return 'W' + (w.index + 1); });
    var hover = windows.map(function (w) {
      return paramsLabel(w.params) + '<br>IS t ' + w.is_t_stat.toFixed(2) + ', ' + w.regime + ', OOS return ' + (w.oos_return * 100).toFixed(1) + '%, ' + w.oos_trades + ' trades';
    });
    return {
      data: [
        { type: 'bar', name: 'IS Sharpe (chosen on)', x: labels, y: windows.map(function (w) { return w.is_sharpe; }), hovertext: hover, hoverinfo: 'x+y+text', textposition: 'none', marker: { color: THEME.muted } },
        { type: 'bar', name: 'OOS Sharpe (traded)', x: labels, y: windows.map(function (w) { return w.oos_sharpe; }), hovertext: hover, hoverinfo: 'x+y+text', textposition: 'none', marker: { color: windows.map(function (w) { return w.oos_sharpe >= 0 ? THEME.good : THEME.bad; }) } },
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

  /** Diagnostic: every combo's median IS Sharpe against its Sharpe over every OOS window; the proposed params starred. */
  function scatterFigure(detail) {
    var combos = detail.combos;
    if (!combos.length) return emptyFigure('no combos');
    var proposed = combos.filter(function (c) { return sameParams(c.params, detail.params); });
    var chosen = combos.filter(function (c) { return c.windows_chosen > 0 && !sameParams(c.params, detail.params); });
    var all = combos.map(function (c) { return c.is_sharpe; }).concat(combos.map(function (c) { return c.oos_sharpe; }));
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    var label = function (c) { return paramsLabel(c.params) + ' (chosen by ' + c.windows_chosen + ' windows)'; };
    var points = function (list, name, marker) {
      return { type: 'scatter', mode: 'markers', name: name, x: list.map(function (c) { return c.is_sharpe; }), y: list.map(function (c) { return c.oos_sharpe; }), text: list.map(label), marker: marker };
    };
    return {
      data: [
        { type: 'scatter', mode: 'lines', name: 'OOS = IS', x: [lo, hi], y: [lo, hi], line: { color: THEME.grid, dash: 'dot' }, hoverinfo: 'skip' },
        points(combos, 'combos', { color: THEME.accent, size: 6, opacity: 0.6 }),
        points(chosen, 'chosen by an earlier window', { color: THEME.text, size: 10, symbol: 'circle-open', line: { width: 2 } }),
        points(proposed, 'proposed (latest window)', { color: THEME.warn, size: 13, symbol: 'star' }),
      ],
      layout: baseLayout({ xaxis: axis({ title: { text: 'IS Sharpe (median over windows)' } }), yaxis: axis({ title: { text: 'OOS Sharpe (every window)' } }) }),
    };
  }

  function distributionFigure(detail) {
    var combos = detail.combos;
    if (!combos.length) return emptyFigure('no combos');
    var proposed = combos.filter(function (c) { return sameParams(c.params, detail.params); })[0];
    var shapes = proposed ? [{ type: 'line', xref: 'x', yref: 'paper', x0: proposed.oos_sharpe, x1: proposed.oos_sharpe, y0: 0, y1: 1, line: { color: THEME.warn, width: 2 } }] : [];
    var annotations = proposed ? [{ text: 'proposed', x: proposed.oos_sharpe, xref: 'x', xanchor: 'right', y: 1, yref: 'paper', yanchor: 'top', showarrow: false, font: { color: THEME.warn, size: 11 } }] : [];
    return {
      data: [{ type: 'histogram', name: 'combos', x: combos.map(function (c) { return c.oos_sharpe; }), marker: { color: THEME.accent }, nbinsx: 30 }],
      layout: baseLayout({ shapes: shapes, annotations: annotations, bargap: 0.05, xaxis: axis({ title: { text: 'OOS Sharpe' } }), yaxis: axis({ title: { text: 'combos' } }) }),
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

  function fixed(value, digits) { return typeof value === 'number' && isFinite(value) ? value.toFixed(digits) : '—'; }

  function logitCentres(histogram) {
    return histogram.counts.map(function (_, i) { return (histogram.edges[i] + histogram.edges[i + 1]) / 2; });
  }

  /** The candidate's CSCV logit histogram as bars, one per bin centred on it; counts add up to the splits. */
  function logitBars(overfitting) {
    var histogram = overfitting.logit_histogram;
    var widths = histogram.counts.map(function (_, i) { return histogram.edges[i + 1] - histogram.edges[i]; });
    return { type: 'bar', name: 'this strategy · PBO ' + fixed(overfitting.pbo, 2), x: logitCentres(histogram), y: histogram.counts.slice(), width: widths, marker: { color: THEME.accent }, opacity: 0.8, hovertemplate: 'logit %{x}: %{y} splits<extra>this strategy</extra>' };
  }

  /** The family's histogram as a step outline over the same bins, so both read at once. */
  function logitOutline(overfitting) {
    var histogram = overfitting.logit_histogram;
    return { type: 'scatter', mode: 'lines', name: 'family · PBO ' + fixed(overfitting.pbo, 2), x: logitCentres(histogram), y: histogram.counts.slice(), line: { color: THEME.warn, width: 2, shape: 'hvh' }, hovertemplate: 'logit %{x}: %{y} splits<extra>family</extra>' };
  }

  /** CSCV: where the IS winner of each split ranked OOS, as logits; the overfit side (logit <= 0) shaded. */
  function overfittingFigure(detail) {
    var own = detail.overfitting, family = detail.family && detail.family.overfitting;
    if (!own && !family) return emptyFigure('no CSCV: too few combos or bars to split');
    var data = [];
    if (own) data.push(logitBars(own));
    if (family) data.push(logitOutline(family));
    var splits = (own || family).splits;
    return {
      data: data,
      layout: baseLayout({
        bargap: 0,
        shapes: [
          { type: 'rect', xref: 'x', yref: 'paper', x0: -6, x1: 0, y0: 0, y1: 1, fillcolor: THEME.bad, opacity: 0.1, line: { width: 0 } },
          { type: 'line', xref: 'x', yref: 'paper', x0: 0, x1: 0, y0: 0, y1: 1, line: { color: THEME.bad, width: 1.5, dash: 'dash' } },
        ],
        annotations: [{ text: 'logit ≤ 0 = overfit', x: -0.15, xref: 'x', xanchor: 'right', y: 0.97, yref: 'paper', yanchor: 'top', showarrow: false, font: { color: THEME.bad, size: 11 } }],
        xaxis: axis({ title: { text: 'logit of the IS winner\'s OOS rank' }, range: [-6, 6] }),
        yaxis: axis({ title: { text: 'splits (of ' + splits + ')' } }),
      }),
    };
  }

  /** CSCV degradation: IS vs OOS per-bar Sharpe of each split's IS winner, the fitted line across them, P(loss). */
  function degradationFigure(detail) {
    var overfitting = detail.overfitting;
    if (!overfitting || !overfitting.degradation_points.is.length) return emptyFigure('no CSCV degradation to show');
    var points = overfitting.degradation_points, fit = overfitting.degradation;
    var lo = Math.min.apply(null, points.is), hi = Math.max.apply(null, points.is);
    var data = [{ type: 'scatter', mode: 'markers', name: 'IS winner of a split', x: points.is, y: points.oos, marker: { color: THEME.accent, size: 5, opacity: 0.5 } }];
    if (fit.slope !== null && fit.intercept !== null) {
      data.push({ type: 'scatter', mode: 'lines', name: 'fit: OOS = ' + fixed(fit.intercept, 3) + ' + ' + fixed(fit.slope, 2) + ' × IS', x: [lo, hi], y: [fit.intercept + fit.slope * lo, fit.intercept + fit.slope * hi], line: { color: THEME.warn, width: 2 } });
    }
    return {
      data: data,
      layout: baseLayout({
        shapes: [{ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: 0, y1: 0, line: { color: THEME.bad, width: 1, dash: 'dot' } }],
        annotations: [{ text: 'probability of loss ' + fixed(overfitting.probability_of_loss * 100, 0) + '%', x: 1, xref: 'paper', xanchor: 'right', y: 0, yref: 'paper', yanchor: 'bottom', showarrow: false, font: { color: THEME.bad, size: 11 } }],
        xaxis: axis({ title: { text: 'IS Sharpe (per bar)' } }),
        yaxis: axis({ title: { text: 'OOS Sharpe (per bar)' } }),
      }),
    };
  }

  var figures = {
    theme: THEME, emptyFigure: emptyFigure, drawdownSeries: drawdownSeries, equityFigure: equityFigure, windowsFigure: windowsFigure,
    heatmapFigure: heatmapFigure, scatterFigure: scatterFigure, distributionFigure: distributionFigure, candlesFigure: candlesFigure,
    overfittingFigure: overfittingFigure, degradationFigure: degradationFigure,
  };
  root.scalpFigures = figures;
})(typeof window !== 'undefined' ? window : globalThis);
