import { packSignals, SIGNAL_BIT, SIGNAL_MASK } from '../engine/index.js';
import type { StrategyPlan } from './strategy.js';

/** One per-bar array of a plan: signal bits (one byte per bar) or prices (`stride` values per bar for grid levels). */
export interface PlanOutput {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly stride: number;
  readonly kind: 'bits' | 'prices';
}

const BIT_NAMES = Object.entries(SIGNAL_BIT) as [string, number][];

/** Every per-bar array of a plan by name: the packed entry/exit bits, stop/target levels, grid levels and flags. */
export function planOutputs(plan: StrategyPlan, length: number): PlanOutput[] {
  const outputs: PlanOutput[] = [];
  if (plan.family === 'mono') {
    const { packed, enterLong, exitLong, enterShort, exitShort, ...levels } = plan.signals;
    const bits = packed ?? (enterLong ?? exitLong ?? enterShort ?? exitShort ? packSignals({ enterLong, exitLong, enterShort, exitShort }, length) : undefined);
    if (bits) outputs.push({ name: 'signals', values: bits, stride: 1, kind: 'bits' });
    for (const [name, values] of Object.entries(levels)) if (values) outputs.push({ name, values, stride: 1, kind: 'prices' });
    return outputs;
  }
  const { levelCount, scaledLong, scaledShort, ...arrays } = plan.levels;
  // Scaled levels are their center line times constant factors: the line is what can differ between plans.
  for (const [name, scaled] of [['scaledLong', scaledLong], ['scaledShort', scaledShort]] as const) {
    if (scaled) outputs.push({ name: `${name}.center`, values: scaled.center, stride: 1, kind: 'prices' });
  }
  for (const [name, values] of Object.entries(arrays)) {
    if (!values) continue;
    const perLevel = name === 'long' || name === 'short';
    outputs.push({ name, values, stride: perLevel ? levelCount : 1, kind: values instanceof Uint8Array ? 'bits' : 'prices' });
  }
  return outputs;
}

/** Where two plans first disagree on bars [from, to) (`shift` = bars the other plan's index 0 lies after the full one's). */
export interface OutputDifference {
  /** Bar index in the full plan. */
  readonly bar: number;
  /** Output name: 'enterLong', 'stopLong', 'long level 2'... */
  readonly output: string;
  readonly expected: number;
  readonly found: number;
}

function same(a: number, b: number, tolerance: number): boolean {
  if (Object.is(a, b)) return true;
  if (tolerance === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

function nameOf(output: PlanOutput, index: number, expected: number, found: number): { name: string; expected: number; found: number } {
  if (output.name === 'signals') {
    const diff = expected ^ found;
    const [name, bit] = BIT_NAMES.find(([, flag]) => (diff & flag) !== 0) ?? ['signals', 0xff];
    return { name, expected: Number((expected & bit) !== 0), found: Number((found & bit) !== 0) };
  }
  const name = output.stride > 1 ? `${output.name} level ${index % output.stride}` : output.name;
  return { name, expected, found };
}

/**
 * The first bar in [from, to) of the full plan where `other` (a plan on candles starting `shift` bars later)
 * differs, or undefined. Bits compare exactly; prices exactly too unless a relative `tolerance` is given (NaN
 * equals NaN). An output present in one plan and missing in the other differs at `from`.
 */
export function firstOutputDifference(full: readonly PlanOutput[], other: readonly PlanOutput[], from: number, to: number, shift = 0, tolerance = 0): OutputDifference | undefined {
  let first: OutputDifference | undefined;
  for (const output of full) {
    const counterpart = other.find((candidate) => candidate.name === output.name);
    if (!counterpart) return { bar: from, output: output.name, expected: 1, found: 0 };
    const { stride } = output;
    const end = Math.min(to, first ? first.bar : to);
    for (let i = from * stride; i < end * stride; i++) {
      const mask = output.name === 'signals' ? SIGNAL_MASK : -1;
      const expected = output.kind === 'bits' ? output.values[i] & mask : output.values[i];
      const found = output.kind === 'bits' ? counterpart.values[i - shift * stride] & mask : counterpart.values[i - shift * stride];
      if (same(expected, found, output.kind === 'bits' ? 0 : tolerance)) continue;
      const named = nameOf(output, i, expected, found);
      first = { bar: Math.floor(i / stride), output: named.name, expected: named.expected, found: named.found };
      break;
    }
  }
  const missing = other.find((candidate) => !full.some((output) => output.name === candidate.name));
  if (missing && (!first || from < first.bar)) return { bar: from, output: missing.name, expected: 0, found: 1 };
  return first;
}
