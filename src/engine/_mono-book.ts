import type { Candles } from '../core/index.js';
import { resolveCosts } from './costs.js';
import { intrabarPolicyCode } from './fill-rules.js';
import { resolveFunding, type ResolvedFunding } from './funding.js';
import { checkFraction, type MonoKernelOptions, type Signals } from './mono-options.js';
import { nanFloats } from './_filler-arrays.js';
import { actingCodes, signalActions } from './_mono-signal-table.js';
import { resolveSizing, type ResolvedSizing } from './sizing.js';
import type { TradeBuffers } from './trade-buffers.js';

const NO_FLOATS: Float64Array = new Float64Array(0);
const NO_BYTES: Uint8Array = new Uint8Array(0);

/**
 * The whole state of one mono-kernel run as plain fields, read and written by the phase functions of
 * _mono-bar.ts (one bar) and _mono-quiet-bars.ts (runs of bars where nothing happens). Prices of the open
 * position are in position space (real price x side). One per thread, `reset()` for each run; double fields
 * start as NaN ("not set yet") so V8 stores them unboxed from the first write.
 */
export class MonoBook {
  // Inputs, fixed per run.
  timestamp: Float64Array = NO_FLOATS;
  open: Float64Array = NO_FLOATS;
  high: Float64Array = NO_FLOATS;
  low: Float64Array = NO_FLOATS;
  close: Float64Array = NO_FLOATS;
  packed: Uint8Array = NO_BYTES;
  stopLong: Float64Array = NO_FLOATS;
  tpLong: Float64Array = NO_FLOATS;
  stopShort: Float64Array = NO_FLOATS;
  tpShort: Float64Array = NO_FLOATS;
  /** Bar t's equity goes to marks[t & mask]: the curve (mask -1), or a one-slot sink (mask 0) when not recorded. */
  marks: Float64Array = NO_FLOATS;
  mask = 0;
  trades: TradeBuffers | null = null;
  n = 0;
  start = 0;
  /** The quiet loops stop before the last bar: its return is taken after a final 'end' close may re-mark it. */
  quietEnd = 0;
  slip = Number.NaN;
  marketFee = Number.NaN;
  stopFee = Number.NaN;
  takeProfitFee = Number.NaN;
  sizing: ResolvedSizing = { mode: 0, amount: 1, leverage: 1, lotSize: 0 };
  funding: ResolvedFunding = { enabled: false, rate: 0, rates: null, intervalMs: 1 };
  fundingEnabled = false;
  policy = 0;
  stopPct = Number.NaN;
  tpPct = Number.NaN;
  trailPct = Number.NaN;
  trailing = false;
  dynamic = false;
  hasLevels = false;
  /** Without level arrays, stop / take-profit rules or a trailing stop a position only ends on a signal. */
  checksExits = false;
  /** Quiet bars can be skipped when nothing else changes from bar to bar (no trailing stop, no dynamic levels). */
  skipQuiet = false;
  actions: Uint8Array = NO_BYTES;
  flatActing = 0;
  longActing = 0;
  shortActing = 0;
  // Running totals.
  cash = Number.NaN;
  ambiguousBars = 0;
  barsInPosition = 0;
  firstEquity = Number.NaN;
  beforeLastEquity = Number.NaN;
  /**
   * [return sum, sum of squares, equity of the last marked bar, a prefetch sink, sum of squared downside returns],
   * shared with the quiet loops.
   */
  readonly moments = new Float64Array(5);
  // The open position (side 0 = flat).
  side = 0;
  units = Number.NaN;
  entryP = Number.NaN;
  entryIndex = 0;
  entryFee = Number.NaN;
  fundingPaid = Number.NaN;
  equityAtEntry = Number.NaN;
  pctStopP = Number.NaN;
  levelStopP = Number.NaN;
  pctTpP = Number.NaN;
  levelTpP = Number.NaN;
  extremeP = Number.NaN;
  // Orders decided at the previous close.
  pendingExit = 0;
  pendingSide = 0;
  pendingStop = Number.NaN;
  pendingTp = Number.NaN;

  /** Prepares a run of `candles` with packed signals `packed` and the level arrays of `signals`. */
  reset(candles: Candles, signals: Signals, packed: Uint8Array, options: MonoKernelOptions, marks: Float64Array, record: boolean, trades: TradeBuffers): void {
    const n = candles.close.length;
    this.timestamp = candles.timestamp;
    this.open = candles.open;
    this.high = candles.high;
    this.low = candles.low;
    this.close = candles.close;
    this.packed = packed;
    this.stopLong = signals.stopLong ?? nanFloats(n);
    this.tpLong = signals.takeProfitLong ?? nanFloats(n);
    this.stopShort = signals.stopShort ?? nanFloats(n);
    this.tpShort = signals.takeProfitShort ?? nanFloats(n);
    this.marks = marks;
    this.mask = record ? -1 : 0;
    this.trades = trades;
    this.n = n;
    this.start = Math.max(0, options.startIndex ?? 0);
    this.quietEnd = n - 1;
    const costs = resolveCosts(options.fees);
    this.slip = costs.slippage;
    this.marketFee = costs.marketFee;
    this.stopFee = costs.stopFee;
    this.takeProfitFee = costs.takeProfitFee;
    this.sizing = resolveSizing(options.sizing);
    this.funding = resolveFunding(options.funding);
    this.fundingEnabled = this.funding.enabled;
    this.policy = intrabarPolicyCode(options.intrabar);
    this.stopPct = checkFraction('stopLossPct', options.stopLossPct);
    this.tpPct = checkFraction('takeProfitPct', options.takeProfitPct);
    this.trailPct = checkFraction('trailingStopPct', options.trailingStopPct);
    this.trailing = this.trailPct === this.trailPct;
    this.dynamic = options.dynamicLevels === true;
    this.hasLevels = (signals.stopLong ?? signals.takeProfitLong ?? signals.stopShort ?? signals.takeProfitShort) !== undefined;
    this.checksExits = this.hasLevels || this.stopPct === this.stopPct || this.tpPct === this.tpPct || this.trailing;
    this.skipQuiet = !this.dynamic && !this.trailing;
    this.actions = signalActions((options.oppositeEntry ?? 'reverse') === 'reverse');
    this.flatActing = actingCodes(this.actions, 0);
    this.longActing = actingCodes(this.actions, 1);
    this.shortActing = actingCodes(this.actions, -1);
    this.cash = options.initialCash ?? 10_000;
    this.ambiguousBars = 0;
    this.barsInPosition = 0;
    this.firstEquity = 0;
    this.beforeLastEquity = 0;
    this.moments.fill(0);
    this.side = 0;
    this.units = 0;
    this.entryP = 0;
    this.entryIndex = 0;
    this.entryFee = 0;
    this.fundingPaid = 0;
    this.equityAtEntry = 0;
    this.pctStopP = -Infinity;
    this.levelStopP = -Infinity;
    this.pctTpP = Infinity;
    this.levelTpP = Infinity;
    this.extremeP = 0;
    this.pendingExit = 0;
    this.pendingSide = 0;
    this.pendingStop = Number.NaN;
    this.pendingTp = Number.NaN;
  }

  /** Drops the references to the run's arrays (so a finished run's candles and signals can be collected). */
  release(): void {
    this.timestamp = this.open = this.high = this.low = this.close = NO_FLOATS;
    this.stopLong = this.tpLong = this.stopShort = this.tpShort = this.marks = NO_FLOATS;
    this.packed = this.actions = NO_BYTES;
    this.trades = null;
  }
}
