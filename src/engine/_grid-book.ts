import type { ResolvedCosts } from './costs.js';
import { INTRABAR_POLICY } from './fill-rules.js';
import { nearestScaledLevel } from './nearest-levels.js';
import type { ResolvedSizing } from './sizing.js';
import type { TradeBuffers } from './trade-buffers.js';

/** Fixed inputs of one book for one run. Prices inside a book are in position space (real price x side). */
export interface GridBookSetup {
  side: number;
  levelCount: number;
  /** Levels per position group: levelCount ('average' mode) or 1 ('perLevel'). */
  groupSize: number;
  /** The n x levelCount matrix, or empty when the levels are scaled (`scaleCenter` x `scaleFactors`). */
  levels: Float64Array;
  scaleCenter: Float64Array;
  scaleFactors: Float64Array;
  /**
   * Per bar, the level nearest to price (real price, see nearest-levels.ts); empty for scaled levels without a
   * given array: the kernel then computes it from the line (`nearestAt`).
   */
  nearest: Float64Array;
  takeProfit: Float64Array;
  forceClose: Uint8Array;
  weights: Float64Array;
  stopPct: number;
  tpPct: number;
  costs: ResolvedCosts;
  sizing: ResolvedSizing;
  policy: number;
  start: number;
  trades: TradeBuffers;
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

const NO_FLOATS: Float64Array = new Float64Array(0);
const NO_BYTES: Uint8Array = new Uint8Array(0);

/**
 * The whole state of one grid book as plain fields, read and written by the phase functions of
 * _grid-ledger.ts (positions), _grid-bar-path.ts (one bar) and _grid-quiet-bars.ts (runs of bars where nothing
 * happens). One hidden class for every book; double fields start as NaN ("not set yet"), so V8 stores them
 * unboxed from the first write. The kernel keeps two books per thread and `reset()`s them for each run: the
 * per-group arrays are allocated once and grown only for a larger level count.
 */
export class GridBook {
  // Fixed per run.
  side = 0;
  levelCount = 0;
  groupSize = 0;
  groupCount = 0;
  policy = 0;
  pessimistic = true;
  start = 0;
  stopPct = Number.NaN;
  tpPct = Number.NaN;
  slippage = Number.NaN;
  marketFee = Number.NaN;
  stopFee = Number.NaN;
  takeProfitFee = Number.NaN;
  limitEntryFee = Number.NaN;
  sizing: ResolvedSizing = { mode: 0, amount: 1, leverage: 1, lotSize: 0 };
  trades: TradeBuffers | null = null;
  levels: Float64Array = NO_FLOATS;
  scaleCenter: Float64Array = NO_FLOATS;
  scaleFactors: Float64Array = NO_FLOATS;
  scaled = false;
  nearest: Float64Array = NO_FLOATS;
  /** Whether the nearest level comes from the scaled line (no `nearest` array), with its extreme factors. */
  nearestFromLine = false;
  highFactor = Number.NaN;
  lowFactor = Number.NaN;
  takeProfit: Float64Array = NO_FLOATS;
  forceClose: Uint8Array = NO_BYTES;
  weights: Float64Array = NO_FLOATS;
  timestamp: Float64Array = NO_FLOATS;
  open: Float64Array = NO_FLOATS;
  high: Float64Array = NO_FLOATS;
  low: Float64Array = NO_FLOATS;
  close: Float64Array = NO_FLOATS;
  // Per level: 1 while filled in the current cycle.
  filled = new Uint8Array(8);
  // Per position group (all levels in 'average' mode, one level in 'perLevel' mode).
  units = new Float64Array(8);
  cost = new Float64Array(8);
  /** Stop and pct take-profit in position space, re-computed on every fill. */
  stopP = new Float64Array(8);
  pctTakeProfitP = new Float64Array(8);
  fees = new Float64Array(8);
  funding = new Float64Array(8);
  cycleEquity = new Float64Array(8);
  firstIndex = new Int32Array(8);
  filledCount = new Int32Array(8);
  lastExit = new Int32Array(8);
  /** Bar in which the group last filled a level inside the bar (not at the open). */
  lastIntrabarFill = new Int32Array(8);
  openGroups = 0;
  /** Cash released by this book so far (fees, funding and realised P&L). */
  realized = Number.NaN;
  /** Equity at the previous close, which sizes a new cycle; set by the kernel before each stepped bar. */
  equityRef = Number.NaN;
  /** Value of the open positions marked at the last stepped close. */
  markValue = Number.NaN;
  // The bar being stepped, in position space: open, high, low, close, the take-profit array's level, the real open.
  oP = Number.NaN;
  hP = Number.NaN;
  lP = Number.NaN;
  cP = Number.NaN;
  tpArrayP = Number.NaN;
  openPrice = Number.NaN;
  /** Offset of the resting levels (bar t-1's row) while stepping bar t; -1 before the start index. */
  row = -1;

