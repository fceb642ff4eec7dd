import { ConfigError } from '../core/index.js';
import { SIGNAL_BIT } from '../engine/index.js';
import type { StrategySide } from './strategy.js';
import { USER_SIGNAL_NAMES, type UserSignalName } from './user-strategy.js';

const ENTRY_SIDE: Partial<Record<UserSignalName, StrategySide>> = { enterLong: 'long', enterShort: 'short' };

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** 0 or 1 for a valid signal value, -1 otherwise. */
function bit(value: unknown): number {
  if (value === 0 || value === false) return 0;
  if (value === 1 || value === true) return 1;
  return -1;
}

/**
 * Checks what a user strategy's `signals()` returned and packs it into one byte per bar (SIGNAL_BIT flags): an
 * object with only enterLong / exitLong / enterShort / exitShort, each an array of the candles' length holding 0/1
 * (or false/true), no entry on a side the strategy does not declare. The first problem throws a ConfigError naming
 * the file and the field, e.g. `strategies/my_cross.mjs: signals().enterLong[12]: is NaN; expected 0 or 1`.
 */
export function packUserSignals(output: unknown, length: number, sides: readonly StrategySide[], file: string): Uint8Array {
  if (output === null || typeof output !== 'object' || Array.isArray(output)) {
    throw new ConfigError(file, 'signals()', `returned ${describe(output)}; expected an object { enterLong, exitLong, enterShort, exitShort } of 0/1 arrays`);
  }
  const packed = new Uint8Array(length);
  let given = 0;
  for (const [name, values] of Object.entries(output)) {
    const at = `signals().${name}`;
    if (!(USER_SIGNAL_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError(file, at, `unknown output; expected ${USER_SIGNAL_NAMES.join(', ')}`);
    }
    if (values === undefined) continue;
    const array = values as ArrayLike<unknown>;
    if (!(Array.isArray(values) || ArrayBuffer.isView(values)) || typeof array.length !== 'number') {
      throw new ConfigError(file, at, `is ${describe(values)}; expected a Uint8Array (or an array) of 0/1 with one value per candle`);
    }
    if (array.length !== length) throw new ConfigError(file, at, `has ${array.length} values for ${length} candles; return one value per candle`);
    const side = ENTRY_SIDE[name as UserSignalName];
    const flag = SIGNAL_BIT[name as UserSignalName];
    for (let t = 0; t < length; t++) {
      const b = bit(array[t]);
      if (b === 0) continue;
      if (b < 0) throw new ConfigError(file, `${at}[${t}]`, `is ${Number.isNaN(array[t]) ? 'NaN' : describe(array[t])}; expected 0 or 1 (or false/true)`);
      if (side !== undefined && !sides.includes(side)) {
        throw new ConfigError(file, `${at}[${t}]`, `is 1 but the strategy declares sides [${sides.join(', ')}]; add '${side}' to sides or never signal it`);
      }
      packed[t] |= flag;
    }
    given++;
  }
  if (given === 0) throw new ConfigError(file, 'signals()', `returned no signal array; expected at least one of ${USER_SIGNAL_NAMES.join(', ')}`);
  return packed;
}
