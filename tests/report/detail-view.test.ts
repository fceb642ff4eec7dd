import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultDetail } from '../../src/config/result-detail-file.js';
import { buildDetailView } from '../../src/report/_detail-view.js';
import { GLOSSARY } from '../../src/report/index.js';
import { FIXTURE_DIR } from './dashboard-fixture.js';

const readDetail = (id: string) => JSON.parse(readFileSync(join(FIXTURE_DIR, `reports/details/${id}.json`), 'utf8')) as ResultDetail;
const texts = (cells: readonly { text: string }[]) => cells.map((cell) => cell.text);
const factsOf = (detail: ResultDetail) => Object.fromEntries(buildDetailView(detail).family.facts.map((fact) => [fact.label, fact]));

describe('buildDetailView', () => {
  it('lays the walk-forward record out as one row per window, params in full where a window changed them', () => {
    const detail = readDetail('BTCUSDT-5m-ema_cross');
    const rows = buildDetailView(detail).walkForward;
    expect(rows).toHaveLength(detail.windows.length);
    const [first] = detail.windows;
    expect(texts(rows[0])).toEqual([
      'W1', '05-23 12:10 → 19:40'.replace(' ', '\u00a0').replace('-', '\u2011'), 'fast=7 · slow=30', first.is_t_stat.toFixed(2), String(first.is_trades),
      `+${(first.oos_return * 100).toFixed(2)}%`, String(first.oos_trades), first.beta.toFixed(2), `+${(first.excess_return * 100).toFixed(2)}%`,
    ]);
    expect(rows.map((row) => [row[2].text, row[2].tone])).toEqual([
      ['fast=7 · slow=30', 'params'],
      ['same as W1', 'params same'],
      ['same as W2', 'params same'],
      ['fast=9 · slow=21', 'params changed'],
      ['same as W4', 'params same'],
      ['same as W5', 'params same'],
    ]);
  });

  it('colours losing OOS windows and losses against the passive benchmark', () => {
    const rows = buildDetailView(readDetail('BTCUSDT-5m-ema_cross')).walkForward;
    expect([rows[1][5].text, rows[1][5].tone, rows[1][8].tone]).toEqual(['-0.61%', 'num neg', 'num neg']);
  });

  it('sets the family measures beside the candidate-only ones', () => {
    const detail = readDetail('ETHUSDT-1m-bb_revert');
    const { comparisons } = buildDetailView(detail).family;
    expect(comparisons.map((item) => [item.label, item.family, item.alone])).toEqual([
      ['Deflated Sharpe (DSR)', detail.family.dsr!.toFixed(3), detail.family.dsr_candidate!.toFixed(3)],
      ['Monte Carlo p', detail.family.mc_pvalue!.toFixed(3), detail.monte_carlo.p_value!.toFixed(3)],
      ['PBO', detail.family.overfitting!.pbo.toFixed(3), detail.overfitting!.pbo.toFixed(3)],
    ]);
    const facts = factsOf(detail);
    expect(facts.Family.value).toBe('4 strategies · N = 140 combos tried');
    expect(facts['Best Sharpe of N unskilled trials (SR0)'].value).toBe(`${Number(detail.family.expected_max_sharpe.toPrecision(3))} per bar`);
  });

  it('warns when the history is shorter than MinBTL, and only then', () => {
    expect(factsOf(readDetail('ETHUSDT-1m-bb_revert')).MinBTL).toEqual({
      label: 'MinBTL', value: 'needs 7.7 days · history 2.1 days: too short, this Sharpe is reachable by luck', glossaryId: 'min_btl', tone: 'warn',
    });
    expect(factsOf(readDetail('BTCUSDT-5m-ema_cross')).MinBTL).toMatchObject({ value: 'needs 4.0 days · history 10 days', tone: '' });
    expect(factsOf(readDetail('XSS-5m-hostile_names')).MinBTL).toMatchObject({ value: 'no positive Sharpe to explain · history 10 days', tone: '' });
  });

  it('links every family fact and measure to a glossary entry', () => {
    const ids = new Set(GLOSSARY.map((entry) => entry.id));
    const { facts, comparisons } = buildDetailView(readDetail('BTCUSDT-5m-ema_cross')).family;
    for (const item of [...facts, ...comparisons]) expect(ids).toContain(item.glossaryId);
  });

  it('shows dashes where the family statistics are missing', () => {
    const { comparisons } = buildDetailView(readDetail('XSS-5m-hostile_names')).family;
    expect(comparisons.flatMap((item) => [item.family, item.alone])).toEqual(['—', '—', '—', '—', '—', '—']);
  });
});
