import { EXIT_REASON } from './exit-reason.js';
import type { ResolvedCosts } from './costs.js';
import { INTRABAR_POLICY, stopSideFirst } from './fill-rules.js';
import { positionUnits, type ResolvedSizing } from './sizing.js';
import type { TradeBuffers } from './trade-buffers.js';

/** Fixed settings of one grid book. Prices inside the book are in position space (real price x side). */
export interface GridBookSetup {
  side: number;
  levelCount: number;
  /** Levels per position group: levelCount ('average' mode) or 1 ('perLevel'). */
  groupSize: number;
  levels: Float64Array;
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

/**
 * One side of the grid kernel: entry levels, the position groups they feed, and their exits. `step()` runs one
 * bar along the path open -> (stop side, take-profit side) in the order the intrabar policy picks, then -> close.
 */
export class GridBook {
  /** Cash released by this book so far (fees, funding and realised P&L). */
  realized = 0.5;
  private readonly s: number;
  private readonly groupCount: number;
  private readonly groupSize: number;
  private readonly levelCount: number;
  private readonly levels: Float64Array;
  private readonly stopPct: number;
  private readonly tpPct: number;
  private readonly policy: number;
  private readonly pessimistic: boolean;
  private readonly filled: Uint8Array;
  // Everything the bar loop reads is copied off `setup` into own fields: one stable hidden class for the hot path.
  private readonly start: number;
  private readonly open: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly close: Float64Array;
  private readonly timestamp: Float64Array;
  private readonly takeProfit: Float64Array;
  private readonly forceClose: Uint8Array;
  private readonly weights: Float64Array;
  private readonly sizing: ResolvedSizing;
  private readonly trades: TradeBuffers;
  private readonly slippage: number;
  private readonly marketFee: number;
  private readonly stopFee: number;
  private readonly takeProfitFee: number;
  private readonly limitEntryFee: number;
  private readonly units: Float64Array;
  private readonly cost: Float64Array;
  /** Per group: stop and pct take-profit in position space, re-computed on every fill. */
  private readonly stopP: Float64Array;
  private readonly pctTakeProfitP: Float64Array;
  private readonly fees: Float64Array;
  private readonly funding: Float64Array;
  private readonly firstIndex: Int32Array;
  private readonly filledCount: Int32Array;
  private readonly cycleEquity: Float64Array;
  private readonly lastExit: Int32Array;
  private readonly lastIntrabarFill: Int32Array;
  private openGroups = 0;
  private tpArrayP = Infinity;
  private row = -1;
  // Per-bar values live in fields: passing doubles to non-inlined methods would box them (an allocation per bar).
  // Double fields start at 0.5 so V8 gives them an unboxed double representation from the first store.
  /** Equity at the previous close, used to size a new cycle. Set by the kernel before `step()`. */
  equityRef = 0.5;
  /** Value of the open positions marked at the last stepped close. */
  markValue = 0.5;
  private oP = 0.5;
  private hP = 0.5;
  private lP = 0.5;
  private cP = 0.5;

  constructor(setup: GridBookSetup) {
    const groups = setup.levelCount / setup.groupSize;
    this.realized = 0;
    this.s = setup.side;
    this.groupCount = groups;
    this.groupSize = setup.groupSize;
    this.levelCount = setup.levelCount;
    this.levels = setup.levels;
    this.stopPct = setup.stopPct;
    this.tpPct = setup.tpPct;
    this.policy = setup.policy;
    this.pessimistic = setup.policy === INTRABAR_POLICY.pessimistic;
    this.filled = new Uint8Array(setup.levelCount);
    this.start = setup.start;
    this.open = setup.open;
    this.high = setup.high;
    this.low = setup.low;
    this.close = setup.close;
    this.timestamp = setup.timestamp;
    this.takeProfit = setup.takeProfit;
    this.forceClose = setup.forceClose;
    this.weights = setup.weights;
    this.sizing = setup.sizing;
    this.trades = setup.trades;
    this.slippage = setup.costs.slippage;
    this.marketFee = setup.costs.marketFee;
    this.stopFee = setup.costs.stopFee;
    this.takeProfitFee = setup.costs.takeProfitFee;
    this.limitEntryFee = setup.costs.limitEntryFee;
    this.units = new Float64Array(groups);
    this.cost = new Float64Array(groups);
    this.stopP = new Float64Array(groups);
    this.pctTakeProfitP = new Float64Array(groups);
    this.fees = new Float64Array(groups);
    this.funding = new Float64Array(groups);
    this.firstIndex = new Int32Array(groups);
    this.filledCount = new Int32Array(groups);
    this.cycleEquity = new Float64Array(groups);
    this.lastExit = new Int32Array(groups).fill(-1);
    this.lastIntrabarFill = new Int32Array(groups).fill(-1);
  }

