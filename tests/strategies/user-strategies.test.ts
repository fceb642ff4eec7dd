import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndicatorCache } from '../../src/indicators/index.js';
import {
  defaultParams,
  discoverUserStrategies,
  getStrategy,
  loadStrategyFile,
  loadUserStrategy,
  planStrategy,
  runStrategy,
  syntheticSample,
  userStrategyDefinition,
  type StrategySource,
} from '../../src/strategies/index.js';
import { BROKEN_MJS, CLEAN_MJS, CLEAN_TS, strategiesFolder } from '../helpers/user-strategies.js';
import { configError } from '../helpers/config-error.js';

const SOURCE: StrategySource = { file: 'strategies/mine.mjs', hash: 'h', entry: 'strategies/mine.mjs' };
const signals = (c: { close: Float64Array }) => ({ enterLong: new Uint8Array(c.close.length) });
const valid = { id: 'mine', family: 'mono', sides: ['long'], params: { period: { default: 10, grid: [5, 10] } }, signals };

describe('the user strategy contract', () => {
  const shapes: [string, unknown, string, RegExp][] = [
    ['no default export', undefined, 'export default', /missing/],
    ['an id with capitals', { ...valid, id: 'MyCross' }, 'id', /lower-case/],
    ['a grid family', { ...valid, family: 'grid' }, 'family', /not supported yet/],
    ['no sides', { ...valid, sides: [] }, 'sides', />=1/],
    ['a side twice', { ...valid, sides: ['long', 'long'] }, 'sides', /at most once/],
    ['a misspelled key', { ...valid, signal: signals }, 'export default', /unknown key signal/],
    ['signals that is not a function', { ...valid, signals: 3 }, 'signals', /expected a function signals/],
    ['a param without a default', { ...valid, params: { period: { grid: [5] } } }, 'params.period.default', /number, a string or a boolean/],
    ['a grid value of another type', { ...valid, params: { period: { default: 10, grid: [5, 'ten'] } } }, 'params.period.grid[1]', /number/],
    ['a grid value below min', { ...valid, params: { period: { default: 10, min: 2, grid: [1, 10] } } }, 'params.period.grid[0]', />=2/],
    ['a fractional value of a whole-number param', { ...valid, params: { period: { default: 10, integer: true, grid: [5.5] } } }, 'params.period.grid[0]', /int/],
    ['a risk fraction of 1 or more', { ...valid, params: { stop_loss_pct: { default: 2 } } }, 'params.stop_loss_pct.default', /below 1/],
    ['a warm-up that is not a count', { ...valid, warmup: -1 }, 'warmup', /whole number/],
  ];

  it.each(shapes)('refuses %s naming the file and the field', (_name, exported, keyPath, problem) => {
    const error = configError(() => userStrategyDefinition(exported, SOURCE));
    expect(error.file).toBe('strategies/mine.mjs');
    expect(error.keyPath).toBe(keyPath);
    expect(error.problem).toMatch(problem);
  });

  const outputs: [string, (n: number) => unknown, string, RegExp][] = [
    ['undefined', () => undefined, 'signals()', /returned undefined/],
    ['no signal array', () => ({}), 'signals()', /no signal array/],
    ['an unknown output', (n) => ({ enter_long: new Uint8Array(n) }), 'signals().enter_long', /unknown output/],
    ['a short array', (n) => ({ enterLong: new Uint8Array(n - 1) }), 'signals().enterLong', /has 599 values for 600 candles/],
    ['a number instead of an array', () => ({ enterLong: 1 }), 'signals().enterLong', /is number 1/],
    ['a NaN', (n) => ({ enterLong: Array.from({ length: n }, (_, t) => (t === 12 ? Number.NaN : 0)) }), 'signals().enterLong[12]', /is NaN/],
    ['a 2', (n) => ({ exitLong: Float64Array.from({ length: n }, (_, t) => (t === 3 ? 2 : 0)) }), 'signals().exitLong[3]', /expected 0 or 1/],
    ['a short entry of a long-only strategy', (n) => ({ enterShort: Uint8Array.from({ length: n }, (_, t) => (t === 7 ? 1 : 0)) }), 'signals().enterShort[7]', /sides \[long\]/],
  ];

  it.each(outputs)('refuses signals returning %s, naming the file and the field', (_name, output, keyPath, problem) => {
    const definition = userStrategyDefinition({ ...valid, signals: (c: { close: Float64Array }) => output(c.close.length) }, SOURCE);
    const candles = syntheticSample(600);
    const error = configError(() => definition.plan(candles, defaultParams(definition), new IndicatorCache(candles)));
    expect([error.file, error.keyPath]).toEqual(['strategies/mine.mjs', keyPath]);
    expect(error.problem).toMatch(problem);
  });

  it('names the file, the params and the error when signals() throws', () => {
    const definition = userStrategyDefinition({ ...valid, signals: () => { throw new TypeError('x is undefined'); } }, SOURCE);
    const candles = syntheticSample(100);
    expect(() => definition.plan(candles, { period: 5 }, new IndicatorCache(candles))).toThrow(/strategies\/mine.mjs: signals\(\): threw TypeError: x is undefined \(params \{"period":5\}\)/);
  });

  it('packs 0/1 and boolean arrays alike, hands risk params to the kernel and starts after the declared warm-up', () => {
    const bits = (n: number) => Array.from({ length: n }, (_, t) => t % 7 === 0);
    const definition = userStrategyDefinition({
      ...valid, sides: ['long', 'short'], warmup: (p: { period: number }) => 2 * p.period,
      params: { period: { default: 10 }, stop_loss_pct: { default: 0.02 }, take_profit_pct: { default: 0 }, trailing_stop_pct: { default: 0.01 } },
      signals: (c: { close: Float64Array }) => ({ enterLong: bits(c.close.length), exitShort: Uint8Array.from(bits(c.close.length), Number) }),
    }, SOURCE);
    const candles = syntheticSample(50);
    const plan = definition.plan(candles, defaultParams(definition), new IndicatorCache(candles));
    expect(plan.family).toBe('mono');
    if (plan.family !== 'mono') return;
    expect(Array.from(plan.signals.packed!.slice(0, 8))).toEqual([9, 0, 0, 0, 0, 0, 0, 9]);
    expect(plan.options).toEqual({ stopLossPct: 0.02, trailingStopPct: 0.01 });
    expect(plan.startIndex).toBe(20);
    expect(definition.grid).toEqual({});
  });
});

