import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultDetail } from '../../src/config/result-detail-file.js';
import { loadFigureBuilders } from '../../src/report/index.js';
import { FIXTURE_DIR } from './dashboard-fixture.js';

const figures = loadFigureBuilders();
const detail = JSON.parse(readFileSync(join(FIXTURE_DIR, 'reports/details/SOLUSDT-15m-rsi_grid.json'), 'utf8')) as ResultDetail;
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('figure builders (templates/client/figures.js, the same file the browser runs)', () => {
  it('draws equity with its drawdown from the running peak on a second axis', () => {
    const ratio = figures.drawdownSeries([1, 1.2, 0.9, 1.3]);
    [0, 0, -25, 0].forEach((expected, index) => expect(ratio[index]).toBeCloseTo(expected, 9));
    const difference = figures.drawdownSeries([0, 0.1, -0.05]);
    [0, 0, -0.15].forEach((expected, index) => expect(difference[index]).toBeCloseTo(expected, 9));
    const figure = figures.equityFigure(detail);
    expect(figure.data.map((trace) => [trace.name, trace.yaxis ?? 'y'])).toEqual([['equity', 'y'], ['drawdown %', 'y2']]);
    expect((figure.data[0].x as number[]).length).toBe(detail.equity.t.length);
  });

  it('compares IS and OOS Sharpe for each walk-forward window', () => {
    const figure = figures.windowsFigure(detail);
    expect(plain(figure.data.map((trace) => trace.y))).toEqual([detail.windows.map((w) => w.is_sharpe), detail.windows.map((w) => w.oos_sharpe)]);
    expect(plain(figure.data[0].x)).toEqual(['W1', 'W2', 'W3', 'W4', 'W5', 'W6']);
  });

  it('averages the chosen metric over combos in each heatmap cell', () => {
    const figure = plain(figures.heatmapFigure(detail, 'rsi', 'levels', 'oos_sharpe'));
    const [trace] = figure.data as { x: string[]; y: string[]; z: (number | null)[][] }[];
    expect([trace.x, trace.y]).toEqual([['7', '14', '21'], ['3', '4', '5']]);
    const cell = detail.combos.filter((c) => c.params.rsi === 14 && c.params.levels === 4).map((c) => c.oos_sharpe);
    expect(trace.z[1][1]).toBeCloseTo(cell.reduce((a, b) => a + b, 0) / cell.length, 12);
  });

  it('collapses the heatmap to one row when both axes name the same parameter', () => {
    const [trace] = plain(figures.heatmapFigure(detail, 'step', 'step', 'combo_score')).data as { y: string[]; z: unknown[][] }[];
    expect(trace.y).toEqual(['all']);
    expect(trace.z[0]).toHaveLength(2);
  });

  it('marks the chosen combo in the IS-vs-OOS scatter and the OOS Sharpe histogram', () => {
    const scatter = plain(figures.scatterFigure(detail));
    const chosen = scatter.data.find((trace) => trace.name === 'chosen')!;
    expect(chosen.y).toEqual([detail.combos.find((c) => c.params.rsi === 14 && c.params.levels === 4 && c.params.step === 0.8)!.oos_sharpe]);
    const histogram = plain(figures.distributionFigure(detail));
    expect((histogram.data[0].x as number[]).length).toBe(detail.combos.length);
    expect((histogram.layout.shapes as { x0: number }[])[0].x0).toBe(chosen.y && (chosen.y as number[])[0]);
  });

  it('puts long and short entries and exits on the last window candles', () => {
    const figure = plain(figures.candlesFigure(detail));
    expect(figure.data.map((trace) => trace.name)).toEqual(['price', 'long entry', 'short entry', 'exit']);
    const trades = detail.last_window.trades;
    expect((figure.data[1].x as number[]).length + (figure.data[2].x as number[]).length).toBe(trades.length);
    expect(figure.data[3].x).toEqual(trades.map((t) => t.exit_time));
  });

  it('uses the dark theme and shows a message instead of an empty box when there is no data', () => {
    const empty = { ...detail, combos: [], windows: [], equity: { t: [], v: [] }, last_window: { candles: { t: [], o: [], h: [], l: [], c: [] }, trades: [] } };
    for (const build of [figures.equityFigure, figures.windowsFigure, figures.scatterFigure, figures.distributionFigure, figures.candlesFigure]) {
      const figure = plain(build(empty));
      expect(figure.data).toEqual([]);
      expect((figure.layout.annotations as { text: string }[])[0].text).toMatch(/^no /);
      expect(figure.layout.paper_bgcolor).toBe(figures.theme.paper);
    }
  });
});