  /** Prepares the book for a run: fixed inputs from `setup`, every position flat. */
  reset(setup: GridBookSetup): void {
    const groups = setup.levelCount / setup.groupSize;
    if (this.filled.length < setup.levelCount) this.grow(setup.levelCount);
    this.side = setup.side;
    this.levelCount = setup.levelCount;
    this.groupSize = setup.groupSize;
    this.groupCount = groups;
    this.policy = setup.policy;
    this.pessimistic = setup.policy === INTRABAR_POLICY.pessimistic;
    this.start = setup.start;
    this.stopPct = setup.stopPct;
    this.tpPct = setup.tpPct;
    this.slippage = setup.costs.slippage;
    this.marketFee = setup.costs.marketFee;
    this.stopFee = setup.costs.stopFee;
    this.takeProfitFee = setup.costs.takeProfitFee;
    this.limitEntryFee = setup.costs.limitEntryFee;
    this.sizing = setup.sizing;
    this.trades = setup.trades;
    this.levels = setup.levels;
    this.scaleCenter = setup.scaleCenter;
    this.scaleFactors = setup.scaleFactors;
    this.scaled = setup.scaleFactors.length > 0;
    this.nearest = setup.nearest;
    this.nearestFromLine = this.scaled && setup.nearest.length === 0;
    this.highFactor = this.scaled ? Math.max(...setup.scaleFactors) : Number.NaN;
    this.lowFactor = this.scaled ? Math.min(...setup.scaleFactors) : Number.NaN;
    this.takeProfit = setup.takeProfit;
    this.forceClose = setup.forceClose;
    this.weights = setup.weights;
    this.timestamp = setup.timestamp;
    this.open = setup.open;
    this.high = setup.high;
    this.low = setup.low;
    this.close = setup.close;
    this.filled.fill(0);
    this.units.fill(0);
    this.cost.fill(0);
    this.lastExit.fill(-1);
    this.lastIntrabarFill.fill(-1);
    this.openGroups = 0;
    this.realized = 0;
    this.markValue = 0;
    this.row = -1;
  }

  /** Drops the references to the run's arrays (so a finished run's candles and levels can be collected). */
  release(): void {
    this.trades = null;
    this.levels = this.scaleCenter = this.scaleFactors = this.nearest = this.takeProfit = this.weights = NO_FLOATS;
    this.timestamp = this.open = this.high = this.low = this.close = NO_FLOATS;
    this.forceClose = NO_BYTES;
  }

  private grow(levelCount: number): void {
    this.filled = new Uint8Array(levelCount);
    for (const key of ['units', 'cost', 'stopP', 'pctTakeProfitP', 'fees', 'funding', 'cycleEquity'] as const) this[key] = new Float64Array(levelCount);
    for (const key of ['firstIndex', 'filledCount', 'lastExit', 'lastIntrabarFill'] as const) this[key] = new Int32Array(levelCount);
  }
}

/** The nearest level (real price) resting after bar `bar`: from the given array, or the scaled line. */
export function nearestAt(book: GridBook, bar: number): number {
  return book.nearestFromLine ? nearestScaledLevel(book.scaleCenter[bar], book.highFactor, book.lowFactor, book.side) : book.nearest[bar];
}

/** Level k (real price) of the levels resting after bar `bar`: from the matrix, or the scaled line. */
export function levelAt(book: GridBook, bar: number, k: number): number {
  return book.scaled ? book.scaleCenter[bar] * book.scaleFactors[k] : book.levels[bar * book.levelCount + k];
}