describe('loading user strategy modules from a folder', () => {
  it('loads .mjs and .ts modules, skipping tests, helpers and subfolders, and registers nothing by itself', async () => {
    const dir = strategiesFolder({ 'cross.mjs': CLEAN_MJS, 'revert.ts': CLEAN_TS, 'cross.test.mjs': BROKEN_MJS, '_helper.mjs': BROKEN_MJS, 'notes.md': '# x' });
    const { definitions, problems } = await discoverUserStrategies(dir, join(dir, '.cache'));
    expect(problems).toEqual([]);
    expect(definitions.map((d) => [d.id, d.family, d.sides, d.grid])).toEqual([
      ['my_cross', 'mono', ['long'], { fast: [5, 10], slow: [30, 60] }],
      ['ts_revert', 'mono', ['long', 'short'], { period: [20, 40], entry: [1.5, 2.5] }],
    ]);
    expect(definitions.every((d) => d.source?.file.startsWith(dir) && /^[0-9a-f]{16}$/.test(d.source.hash))).toBe(true);
    expect(() => getStrategy('my_cross')).toThrow(/unknown strategy "my_cross"/);
  });

  const broken: [string, string, RegExp][] = [
    ['a syntax error', 'export default { id: "x", family: };', /bad.mjs: line 1, column \d+: cannot be compiled: Unexpected "}"/],
    ['an exception at import', BROKEN_MJS, /bad.mjs: throws when imported: TypeError: Cannot read properties of undefined/],
    ['no default export', 'export const strategy = {};', /bad.mjs: export default: missing/],
    ['signals of the wrong length', CLEAN_MJS.replace("id: 'my_cross'", "id: 'short_out'").replace('return { enterLong, exitLong };', 'return { enterLong: enterLong.subarray(1), exitLong };'), /bad.mjs: signals\(\).enterLong: has 599 values for 600 candles/],
    ['candles changed in place', CLEAN_MJS.replace("id: 'my_cross'", "id: 'mutates'").replace('const n = candles.close.length;', 'const n = candles.close.length; candles.close[3] = 0;'), /bad.mjs: signals\(\): candles.close\[3\]: was changed/],
    ['the id of a built-in', CLEAN_MJS.replace("id: 'my_cross'", "id: 'bollinger_mr'"), /bad.mjs: id: "bollinger_mr" is the id of a built-in strategy/],
  ];

  it.each(broken)('leaves out a module with %s, with one message naming the file, and loads the others', async (_name, source, message) => {
    const dir = strategiesFolder({ 'bad.mjs': source, 'good.mjs': CLEAN_MJS });
    const { definitions, problems } = await discoverUserStrategies(dir, join(dir, '.cache'));
    expect(definitions.map((d) => d.id)).toEqual(['my_cross']);
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe(join(dir, 'bad.mjs'));
    expect(problems[0].error).toMatch(message);
    expect(problems[0].error.split('\n')).toHaveLength(1);
  });

  it('leaves out both modules of an id defined twice, naming the other file', async () => {
    const dir = strategiesFolder({ 'a.mjs': CLEAN_MJS, 'b.mjs': CLEAN_MJS, 'c.ts': CLEAN_TS });
    const { definitions, problems } = await discoverUserStrategies(dir, join(dir, '.cache'));
    expect(definitions.map((d) => d.id)).toEqual(['ts_revert']);
    expect(problems.map((p) => p.error)).toEqual([
      `${join(dir, 'a.mjs')}: id: "my_cross" is also the id of ${join(dir, 'b.mjs')}; ids must be unique, rename one`,
      `${join(dir, 'b.mjs')}: id: "my_cross" is also the id of ${join(dir, 'a.mjs')}; ids must be unique, rename one`,
    ]);
  });

  it('hashes the module with the local files it imports: editing a helper changes the hash', async () => {
    const dir = strategiesFolder({ '_period.mjs': 'export const SLOW = 40;\n', 'cross.mjs': `import { SLOW } from './_period.mjs';\n${CLEAN_MJS.replace('default: 40', 'default: SLOW')}` });
    const cache = join(dir, '.cache');
    const first = await loadStrategyFile(join(dir, 'cross.mjs'), cache);
    const again = await loadStrategyFile(join(dir, 'cross.mjs'), cache);
    writeFileSync(join(dir, '_period.mjs'), 'export const SLOW = 45;\n');
    const edited = await loadStrategyFile(join(dir, 'cross.mjs'), cache);
    expect(again.source?.hash).toBe(first.source?.hash);
    expect(edited.source?.hash).not.toBe(first.source?.hash);
    expect([defaultParams(first).slow, defaultParams(edited).slow]).toEqual([40, 45]);
  });

  it('a loaded user strategy runs through planStrategy and runStrategy like a built-in', async () => {
    const dir = strategiesFolder({ 'revert.ts': CLEAN_TS });
    const definition = await loadUserStrategy(join(dir, 'revert.ts'), { cacheDir: mkdtempSync(join(tmpdir(), 'scalp-cache-')) });
    const candles = syntheticSample(3000, '1h');
    const plan = planStrategy(candles, 'ts_revert', { period: 20 }, { timeframe: '1h' });
    expect(plan.startIndex).toBe(20);
    const result = runStrategy(candles, 'ts_revert', { period: 20 }, { timeframe: '1h' });
    expect(result.metrics.trades).toBeGreaterThan(10);
    expect(getStrategy('ts_revert')).toBe(definition);
  });
});
