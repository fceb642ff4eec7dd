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
    expect(btc5m).toEqual({ tf: '5m', state: 'OK', stateClass: 'state-ok', age: '5m ago', strategy: 'ema_cross', expires: 'in 23h 05m' });
    expect(model.watchlist.rows[2].cells[0]).toMatchObject({ state: 'MIS', age: '—' });
  });

  it('shows active strategies with key params and time to expiry, marking expired ones', () => {
    expect(model.active.rows.map((row) => [row.pair, row.params, row.grade, row.score, row.expiresIn, row.expired])).toEqual([
      ['BTC/USDT', 'fast=9 · slow=21', 'A', '92', 'in 23h 05m', false],
      ['ETH/USDT', 'period=20 · width=2.5', 'B', '83', 'expired 2h 55m ago', true],
    ]);
  });

  it('formats every results cell for display and keeps raw values for sorting', () => {
    const first = model.results.rows[0];
    const byKey = Object.fromEntries(first.cells.map((cell) => [cell.key, cell]));
    expect(model.results.columns.map((column) => column.key)).toEqual(['grade', 'score', 'pf', 'mdd', 'sharpe', 'win_rate', 'trades', 'dsr', 'mc_pvalue', 'consistency']);
    expect(byKey.sharpe).toEqual({ key: 'sharpe', text: '2.31', sort: '2.31', tone: '' });
    expect(byKey.grade.tone).toBe('grade grade-A');
    expect(byKey.mdd.text).toMatch(/^\d+\.\d%$/);
    const underpowered = model.results.rows.find((row) => row.id === 'XRPUSDT-5m-ema_cross')!;
    const cells = Object.fromEntries(underpowered.cells.map((cell) => [cell.key, cell]));
    expect([cells.dsr.text, cells.dsr.sort, cells.trades.tone, underpowered.warningCount]).toEqual(['—', '', 'neg', '1']);
  });

  it('offers filter choices and ships the grade breakdown and stamp with each detail', () => {
    expect(model.results.filters.grades).toEqual(['A', 'B', 'C', 'D', 'F']);
    expect(model.results.filters.tfs).toEqual(['1m', '5m', '15m', '1h']);
    const detail = model.results.rows[0].detail;
    expect(detail.breakdown[0]).toEqual({ criterion: 'oos_sharpe', value: '2.310', points: '23.1 / 25.0', threshold: '>= 1.5', met: 'met' });
    expect(detail.stamp.map((entry) => entry.label)).toEqual(['data hash', 'config hash', 'code version', 'seed', 'params', 'combos tested', 'walk-forward windows']);
    expect(model.results.rows.find((row) => row.grade === 'C')!.detail.caps).toEqual(['fewer than 50 trades: capped at B']);
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

  it('glossary covers every results column', () => {
    const ids = new Set(model.glossary.map((entry) => entry.id));
    for (const column of model.results.columns) expect(ids).toContain(column.glossaryId);
  });
});
