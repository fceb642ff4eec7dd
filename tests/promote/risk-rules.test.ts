import { describe, expect, it } from 'vitest';
import { checkCandidate } from '../../src/promote/risk-rules.js';
import { candidate, RISK_MODES } from './candidate-fixture.js';

const balanced = RISK_MODES.balanced;

describe('checkCandidate', () => {
  it('passes a candidate that meets every rule of every risk mode', () => {
    for (const rules of Object.values(RISK_MODES)) {
      expect(checkCandidate(candidate(), rules)).toEqual({ passed: true, failures: [] });
    }
  });

  it.each([
    ['min_grade', candidate({ grade: 'D' }), 'D', 'grade D below the balanced minimum C'],
    ['min_trades', candidate({}, { trades: 12 }), 12, '12 trades below 30'],
    ['max_drawdown', candidate({}, { mdd: 0.31 }), 0.31, 'max drawdown 31.0% above 25.0%'],
    ['min_profit_factor', candidate({}, { pf: 1.05 }), 1.05, 'profit factor 1.05 below 1.15'],
    ['min_dsr', candidate({}, { dsr: 0.42 }), 0.42, 'deflated Sharpe 0.42 below 0.50'],
    ['min_dsr', candidate({}, { dsr: null }), null, 'deflated Sharpe not computed (minimum 0.50)'],
    ['max_mc_pvalue', candidate({}, { mc_pvalue: 0.31 }), 0.31, 'family Monte Carlo p-value 0.31 above 0.10'],
    ['max_mc_pvalue', candidate({}, { mc_pvalue: null }), null, 'no Monte Carlo p-value (the record never varied), not allowed in balanced mode'],
    ['max_pbo', candidate({}, { pbo: 0.62 }), 0.62, 'probability of backtest overfitting 0.62 above 0.50'],
  ])('fails only %s when that rule alone is broken (actual %#)', (rule, input, actual, message) => {
    const check = checkCandidate(input, balanced, 'balanced');
    expect(check.passed).toBe(false);
    expect(check.failures).toHaveLength(1);
    expect(check.failures[0]).toMatchObject({ rule, actual, message });
  });

  it('lists every failed rule, not only the first', () => {
    const check = checkCandidate(candidate({ grade: 'D' }, { trades: 12, pf: 0.9 }), balanced, 'balanced');
    expect(check.failures.map((failure) => failure.rule)).toEqual(['min_grade', 'min_trades', 'min_profit_factor']);
  });

  it('accepts values exactly at the bounds', () => {
    const edge = candidate({ grade: 'C' }, { trades: 30, mdd: 0.25, pf: 1.15, dsr: 0.5, mc_pvalue: 0.1, pbo: 0.5 });
    expect(checkCandidate(edge, balanced).passed).toBe(true);
  });

  it('rejects in conservative mode what aggressive mode accepts', () => {
    const modest = candidate({ grade: 'C', score: 72 }, { trades: 35, mdd: 0.2, pf: 1.2, dsr: 0.6, mc_pvalue: 0.1 });
    expect(checkCandidate(modest, RISK_MODES.aggressive, 'aggressive').passed).toBe(true);
    const conservative = checkCandidate(modest, RISK_MODES.conservative, 'conservative');
    expect(conservative.failures.map((failure) => failure.message)).toEqual([
      'grade C below the conservative minimum B',
      '35 trades below 50',
      'max drawdown 20.0% above 15.0%',
      'profit factor 1.20 below 1.30',
      'deflated Sharpe 0.60 below 0.90',
      'family Monte Carlo p-value 0.10 above 0.05',
    ]);
  });

  it('passes a record without a losing trade on the profit factor rule (pf null with trades), never one without trades', () => {
    expect(checkCandidate(candidate({}, { pf: null, trades: 120 }), balanced).passed).toBe(true);
    const none = checkCandidate(candidate({}, { pf: null, trades: 0 }), balanced).failures;
    expect(none.find((f) => f.rule === 'min_profit_factor')?.message).toBe('no trades (profit factor minimum 1.15)');
  });

  it('skips the PBO rule when nothing was chosen (a single combo: PBO null)', () => {
    expect(checkCandidate(candidate({}, { pbo: null }), RISK_MODES.conservative).passed).toBe(true);
  });

  it('lets an underpowered result and a missing DSR through only where the mode allows it', () => {
    const underpowered = candidate({ grade: 'D' }, { trades: 20, mc_pvalue: null, dsr: null });
    expect(checkCandidate(underpowered, RISK_MODES.aggressive).passed).toBe(true);
    expect(checkCandidate(underpowered, { ...balanced, allow_underpowered: true, min_dsr: 0, min_grade: 'D', min_trades: 0 }).passed).toBe(true);
    expect(checkCandidate(underpowered, balanced).failures.map((failure) => failure.rule)).toContain('max_mc_pvalue');
  });

  it('writes mode-free messages when no mode name is given', () => {
    expect(checkCandidate(candidate({ grade: 'F' }), balanced).failures[0].message).toBe('grade F below the minimum C');
  });
});