  /** Funding on open positions at a funding bar's open. */
  payFunding(rate: number, open: number): void {
    for (let g = 0; g < this.groupCount; g++) {
      if (this.units[g] === 0) continue;
      const paid = this.s * rate * this.units[g] * open;
      this.funding[g] += paid;
      this.realized -= paid;
    }
  }

  /** Processes bar t and marks it; returns 1 when a position's stop and take-profit were both inside the bar. */
  step(t: number): number {
    const ambiguous = this.runBar(t);
    this.markValue = this.openGroups === 0 ? 0 : this.mark(this.close[t]);
    return ambiguous;
  }

  private runBar(t: number): number {
    const s = this.s;
    const { open: openColumn, high: highColumn, low: lowColumn } = this;
    const open = openColumn[t];
    const oP = s * open;
    const hP = s > 0 ? highColumn[t] : -lowColumn[t];
    const lP = s > 0 ? lowColumn[t] : -highColumn[t];
    this.oP = oP;
    this.hP = hP;
    this.lP = lP;
    const armed = t - 1 >= this.start;
    this.row = armed ? (t - 1) * this.levelCount : -1;
    if (this.openGroups === 0) {
      if (!armed || !this.anyLevelAtOrAbove()) return 0;
      this.tpArrayP = this.takeProfitAt(t - 1);
    } else {
      this.tpArrayP = armed ? this.takeProfitAt(t - 1) : Infinity;
      if (armed && this.forceClose[t - 1] !== 0) this.closeOpenGroups(t, oP - this.slippage * open, this.marketFee, EXIT_REASON.forceClose);
      else this.gapExits(t);
      if (!armed) return 0;
    }
    const levels = this.levels;
    const row = this.row;
    for (let k = 0; k < this.levelCount; k++) {
      if (oP <= s * levels[row + k] && this.canFill(k, t)) this.fill(k, t, oP);
    }
    let ambiguous = 0;
    for (let g = 0; g < this.groupCount; g++) {
      if (this.units[g] !== 0 && lP <= this.stopP[g] && hP >= this.takeProfitOf(g)) ambiguous = 1;
    }
    const cP = s * this.close[t];
    this.cP = cP;
    if (stopSideFirst(this.policy, oP, hP, lP, cP)) {
      this.downLeg(t);
      if (this.openGroups !== 0) this.upLeg(t, false);
    } else {
      if (this.openGroups !== 0) this.upLeg(t, false);
      this.downLeg(t);
      if (this.openGroups !== 0) this.upLeg(t, true);
    }
    return ambiguous;
  }

  private mark(close: number): number {
    let value = 0;
    for (let g = 0; g < this.groupCount; g++) value += this.units[g] * this.s * close - this.cost[g];
    return value;
  }

  isOpen(): boolean {
    return this.openGroups !== 0;
  }

  /** Closes every open position at a real price as a market order (the final 'end' close). */
  closeAll(t: number, price: number, reason: number): void {
    this.closeOpenGroups(t, this.s * price - this.slippage * price, this.marketFee, reason);
  }

  private closeOpenGroups(t: number, exitP: number, feeRate: number, reason: number): void {
    for (let g = 0; g < this.groupCount; g++) if (this.units[g] !== 0) this.exit(g, t, exitP, feeRate, reason);
  }

  /** Stops and take-profits the bar opens beyond fill at the open. */
  private gapExits(t: number): void {
        const oP = this.oP;
    const open = this.open[t];
    for (let g = 0; g < this.groupCount; g++) {
      if (this.units[g] === 0) continue;
      if (oP <= this.stopP[g]) this.exit(g, t, oP - this.slippage * open, this.stopFee, EXIT_REASON.stopLoss);
      else if (oP >= this.takeProfitOf(g)) this.exit(g, t, oP, this.takeProfitFee, EXIT_REASON.takeProfit);
    }
  }

  private anyLevelAtOrAbove(): boolean {
    const levels = this.levels;
    const lP = this.lP;
    for (let k = 0; k < this.levelCount; k++) if (this.s * levels[this.row + k] >= lP) return true;
    return false;
  }

