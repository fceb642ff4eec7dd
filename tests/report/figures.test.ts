import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultDetail } from '../../src/config/result-detail-file.js';
import { loadFigureBuilders } from '../../src/report/index.js';
import { FIXTURE_DIR } from './dashboard-fixture.js';

const figures = loadFigureBuilders();
const readDetail = (id: string) => JSON.parse(readFileSync(join(FIXTURE_DIR, `reports/details/${id}.json`), 'utf8')) as ResultDetail;
const detail = readDetail('SOLUSDT-15m-rsi_grid');
/** Its windows chose two different combos; the latest is proposed. */
const changing = readDetail('BTCUSDT-5m-ema_cross');
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
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

  it('compares the IS Sharpe each window chose on with its OOS Sharpe, naming the params in the hover', () => {
    const figure = plain(figures.windowsFigure(changing));
    expect(figure.data.map((trace) => trace.y)).toEqual([changing.windows.map((w) => w.is_sharpe), changing.windows.map((w) => w.oos_sharpe)]);
    expect(figure.data[0].x).toEqual(['W1', 'W2', 'W3', 'W4', 'W5', 'W6']);
    const hover = figure.data[1].hovertext as string[];
    expect([hover[0], hover[5]]).toEqual([expect.stringMatching(/^fast=7 slow=30<br>IS t /), expect.stringMatching(/^fast=9 slow=21<br>IS t /)]);
  });

  it('averages the chosen metric over combos in each heatmap cell', () => {
    const figure = plain(figures.heatmapFigure(detail, 'rsi', 'levels', 'oos_sharpe'));
    const [trace] = figure.data as { x: string[]; y: string[]; z: (number | null)[][] }[];
    expect([trace.x, trace.y]).toEqual([['7', '14', '21'], ['3', '4', '5']]);
    const cell = detail.combos.filter((c) => c.params.rsi === 14 && c.params.levels === 4).map((c) => c.oos_sharpe);
    expect(trace.z[1][1]).toBeCloseTo(cell.reduce((a, b) => a + b, 0) / cell.length, 12);
  });

  it('collapses the heatmap to one row when both axes name the same parameter', () => {
    const [trace] = plain(figures.heatmapFigure(detail, 'step', 'step', 'windows_chosen')).data as { y: string[]; z: unknown[][] }[];
    expect(trace.y).toEqual(['all']);
    expect(trace.z[0]).toHaveLength(2);
  });

  it('stars the proposed (latest) params in the diagnostic scatter and histogram, and rings what earlier windows chose', () => {
    const scatter = plain(figures.scatterFigure(changing));
    expect(scatter.data.map((trace) => trace.name)).toEqual(['OOS = IS', 'combos', 'chosen by an earlier window', 'proposed (latest window)']);
    const proposed = changing.combos.find((c) => c.params.fast === 9 && c.params.slow === 21)!;
    const earlier = changing.combos.find((c) => c.params.fast === 7 && c.params.slow === 30)!;
    expect([proposed.windows_chosen, earlier.windows_chosen]).toEqual([3, 3]);
    expect([scatter.data[3].x, scatter.data[3].y]).toEqual([[proposed.is_sharpe], [proposed.oos_sharpe]]);
    expect([scatter.data[2].x, scatter.data[2].y]).toEqual([[earlier.is_sharpe], [earlier.oos_sharpe]]);
    const histogram = plain(figures.distributionFigure(changing));
    expect((histogram.data[0].x as number[]).length).toBe(changing.combos.length);
    expect((histogram.layout.shapes as { x0: number }[])[0].x0).toBe(proposed.oos_sharpe);
  });

  it('bins every CSCV split into the logit histogram, the family as an outline over it, the overfit side marked', () => {
    const figure = plain(figures.overfittingFigure(detail));
    const own = detail.overfitting!;
    const family = detail.family.overfitting!;
    expect(figure.data.map((trace) => trace.name)).toEqual([`this strategy · PBO ${own.pbo.toFixed(2)}`, `family · PBO ${family.pbo.toFixed(2)}`]);
    expect(figure.data.map((trace) => sum(trace.y as number[]))).toEqual([own.splits, family.splits]);
    expect((figure.data[0].x as number[]).slice(0, 2)).toEqual([-5.75, -5.25]);
    expect([figure.data[0].type, figure.data[1].type, (figure.data[1].line as { shape: string }).shape]).toEqual(['bar', 'scatter', 'hvh']);
    const boundary = (figure.layout.shapes as { type: string; x0: number; x1: number }[]).find((shape) => shape.type === 'line')!;
    expect([boundary.x0, boundary.x1]).toEqual([0, 0]);
    expect((figure.layout.annotations as { text: string }[])[0].text).toBe('logit ≤ 0 = overfit');
    const withoutFamily = plain(figures.overfittingFigure({ ...detail, family: { ...detail.family, overfitting: null } }));
    expect(withoutFamily.data).toHaveLength(1);
  });

  it('draws the degradation scatter with its fitted line spanning the points and the probability of loss', () => {
    const figure = plain(figures.degradationFigure(detail));
    const { degradation_points: points, degradation, probability_of_loss: loss } = detail.overfitting!;
    expect([figure.data[0].x, figure.data[0].y]).toEqual([points.is, points.oos]);
    const line = figure.data[1] as { x: number[]; y: number[] };
    expect(line.x).toEqual([Math.min(...points.is), Math.max(...points.is)]);
    line.x.forEach((x, k) => expect(line.y[k]).toBeCloseTo(degradation.intercept! + degradation.slope! * x, 12));
    expect((figure.layout.annotations as { text: string }[])[0].text).toBe(`probability of loss ${(loss * 100).toFixed(0)}%`);
    const noSlope = plain(figures.degradationFigure({ ...detail, overfitting: { ...detail.overfitting!, degradation: { slope: null, intercept: null } } }));
    expect(noSlope.data.map((trace) => trace.name)).toEqual(['IS winner of a split']);
  });

  it('shows a message instead of the CSCV figures when there was nothing to split', () => {
    const hostile = readDetail('XSS-5m-hostile_names');
    expect([hostile.overfitting, hostile.family.overfitting]).toEqual([null, null]);
    for (const build of [figures.overfittingFigure, figures.degradationFigure]) {
      const figure = plain(build(hostile));
      expect(figure.data).toEqual([]);
      expect((figure.layout.annotations as { text: string }[])[0].text).toMatch(/^no CSCV/);
    }
  });

  it('puts long and short entries and exits on the last window candles', () => {
    const figure = plain(figures.candlesFigure(detail));
    expect(figure.data.map((trace) => trace.name)).toEqual(['price', 'long entry', 'short entry', 'exit']);
    const trades = detail.last_window.trades;
    expect((figure.data[1].x as number[]).length + (figure.data[2].x as number[]).length).toBe(trades.length);
    expect(figure.data[3].x).toEqual(trades.map((t) => t.exit_time));
  });

  it('uses the dark theme and shows a message instead of an empty box when there is no data', () => {
    const empty = {
      ...detail, combos: [], windows: [], equity: { t: [], v: [] }, overfitting: null, family: { ...detail.family, overfitting: null },
      last_window: { candles: { t: [], o: [], h: [], l: [], c: [] }, trades: [] },
    };
    const builders = [figures.equityFigure, figures.windowsFigure, figures.overfittingFigure, figures.degradationFigure, figures.scatterFigure, figures.distributionFigure, figures.candlesFigure];
    for (const build of builders) {
      const figure = plain(build(empty));
      expect(figure.data).toEqual([]);
      expect((figure.layout.annotations as { text: string }[])[0].text).toMatch(/^no /);
      expect(figure.layout.paper_bgcolor).toBe(figures.theme.paper);
    }
  });
});
