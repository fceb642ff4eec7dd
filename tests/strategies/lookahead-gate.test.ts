import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEntriesConfig } from '../../src/config/entries-config.js';
import { sliceCandles, timeframeMs, type Candles } from '../../src/core/index.js';
import {
  checkLookahead,
  discoverUserStrategies,
  gateParamSets,
  getStrategy,
  STRATEGY_IDS,
  syntheticSample,
  warmupSettleBars,
  type GateSample,
  type StrategyDefinition,
  type StrategyParams,
} from '../../src/strategies/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { HAS_SHARED_DATA, SHARED_DATA_SKIP_MESSAGE } from '../helpers/shared-data.js';
import { CENTRED_MJS, CLEAN_MJS, CLEAN_TS, HISTORY_MJS, PEEK_MJS, strategiesFolder } from '../helpers/user-strategies.js';
import { realCandles } from './_candles.js';

type Signals = Record<string, ArrayLike<number | boolean>>;
type SignalsFunction = (candles: Candles, params: StrategyParams, context: unknown) => Signals;

/** The synthetic samples always; the shared real files (their last 6000 bars) add cases when present. */
const samples: GateSample[] = nonEmptyCases('gate samples', [
  { name: 'synthetic 1h', candles: syntheticSample(6000, '1h'), timeframe: '1h' as const },
  { name: 'synthetic 1m', candles: syntheticSample(6000, '1m', 3), timeframe: '1m' as const },
  ...(HAS_SHARED_DATA ? realCandles().map((m) => ({ name: m.name, candles: sliceCandles(m.candles, Math.max(0, m.candles.close.length - 6000)), timeframe: m.timeframe })) : []),
]);
if (!HAS_SHARED_DATA) it.skip(`the lookahead gate on real candles: ${SHARED_DATA_SKIP_MESSAGE}`, () => {});

const modules = new Map<string, { definition: StrategyDefinition<StrategyParams>; signals: SignalsFunction }>();

beforeAll(async () => {
  const dir = strategiesFolder({ 'clean.mjs': CLEAN_MJS, 'clean.ts': CLEAN_TS, 'peek.mjs': PEEK_MJS, 'centred.mjs': CENTRED_MJS, 'history.mjs': HISTORY_MJS });
  const { definitions, problems } = await discoverUserStrategies(dir, join(dir, '.cache'));
  expect(problems).toEqual([]);
  for (const definition of definitions) {
    const exported = (await import(definition.source!.entry)) as { default: { signals: SignalsFunction } };
    modules.set(definition.id, { definition, signals: exported.default.signals });
  }
});

/** The module's own signals(), called directly (not through the plan the gate compares). */
function rawSignals(id: string, candles: Candles, params: StrategyParams): Signals {
  return modules.get(id)!.signals(candles, params, { indicators: {}, cache: undefined });
}

/** First bar in [from, to) where two runs' signals differ (`shift`: the other run starts that many bars later). */
function firstDifferingBar(full: Signals, other: Signals, from: number, to: number, shift = 0): number {
  for (let t = from; t < to; t++) {
    for (const name of Object.keys(full)) if (Number(full[name][t]) !== Number(other[name][t - shift] ?? 0)) return t;
  }
  return -1;
}

describe.each(samples)('the lookahead gate on $name', (sample) => {
  it.each(['my_cross', 'ts_revert'])('passes the clean user strategy %s', (id) => {
    const verdict = checkLookahead(modules.get(id)!.definition, [sample]);
    expect(verdict.refusal?.message).toBeUndefined();
    expect(verdict).toMatchObject({ strategy: id, passed: true, samples: [sample.name] });
    expect(verdict.plans).toBeGreaterThan(50);
  });

  it('refuses close[t + 1] at the last bar of the first cut, naming the strategy, the bar and the output', () => {
    const { refusal } = checkLookahead(modules.get('peek_next')!.definition, [sample]);
    expect(refusal).toMatchObject({ strategy: 'peek_next', test: 'prefix', sample: sample.name });
    expect(refusal!.bar).toBe(refusal!.at - 1);
    expect(['enterLong', 'exitLong']).toContain(refusal!.output);
    const bar = firstDifferingBar(rawSignals('peek_next', sample.candles, {}), rawSignals('peek_next', sliceCandles(sample.candles, 0, refusal!.at), {}), 0, refusal!.at);
    expect(refusal!.bar).toBe(bar);
    expect(refusal!.message).toMatch(new RegExp(`^strategy peek_next refused by the lookahead gate: it reads the future .*${refusal!.output} at bar ${bar} \\(${refusal!.time}\\)`));
  });

  it('refuses a centred moving average half a window before the cut', () => {
    const { refusal } = checkLookahead(modules.get('centred_ma')!.definition, [sample]);
    expect(refusal).toMatchObject({ strategy: 'centred_ma', test: 'prefix', params: { half: 5 } });
    expect(refusal!.bar).toBe(refusal!.at - 5);
    const params = { half: 5 };
    expect(refusal!.bar).toBe(firstDifferingBar(rawSignals('centred_ma', sample.candles, params), rawSignals('centred_ma', sliceCandles(sample.candles, 0, refusal!.at), params), 0, refusal!.at));
  });

  it('refuses signals that change with the length of history, at the first bar that differs', () => {
    const { refusal } = checkLookahead(modules.get('bar_count')!.definition, [sample]);
    expect(refusal).toMatchObject({ strategy: 'bar_count', test: 'warm-up' });
    const settle = warmupSettleBars(0, timeframeMs(sample.timeframe!));
    const start = refusal!.at;
    const n = sample.candles.close.length;
    const bar = firstDifferingBar(rawSignals('bar_count', sample.candles, {}), rawSignals('bar_count', sliceCandles(sample.candles, start), {}), start + settle, n, start);
    expect(refusal!.bar).toBe(bar);
    expect(refusal!.message).toMatch(/its signals change with the length of history .*with the history starting at bar \d+ instead of 0/);
  });
});

const entries = loadEntriesConfig(join(import.meta.dirname, '../../config/entries_config.json'));
const builtIns = nonEmptyCases('built-in strategies', STRATEGY_IDS.map((id) => [id] as const));

describe('the lookahead gate on the built-in strategies', () => {
  it.each(builtIns)('passes %s on every sample with its configured params (defaults and grid ends)', (id) => {
    const definition = getStrategy(id);
    const entry = entries.strategies[id];
    const verdict = checkLookahead(definition, samples, gateParamSets(definition, entry.grid, entry.defaults));
    expect(verdict.refusal?.message).toBeUndefined();
    expect(verdict.passed).toBe(true);
    expect(verdict.notes).toEqual([]);
  });
});
