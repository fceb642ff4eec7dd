import { describe, expect, it } from 'vitest';
import { buildViewModel } from '../../src/report/index.js';
import { FIXTURE_NOW, readFixtureInputs } from './dashboard-fixture.js';

describe('buildViewModel', () => {
  const model = buildViewModel(readFixtureInputs());

  it('summarises the header: last cycle, exchange, risk mode, state counts, simulated flag', () => {
    expect(model.header).toMatchObject({ exchange: 'binance', riskMode: 'balanced', simulated: true });
    expect(model.header.lastCycle).toEqual({ time: '2025-06-01 11:06 UTC', age: '53m ago', status: 'partial', statusClass: 'status-partial' });
    expect(model.header.stateCounts.map((entry) => `${entry.state}:${entry.count}`)).toEqual(['OK:1', 'DAT:8', 'OLD:1', 'MIS:2']);
    expect(model.header.links.map((link) => link.href)).toContain('#glossary');
  });

  it('lays the watchlist out as pair rows by timeframe columns with ages and strategies', () => {
    expect(model.watchlist.tfs).toEqual(['1m', '5m', '15m', '1h']);
    expect(model.watchlist.rows.map((row) => row.pair)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    const btc5m = model.watchlist.rows[0].cells[1];
    expect(btc5m).toEqual({ tf: '5m', state: 'OK', stateClass: 'state-ok', age: '5m ago', strategy: 'ema_cross', expires: 'in 23h 05m', simulated: false });
    expect(model.watchlist.rows[2].cells[0]).toMatchObject({ state: 'MIS', age: '—' });
  });

  it('shows active strategies with key params and time to expiry, marking expired ones', () => {
    expect(model.active.rows.map((row) => [row.pair, row.params, row.grade, row.score, row.expiresIn, row.expired])).toEqual([
      ['BTC/USDT', 'fast=9 · slow=21', 'A', '92', 'in 23h 05m', false],
      ['ETH/USDT', 'period=20 · width=2.5', 'B', '83', 'expired 2h 55m ago', true],
    ]);
  });

  const cellsOf = (id: string) => Object.fromEntries(model.results.rows.find((row) => row.id === id)!.cells.map((cell) => [cell.key, cell]));

  it('formats every results cell for display and keeps raw values for sorting', () => {
    expect(model.results.columns.map((column) => column.key)).toEqual([
      'grade', 'score', 'edge_t_stat', 'pf', 'mdd', 'sharpe', 'trades', 'dsr', 'mc_pvalue', 'pbo', 'consistency',
    ]);
    const first = model.results.rows[0];
    expect(first.id).toBe('BTCUSDT-5m-ema_cross');
    const cells = cellsOf(first.id);
    expect(cells.sharpe).toEqual({ key: 'sharpe', text: '2.31', sort: '2.31', tone: '', note: '' });
    expect([cells.edge_t_stat.text, cells.dsr.text, cells.mc_pvalue.text, cells.pbo.text, cells.pbo.sort, cells.consistency.text]).toEqual([
      '3.40', '0.99', '0.017', '0.10', '0.09705', '89%',
    ]);
    expect(cells.grade.tone).toBe('grade grade-A');
    expect(cells.mdd.text).toMatch(/^\d+\.\d%$/);
  });

  it('mutes the Sharpe of a record under 30 trades and says why', () => {
    const thin = cellsOf('XRPUSDT-5m-ema_cross');
    expect(thin.sharpe).toEqual({ key: 'sharpe', text: '13.40', sort: '13.4', tone: 'thin', note: 'fewer than 30 trades: this annualised Sharpe is noise' });
    expect(thin.trades.tone).toBe('neg');
    expect(model.results.thinNote).toBe('* fewer than 30 trades: this annualised Sharpe is noise');
    expect(model.results.rows.filter((row) => row.cells.some((cell) => cell.note !== '')).map((row) => row.id)).toEqual(['XRPUSDT-5m-ema_cross']);
  });

  it('reads a lossless record as "no losses" and sorts it above every profit factor', () => {
    const lossless = cellsOf('XRPUSDT-5m-ema_cross').pf;
    expect([lossless.text, lossless.sort, lossless.tone]).toEqual(['no losses', '1e308', '']);
    expect([cellsOf('XSS-5m-hostile_names').pf.text, cellsOf('XSS-5m-hostile_names').pf.tone]).toEqual(['0.90', 'neg']);
  });

  it('shows missing statistics as dashes that sort last', () => {
    const missing = cellsOf('XSS-5m-hostile_names');
    for (const key of ['edge_t_stat', 'dsr', 'mc_pvalue', 'pbo', 'consistency']) expect([missing[key].text, missing[key].sort]).toEqual(['—', '']);
  });

  it('offers filter choices and ships the grade breakdown, record and stamp with each detail', () => {
    expect(model.results.filters.grades).toEqual(['A', 'B', 'C', 'D', 'F']);
    expect(model.results.filters.tfs).toEqual(['1m', '5m', '15m', '1h']);
    const detail = model.results.rows[0].detail;
    expect(detail.breakdown.map((item) => item.criterion)).toEqual([
      'Edge t-stat', 'Consistency', 'OOS / IS Sharpe', 'Deflated Sharpe (family)', 'Monte Carlo p (family)', 'PBO (this strategy)', 'Stability', 'Cost stress',
    ]);
    expect(detail.breakdown[0]).toEqual({ criterion: 'Edge t-stat', glossaryId: 'edge_t', value: '3.400', points: '18.5 / 20.0', threshold: 'pass >= 2 (0 points at 0, full at 3)', met: 'met' });
    expect(detail.breakdown[4].value).toBe('0.017');
    expect(detail.record.map((fact) => `${fact.label}: ${fact.value}`)).toEqual(['OOS net return: +27.7%', 'Win rate: 52%', 'Exposure: 25%', 'Sortino: 3.00']);
    expect(detail.stamp.map((entry) => entry.label)).toEqual(['data hash', 'config hash', 'code version', 'seed', 'params', 'combos tested', 'walk-forward windows']);
    expect(model.results.rows.find((row) => row.grade === 'C')!.detail.caps).toEqual(['fewer than 50 trades: capped at B']);
  });

  it('colours the heatmap by what a combo did, never by a score that could have chosen it', () => {
    expect(model.client.comboMetrics.map((metric) => metric.key)).toEqual(['oos_sharpe', 'is_sharpe', 'oos_return', 'oos_trades', 'windows_chosen']);
  });

  it('lists promotions and cycles newest first with reasons and errors', () => {
    const [latest] = model.activity.promotions;
    expect(latest.summary).toBe('1 added · 1 replaced · 1 expired · 1 kept · 2 rejected');
    expect(latest.items.find((item) => item.kind === 'replaced')!.text).toBe('BTC/USDT 1h sma_cross C (70) → BTC/USDT 1h donchian_break B (81)');
    expect(latest.items.find((item) => item.kind === 'rejected')!.reasons).toContain('only 12 OOS trades (minimum 30)');
    expect(model.activity.cycles[0]).toMatchObject({ id: 'c-0002', status: 'partial', duration: '6m' });
    expect(model.activity.cycles[0].errors).toContain('backtest: DOGE/USDT 1m ema_cross: worker crashed: out of memory');
  });

  it('is pure: the same inputs give the same model', () => {
    expect(buildViewModel(readFixtureInputs())).toEqual(model);
    expect(readFixtureInputs().generatedAt).toBe(FIXTURE_NOW);
  });

  it('glossary covers every results column, grade criterion and record fact', () => {
    const ids = new Set(model.glossary.map((entry) => entry.id));
    for (const column of model.results.columns) expect(ids).toContain(column.glossaryId);
    for (const row of model.results.rows) {
      for (const item of [...row.detail.breakdown, ...row.detail.record]) expect(ids).toContain(item.glossaryId);
    }
  });
});

describe('SIMULATED labels per result and per series', () => {
  const inputs = readFixtureInputs();
  const summary = inputs.summary!;

  it('marks every row and says so plainly when all the data is simulated', () => {
    const model = buildViewModel(inputs);
    expect(model.results.rows.every((row) => row.simulated)).toBe(true);
    expect(model.header.simulatedText).toBe('SIMULATED DATA — candles come from the built-in simulator, not a real exchange');
  });

  it('marks only the simulated rows of a mixed store and counts them in the banner', () => {
    const rows = summary.rows.map((row, i) => ({ ...row, simulated: i === 0 }));
    const statusRows = inputs.statusRows.map((row, i) => ({ ...row, simulated: i < 2 }));
    const model = buildViewModel({ ...inputs, simulated: true, summary: { ...summary, simulated: true, rows }, statusRows });
    const byId = Object.fromEntries(model.results.rows.map((row) => [row.id, row.simulated]));
    expect(byId).toEqual(Object.fromEntries(rows.map((row) => [row.id, row.simulated])));
    expect(model.watchlist.rows[0].cells.filter((cell) => cell.simulated)).toHaveLength(2);
    expect(model.header.simulatedText).toBe('SIMULATED DATA in 1 result(s) and 2 series, marked SIM; the rest is real market data');
  });

  it('shows no banner and no mark when every series is real, whatever the exchange', () => {
    const rows = summary.rows.map((row) => ({ ...row, simulated: false }));
    const statusRows = inputs.statusRows.map((row) => ({ ...row, simulated: false }));
    const model = buildViewModel({ ...inputs, simulated: false, summary: { ...summary, simulated: false, rows }, statusRows });
    expect(model.header).toMatchObject({ simulated: false, simulatedText: '' });
    expect(model.results.rows.some((row) => row.simulated)).toBe(false);
  });
});
