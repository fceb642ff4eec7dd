/* scalp dashboard: fills the text parts of a result detail (title, record facts, walk-forward table, family box,
   grade breakdown, stamp) from strings formatted in node (src/report/_result-extras.ts, _detail-view.ts).
   Data arrives only through textContent and DOM APIs, never innerHTML. Concatenated before page.js. */
(function (root) {
  'use strict';
  var doc = root.document;

  function byId(id) { return doc.getElementById(id); }

  function element(tag, text, className) {
    var node = doc.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /** The small "?" link to a glossary entry; nothing when the entry is unknown (''). */
  function appendHelp(parent, glossaryId, label) {
    if (!glossaryId) return;
    var link = element('a', '?', 'help');
    link.href = '#g-' + glossaryId;
    link.setAttribute('aria-label', label + ' explained');
    parent.appendChild(doc.createTextNode(' '));
    parent.appendChild(link);
  }

  function fillList(list, items) {
    list.textContent = '';
    items.forEach(function (item) { list.appendChild(element('li', item)); });
  }

  /** facts: [{label, value, glossaryId, tone}] as dt/dd pairs. */
  function fillFacts(list, facts) {
    list.textContent = '';
    facts.forEach(function (fact) {
      var term = element('dt', fact.label);
      appendHelp(term, fact.glossaryId, fact.label);
      list.appendChild(term);
      list.appendChild(element('dd', fact.value, fact.tone));
    });
  }

  /** rows: arrays of {text, tone}, one td per cell. */
  function fillRows(body, rows) {
    body.textContent = '';
    rows.forEach(function (cells) {
      var row = doc.createElement('tr');
      cells.forEach(function (cell) { row.appendChild(element('td', cell.text, cell.tone)); });
      body.appendChild(row);
    });
  }

  function fillComparisons(body, comparisons) {
    body.textContent = '';
    comparisons.forEach(function (item) {
      var row = doc.createElement('tr');
      var heading = element('th', item.label);
      heading.scope = 'row';
      appendHelp(heading, item.glossaryId, item.label);
      row.appendChild(heading);
      row.appendChild(element('td', item.family, 'num'));
      row.appendChild(element('td', item.alone, 'num'));
      body.appendChild(row);
    });
  }

  function fillBreakdown(body, breakdown) {
    body.textContent = '';
    breakdown.forEach(function (item) {
      var row = doc.createElement('tr');
      var criterion = element('td', item.criterion);
      appendHelp(criterion, item.glossaryId, item.criterion);
      row.appendChild(criterion);
      [item.value, item.points, item.threshold].forEach(function (value) { row.appendChild(element('td', value)); });
      row.appendChild(element('td', item.met, item.met));
      body.appendChild(row);
    });
  }

  function fillStamp(list, stamp) {
    list.textContent = '';
    stamp.forEach(function (entry) {
      list.appendChild(element('dt', entry.label));
      list.appendChild(element('dd', entry.value));
    });
  }

  /** What the summary row tells (shown even when the detail file is missing). */
  function fillExtras(extras) {
    byId('detail-title').textContent = extras.title;
    byId('detail-params').textContent = extras.params;
    fillList(byId('detail-warnings'), extras.warnings.map(function (w) { return '⚠ ' + w; }));
    fillFacts(byId('detail-record'), extras.record);
    fillBreakdown(byId('detail-breakdown'), extras.breakdown);
    byId('detail-total').textContent = extras.totalPoints;
    fillList(byId('detail-caps'), extras.caps.map(function (c) { return 'cap: ' + c; }));
    fillStamp(byId('detail-stamp'), extras.stamp);
  }

  /** What the detail file tells: the walk-forward record and the family. */
  function fillView(view) {
    fillRows(byId('detail-windows'), view.walkForward);
    fillFacts(byId('detail-family-facts'), view.family.facts);
    fillComparisons(byId('detail-family'), view.family.comparisons);
  }

  root.scalpDetailText = { fillExtras: fillExtras, fillView: fillView };
})(window);
