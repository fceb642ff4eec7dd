import { EXIT_REASON } from './exit-reason.js';
import { INTRABAR_POLICY, stopSideFirst } from './fill-rules.js';
import { GridLedger, type GridBookSetup } from './_grid-ledger.js';

/**
 * One side of the grid kernel: its entry levels and the bar path. `step()` runs one bar along the path
 * open -> (stop side, take-profit side) in the order the intrabar policy picks, then -> close, filling levels and
 * exiting positions through the ledger. Per-bar prices live in fields: passing doubles to non-inlined methods
 * would box them (an allocation per bar).
 */
export class GridBook extends GridLedger {
  /** Value of the open positions marked at the last stepped close. */
  markValue = 0.5;
  private tpArrayP = 0.5;
  private oP = 0.5;
  private hP = 0.5;
  private lP = 0.5;
  private cP = 0.5;
  private row = -1;
  private readonly levelCount: number;
  private readonly levels: Float64Array;
  private readonly policy: number;
  private readonly pessimistic: boolean;
  private readonly start: number;
  private readonly open: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly close: Float64Array;
  private readonly takeProfit: Float64Array;
  private readonly forceClose: Uint8Array;
  private readonly lastIntrabarFill: Int32Array;

  constructor(setup: GridBookSetup) {
    super(setup);
    this.levelCount = setup.levelCount;
    this.levels = setup.levels;
    this.policy = setup.policy;
    this.pessimistic = setup.policy === INTRABAR_POLICY.pessimistic;
    this.start = setup.start;
    this.open = setup.open;
    this.high = setup.high;
    this.low = setup.low;
    this.close = setup.close;
    this.takeProfit = setup.takeProfit;
    this.forceClose = setup.forceClose;
    this.lastIntrabarFill = new Int32Array(this.groupCount).fill(-1);
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
      else if (this.isQuietBar()) return 0;
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

  /**
   * For a flat book: the first bar in [from, end) on which it can act (armed and some level at or beyond the bar's
   * position-space low), else `end`. Every bar before it is exactly what `step()` would do flat: nothing, mark 0.
   */
  firstActiveBar(from: number, end: number): number {
    const { levels, levelCount } = this;
    let t = Math.max(from, this.start + 1);
    if (this.s > 0) {
      const low = this.low;
      for (; t < end; t++) {
        const lP = low[t];
        const row = (t - 1) * levelCount;
        for (let k = 0; k < levelCount; k++) if (levels[row + k] >= lP) return t;
      }
    } else {
      const high = this.high;
      for (; t < end; t++) {
        const lP = -high[t];
        const row = (t - 1) * levelCount;
        for (let k = 0; k < levelCount; k++) if (-levels[row + k] >= lP) return t;
      }
    }
    return end;
  }

  /**
   * For an open book alone in the kernel: marks `equity[t] = base + open positions at close[t]` for the bars from
   * `from` on which `step()` would only mark (no force close, nothing within the bar's range: see
   * `isQuietBar`), and returns the first other bar (or `end`). `base` is initial cash + realised.
   */
  markQuietBars(from: number, end: number, equity: Float64Array, base: number): number {
    const { levels, levelCount, low, high, close, takeProfit, forceClose, start, s } = this;
    let t = from;
    for (; t < end; t++) {
      const armed = t - 1 >= start;
      if (armed && forceClose[t - 1] !== 0) break;
      const tpLevel = armed ? takeProfit[t - 1] : Number.NaN;
      const tpArrayP = tpLevel === tpLevel ? s * tpLevel : Infinity;
      const hP = s > 0 ? high[t] : -low[t];
      const lP = s > 0 ? low[t] : -high[t];
      let quiet = true;
      for (let g = 0; g < this.groupCount; g++) {
        if (this.units[g] === 0) continue;
        const pctP = this.pctTakeProfitP[g];
        if (lP <= this.stopP[g] || hP >= (pctP < tpArrayP ? pctP : tpArrayP)) quiet = false;
      }
      if (armed) {
        const row = (t - 1) * levelCount;
        for (let k = 0; k < levelCount; k++) if (this.filled[k] === 0 && s * levels[row + k] >= lP) quiet = false;
      }
      if (!quiet) break;
      equity[t] = base + this.mark(close[t]);
    }
    return t;
  }

  /** Closes every open position at a real price as a market order (the final 'end' close). */
  closeAll(t: number, price: number, reason: number): void {
    this.closeOpenGroups(t, this.s * price - this.slippage * price, this.marketFee, reason);
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

  /** Fast path: no stop, take-profit or unfilled level lies within the bar's range, so nothing can happen. */
  private isQuietBar(): boolean {
    const lP = this.lP;
    for (let g = 0; g < this.groupCount; g++) {
      if (this.units[g] !== 0 && (lP <= this.stopP[g] || this.hP >= this.takeProfitOf(g))) return false;
    }
    if (this.row < 0) return true;
    const levels = this.levels;
    for (let k = 0; k < this.levelCount; k++) {
      if (this.filled[k] === 0 && this.s * levels[this.row + k] >= lP) return false;
    }
    return true;
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
        // A level that sizes to zero units (weight 0, lot rounding) did not fill.
        if (this.filled[k] !== 0) this.lastIntrabarFill[g] = t;
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
}