  private takeProfitAt(index: number): number {
    const level = this.takeProfit[index];
    return level === level ? this.s * level : Infinity;
  }

  private downLeg(t: number): void {
    const levels = this.levels;
    const oP = this.oP;
    const lP = this.lP;
    const size = this.groupSize;
    for (let g = 0; g < this.groupCount; g++) {
      if (this.lastExit[g] === t) continue;
      for (let k = g * size; k < (g + 1) * size; k++) {
        const levelP = this.s * levels[this.row + k];
        if (!(levelP < oP && levelP >= lP) || this.filled[k] !== 0) continue;
        if (this.units[g] !== 0 && this.stopP[g] >= levelP) break;
        this.fill(k, t, levelP);
        this.lastIntrabarFill[g] = t;
      }
      if (this.units[g] === 0) continue;
      const stopP = this.stopP[g];
      if (lP <= stopP) {
        const slip = this.slippage * (stopP < 0 ? -stopP : stopP);
        this.exit(g, t, stopP - slip, this.stopFee, EXIT_REASON.stopLoss);
      }
    }
  }

  /**
   * Take-profit side of the path up to `toP`. Under the pessimistic policy a group that filled a level inside this
   * bar (not at the open) only takes profit when the close is beyond its take-profit: the bar may have reached
   * its high before the fill.
   */
  private upLeg(t: number, toClose: boolean): void {
    const closeP = this.cP;
    const toP = toClose ? closeP : this.hP;
    for (let g = 0; g < this.groupCount; g++) {
      if (this.units[g] === 0) continue;
      const tpP = this.takeProfitOf(g);
      const reachP = this.pessimistic && this.lastIntrabarFill[g] === t ? closeP : toP;
      if (reachP >= tpP) this.exit(g, t, tpP, this.takeProfitFee, EXIT_REASON.takeProfit);
    }
  }

  private canFill(k: number, t: number): boolean {
    return this.filled[k] === 0 && this.lastExit[(k / this.groupSize) | 0] !== t;
  }

  private takeProfitOf(g: number): number {
    const pctP = this.pctTakeProfitP[g];
    return pctP < this.tpArrayP ? pctP : this.tpArrayP;
  }

  private fill(k: number, t: number, priceP: number): void {
    const g = (k / this.groupSize) | 0;
    const price = this.s * priceP;
    if (this.units[g] === 0) this.cycleEquity[g] = this.equityRef;
    // Dividing the price by the weight scales the sizing notional by it, before lot rounding.
    const size = positionUnits(this.sizing, this.cycleEquity[g], price / this.weights[k], Number.NaN);
    if (size === 0) return;
    if (this.units[g] === 0) {
      this.firstIndex[g] = t;
      this.filledCount[g] = 0;
      this.fees[g] = 0;
      this.funding[g] = 0;
      this.openGroups++;
    }
    const fee = this.limitEntryFee * size * price;
    this.filled[k] = 1;
    this.units[g] += size;
    this.cost[g] += size * priceP;
    this.fees[g] += fee;
    this.filledCount[g]++;
    this.realized -= fee;
    const average = this.cost[g] / this.units[g];
    const distance = average < 0 ? -average : average;
    this.stopP[g] = this.stopPct === this.stopPct ? average - this.stopPct * distance : -Infinity;
    this.pctTakeProfitP[g] = this.tpPct === this.tpPct ? average + this.tpPct * distance : Infinity;
  }

  private exit(g: number, t: number, exitP: number, feeRate: number, reason: number): void {
    const units = this.units[g];
    const averageP = this.cost[g] / units;
    const exitFee = feeRate * units * this.s * exitP;
    const gross = units * exitP - this.cost[g];
    const fees = this.fees[g] + exitFee;
    const pnl = gross - fees - this.funding[g];
    const { trades, timestamp } = this;
    const first = this.firstIndex[g];
    trades.append(this.s, first, t, timestamp[first], timestamp[t], this.s * averageP, this.s * exitP, units, pnl,
      this.cycleEquity[g] > 0 ? pnl / this.cycleEquity[g] : 0, fees, this.funding[g], reason, this.filledCount[g]);
    this.realized += gross - exitFee;
    this.units[g] = 0;
    this.cost[g] = 0;
    this.lastExit[g] = t;
    this.openGroups--;
    this.filled.fill(0, g * this.groupSize, (g + 1) * this.groupSize);
  }
}
