/* scalp dashboard page: sorting, filtering, lazy detail loading (script tags: works over HTTP and file://) and
   chart drawing with window.scalpFigures. Data arrives only through textContent/DOM APIs, never innerHTML. */
(function (root) {
  'use strict';
  var doc = root.document;
  var configElement = doc.getElementById('scalp-config');
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent || '{}');
  var figures = root.scalpFigures;
  var detailText = root.scalpDetailText;
  var details = {};
  var waiting = {};
  var plotlyPromise = null;
  var current = null;

  function byId(id) { return doc.getElementById(id); }
  function versioned(src) { return src + (config.detailVersion ? '?v=' + encodeURIComponent(config.detailVersion) : ''); }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement('script');
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { script.remove(); reject(new Error('cannot load ' + src)); };
      doc.head.appendChild(script);
    });
  }

  function loadPlotly() {
    if (root.Plotly) return Promise.resolve(root.Plotly);
    if (!plotlyPromise) plotlyPromise = loadScript(config.plotlySrc).then(function () { return root.Plotly; });
    return plotlyPromise;
  }

  /* Detail scripts call this: window.scalpDetail(id, payload). */
  root.scalpDetail = function (id, payload) {
    details[id] = payload;
    if (waiting[id]) { waiting[id].forEach(function (resolve) { resolve(payload); }); delete waiting[id]; }
  };

  function loadDetail(id, src) {
    if (details[id]) return Promise.resolve(details[id]);
    return new Promise(function (resolve, reject) {
      (waiting[id] = waiting[id] || []).push(resolve);
      loadScript(versioned(src)).catch(reject);
    });
  }

  /* ---- results table: sort and filter ---- */
  var table = byId('results-table');
  function sortBy(th) {
    var tbody = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var text = th.querySelector('button').getAttribute('data-type') === 'text';
    var descending = th.getAttribute('aria-sort') === 'none' ? !text : th.getAttribute('aria-sort') === 'ascending';
    Array.prototype.forEach.call(th.parentNode.children, function (other) { other.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    var rows = Array.prototype.slice.call(tbody.rows).map(function (row, position) {
      var raw = row.cells[index].getAttribute('data-sort') || '';
      return { row: row, raw: raw, value: text ? raw.toLowerCase() : raw === '' ? null : Number(raw), position: position };
    });
    rows.sort(function (a, b) {
      if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? a.position - b.position : 1) : -1;
      var order = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return (descending ? -order : order) || a.position - b.position;
    });
    var fragment = doc.createDocumentFragment();
    rows.forEach(function (entry) { fragment.appendChild(entry.row); });
    tbody.appendChild(fragment);
  }

  function applyFilters() {
    var form = byId('result-filters');
    var wanted = {};
    Array.prototype.forEach.call(form.querySelectorAll('[data-filter]'), function (input) { wanted[input.getAttribute('data-filter')] = input.value.trim().toLowerCase(); });
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = ['grade', 'pair', 'tf', 'strategy'].every(function (key) { return !wanted[key] || row.getAttribute('data-' + key).toLowerCase() === wanted[key]; });
      if (ok && wanted.search) ok = row.getAttribute('data-search').indexOf(wanted.search) >= 0;
      row.hidden = !ok;
      if (ok) shown++;
    }
    byId('result-count').textContent = shown + ' of ' + rows.length + ' shown';
  }

  /* ---- detail ---- */
  function fillAxisSelect(select, names, chosen) {
    select.textContent = '';
    names.forEach(function (name) { var option = doc.createElement('option'); option.value = name; option.textContent = name; select.appendChild(option); });
    select.value = chosen;
  }

  var plotConfig = { responsive: true, displaylogo: false, displayModeBar: false };
  function draw(Plotly, id, figure) { return Plotly.react(byId(id), figure.data, figure.layout, plotConfig); }

  function drawHeatmap(Plotly) {
    if (!current || !current.detail) return;
    var figure = figures.heatmapFigure(current.detail, byId('heatmap-x').value, byId('heatmap-y').value, byId('heatmap-metric').value);
    return draw(Plotly, 'chart-heatmap', figure);
  }

  function drawDetail(Plotly, payload) {
    var detail = payload.detail;
    var names = detail.param_names || [];
    fillAxisSelect(byId('heatmap-x'), names, names[0] || '');
    fillAxisSelect(byId('heatmap-y'), names, names[1] || names[0] || '');
    return Promise.all([
      draw(Plotly, 'chart-equity', figures.equityFigure(detail)),
      draw(Plotly, 'chart-windows', figures.windowsFigure(detail)),
      draw(Plotly, 'chart-overfitting', figures.overfittingFigure(detail)),
      draw(Plotly, 'chart-degradation', figures.degradationFigure(detail)),
      drawHeatmap(Plotly),
      draw(Plotly, 'chart-scatter', figures.scatterFigure(detail)),
      draw(Plotly, 'chart-distribution', figures.distributionFigure(detail)),
      draw(Plotly, 'chart-candles', figures.candlesFigure(detail)),
    ]);
  }

  function openResult(row) {
    var id = row.getAttribute('data-id');
    var status = byId('detail-status');
    Array.prototype.forEach.call(table.querySelectorAll('tr.selected'), function (other) { other.classList.remove('selected'); });
    row.classList.add('selected');
    status.hidden = false;
    status.textContent = 'Loading ' + row.getAttribute('data-pair') + ' ' + row.getAttribute('data-tf') + ' ' + row.getAttribute('data-strategy') + '…';
    byId('detail').scrollIntoView({ block: 'start' });
    Promise.all([loadDetail(id, row.getAttribute('data-detail')), loadPlotly()]).then(function (loaded) {
      var payload = loaded[0];
      current = payload;
      detailText.fillExtras(payload.extras);
      if (payload.error) {
        status.textContent = payload.error;
        byId('detail-body').hidden = true;
        return;
      }
      detailText.fillView(payload.view);
      byId('detail-body').hidden = false;
      status.hidden = true;
      if (root.history && root.history.replaceState) root.history.replaceState(null, '', '#result=' + encodeURIComponent(id));
      return drawDetail(loaded[1], payload);
    }).catch(function (error) {
      status.textContent = 'Could not load this detail (' + error.message + '): run `scalp render` again.';
    });
  }

  function start() {
    if (table) {
      Array.prototype.forEach.call(table.tHead.querySelectorAll('button.sort'), function (button) {
        button.addEventListener('click', function () { sortBy(button.parentNode); });
      });
      var form = byId('result-filters');
      form.addEventListener('submit', function (event) { event.preventDefault(); });
      form.addEventListener('input', applyFilters);
      form.addEventListener('change', applyFilters);
      applyFilters();
      table.tBodies[0].addEventListener('click', function (event) {
        var row = event.target.closest('tr.result');
        if (row) openResult(row);
      });
      table.tBodies[0].addEventListener('keydown', function (event) {
        var row = event.target.closest('tr.result');
        if (row && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); openResult(row); }
      });
      ['heatmap-x', 'heatmap-y', 'heatmap-metric'].forEach(function (id) {
        byId(id).addEventListener('change', function () { loadPlotly().then(drawHeatmap); });
      });
      var match = /^#result=(.+)$/.exec(root.location.hash);
      if (match) {
        var wanted = decodeURIComponent(match[1]);
        var row = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return r.getAttribute('data-id') === wanted; })[0];
        if (row) openResult(row);
      }
    }
  }
  start();
})(window);
