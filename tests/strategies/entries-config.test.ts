import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntriesConfigSchema, loadEntriesConfig, type EntriesConfig } from '../../src/config/entries-config.js';
import { STRATEGY_IDS, getStrategy, validateEntries } from '../../src/strategies/index.js';
import { nonEmptyCases } from '../helpers/case-table.js';
import { configError } from '../helpers/config-error.js';

const SHIPPED = resolve(import.meta.dirname, '../../config/entries_config.json');

function shipped(): EntriesConfig {
  return structuredClone(loadEntriesConfig(SHIPPED));
}

describe('config/entries_config.json', () => {
  it('lists every strategy of the library and validates against their schemas', () => {
    const validated = validateEntries(shipped());
    expect(validated.map((entry) => entry.id).sort()).toEqual([...STRATEGY_IDS].sort());
    for (const { id, entry, defaults } of validated) {
      expect(entry.family).toBe(getStrategy(id).family);
      expect(Object.keys(defaults).length).toBeGreaterThan(0);
    }
  });

  it.each(nonEmptyCases('strategy ids', STRATEGY_IDS))('%s has a full grid of 10 to 300 combos', (id) => {
    const grid = shipped().strategies[id].grid ?? {};
    const combos = Object.values(grid).reduce((product, values) => product * values.length, 1);
    expect(combos).toBeGreaterThanOrEqual(10);
    expect(combos).toBeLessThanOrEqual(300);
  });
});

describe('validateEntries', () => {
  const cases: [string, (config: EntriesConfig) => void, string, RegExp][] = [
    ['a grid value out of range', (c) => (c.strategies.bollinger_mr.grid!.period[2] = 1), 'strategies.bollinger_mr.grid.period[2]', />=2/],
    ['a grid value of the wrong type', (c) => (c.strategies.momentum.grid!.lookback = [10, 'twenty']), 'strategies.momentum.grid.lookback[1]', /number/],
    ['a grid on an unknown parameter', (c) => (c.strategies.supertrend.grid!.atr_len = [10, 14]), 'strategies.supertrend.grid.atr_len[0]', /unknown parameter/],
    ['a bad default', (c) => (c.strategies.envelope_dca.defaults.level_count = 2.5), 'strategies.envelope_dca.defaults.level_count', /expected int.*found 2.5/],
    ['an unknown default', (c) => (c.strategies.vwap_rsi.defaults.rsi_lenght = 14), 'strategies.vwap_rsi.defaults.rsi_lenght', /unknown parameter/],
    ['an unknown strategy id', (c) => (c.strategies.ema_cros = { ...c.strategies.supertrend }), 'strategies.ema_cros', /valid ids: vwap_rsi, momentum/],
    ['a wrong family', (c) => (c.strategies.grid_atr.family = 'mono'), 'strategies.grid_atr.family', /grid strategy/],
    ['a side the strategy cannot trade', (c) => (c.strategies.envelope_dca.sides = ['long', 'short']), 'strategies.envelope_dca.sides[1]', /long only/],
    ['a cross-field rule', (c) => (c.strategies.grid_trend.grid!.fast_period = [20, 60]), 'strategies.grid_trend.grid.fast_period[1]', /below slow_period/],
  ];

  it.each(cases)('rejects %s with a ConfigError naming entries_config.json and the key path', (_name, edit, keyPath, problem) => {
    const config = shipped();
    edit(config);
    const error = configError(() => validateEntries(config));
    expect(error.file).toBe('entries_config.json');
    expect(error.keyPath).toBe(keyPath);
    expect(error.problem).toMatch(problem);
    expect(error.message).toContain(`entries_config.json: ${keyPath}`);
  });

  it('lets an entry leave family and sides out: they are the strategy\'s own', () => {
    const entry = validateEntries({ strategies: { momentum: { enabled: true, defaults: {}, grid: { lookback: [10, 20] }, notes: '' } } })[0];
    expect([entry.entry.family, entry.entry.sides, entry.entry.grid]).toEqual(['mono', ['long', 'short'], { lookback: [10, 20] }]);
  });

  it('names the file it was given', () => {
    const config = shipped();
    config.strategies.boltrend.defaults.bb_mult = -1;
    expect(configError(() => validateEntries(config, 'config/entries_config.json')).message).toMatch(/^config\/entries_config.json: strategies.boltrend.defaults.bb_mult/);
  });

  it('fills the defaults the file leaves out from the strategy schema', () => {
    const config = shipped();
    config.strategies.bollinger_mr.defaults = { period: 30 };
    const entry = validateEntries(config).find((e) => e.id === 'bollinger_mr')!;
    expect(entry.defaults).toEqual({ period: 30, mult: 2, stop_loss_pct: 0.02, direction: 'both' });
  });
});

describe('loadEntriesConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-entries-'));

  it('rejects a badly shaped file with the key path', () => {
    const file = join(dir, 'entries_config.json');
    writeFileSync(file, JSON.stringify({ strategies: { momentum: { family: 'mono', sides: [], grid: {} } } }));
    const error = configError(() => loadEntriesConfig(file));
    expect(error.keyPath).toBe('strategies.momentum.sides');
  });

  it('rejects malformed JSON naming the file', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "strategies": ');
    expect(configError(() => loadEntriesConfig(file)).message).toContain(file);
  });

  it('accepts the shipped file through the schema', () => {
    expect(EntriesConfigSchema.safeParse(shipped()).success).toBe(true);
  });
});
