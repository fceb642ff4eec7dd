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
}

/**
 * One side of the grid kernel: entry levels, the position groups they feed, and their exits. `step()` runs one
 * bar along the path open -> (stop side, take-profit side) in the order the intrabar policy picks, then -> close.
 */
export class GridBook {
  realized = 0;
  private readonly s: number;
  private readonly groupCount: number;
  private readonly filled: Uint8Array;
  private readonly units: Float64Array;
  private readonly cost: Float64Array;
  private readonly fees: Float64Array;
  private readonly funding: Float64Array;
  private readonly firstIndex: Int32Array;
  private readonly filledCount: Int32Array;
  private readonly cycleEquity: Float64Array;
  private readonly lastExit: Int32Array;
  private readonly lastIntrabarFill: Int32Array;
  private tpArrayP = Infinity;
  private row = -1;

  constructor(private readonly setup: GridBookSetup) {
    const groups = setup.levelCount / setup.groupSize;
    this.s = setup.side;
    this.groupCount = groups;
    this.filled = new Uint8Array(setup.levelCount);
    this.units = new Float64Array(groups);
    this.cost = new Float64Array(groups);
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

  /** Processes bar t; returns 1 when a position's stop and take-profit were both inside the bar. */
  step(t: number, open: number, high: number, low: number, close: number, equityRef: number): number {
    const s = this.s;
    const { start, levelCount, takeProfit, forceClose } = this.setup;
    const oP = s * open;
    const hP = s > 0 ? high : -low;
    const lP = s > 0 ? low : -high;
    const cP = s * close;
    const armed = t - 1 >= start;
    this.row = armed ? (t - 1) * levelCount : -1;
    const tpLevel = armed ? takeProfit[t - 1] : Number.NaN;
    this.tpArrayP = tpLevel === tpLevel ? s * tpLevel : Infinity;
    const force = armed && forceClose[t - 1] !== 0;
    let ambiguous = 0;
    for (let g = 0; g < this.groupCount; g++) {
      if (this.units[g] === 0) continue;
      if (force) this.exit(g, t, oP - this.setup.costs.slippage * open, this.setup.costs.marketFee, EXIT_REASON.forceClose);
      else if (oP <= this.stopOf(g)) this.exit(g, t, oP - this.setup.costs.slippage * open, this.setup.costs.stopFee, EXIT_REASON.stopLoss);
      else if (oP >= this.takeProfitOf(g)) this.exit(g, t, oP, this.setup.costs.takeProfitFee, EXIT_REASON.takeProfit);
    }
    if (this.row < 0) return 0;
    for (let k = 0; k < levelCount; k++) {
      const levelP = s * this.setup.levels[this.row + k];
      if (oP <= levelP && this.canFill(k, t)) this.fill(k, t, oP, equityRef);
    }
    for (let g = 0; g < this.groupCount; g++) {
      if (this.units[g] !== 0 && lP <= this.stopOf(g) && hP >= this.takeProfitOf(g)) ambiguous = 1;
    }
    if (stopSideFirst(this.setup.policy, oP, hP, lP, cP)) {
      this.downLeg(t, oP, lP, equityRef);
      this.upLeg(t, hP, cP);
    } else {
      this.upLeg(t, hP, cP);
      this.downLeg(t, oP, lP, equityRef);
      this.upLeg(t, cP, cP);
    }
    return ambiguous;
  }

  /** Open positions marked at a real close price. */
  mark(close: number): number {
    let value = 0;
    for (let g = 0; g < this.groupCount; g++) value += this.units[g] * this.s * close - this.cost[g];
    return value;
  }

  isOpen(): boolean {
    for (let g = 0; g < this.groupCount; g++) if (this.units[g] !== 0) return true;
    return false;
  }

  /** Closes every open position at a real price as a market order (the final 'end' close). */
  closeAll(t: number, price: number, reason: number): void {
    const exitP = this.s * price - this.setup.costs.slippage * price;
    for (let g = 0; g < this.groupCount; g++) if (this.units[g] !== 0) this.exit(g, t, exitP, this.setup.costs.marketFee, reason);
  }

  private downLeg(t: number, oP: number, lP: number, equityRef: number): void {
    const { groupSize, levels } = this.setup;
    for (let g = 0; g < this.groupCount; g++) {
      if (this.lastExit[g] === t) continue;
      for (let k = g * groupSize; k < (g + 1) * groupSize; k++) {
        const levelP = this.s * levels[this.row + k];
        if (!(levelP < oP && levelP >= lP) || this.filled[k] !== 0) continue;
        if (this.units[g] !== 0 && this.stopOf(g) >= levelP) break;
        this.fill(k, t, levelP, equityRef);
        this.lastIntrabarFill[g] = t;
      }
      const stopP = this.units[g] !== 0 ? this.stopOf(g) : -Infinity;
      if (lP <= stopP) {
        const slip = this.setup.costs.slippage * (stopP < 0 ? -stopP : stopP);
        this.exit(g, t, stopP - slip, this.setup.costs.stopFee, EXIT_REASON.stopLoss);
      }
    }
  }

  /**
   * Take-profit side of the path up to `toP`. Under the pessimistic policy a group that filled a level inside this
   * bar (not at the open) only takes profit when the close is beyond its take-profit: the bar may have reached
   * its high before the fill.
   */
  private upLeg(t: number, toP: number, closeP: number): void {
    const pessimistic = this.setup.policy === INTRABAR_POLICY.pessimistic;
    for (let g = 0; g < this.groupCount; g++) {
      if (this.units[g] === 0) continue;
      const tpP = this.takeProfitOf(g);
      const reachP = pessimistic && this.lastIntrabarFill[g] === t ? closeP : toP;
      if (reachP >= tpP) this.exit(g, t, tpP, this.setup.costs.takeProfitFee, EXIT_REASON.takeProfit);
    }
  }

  private canFill(k: number, t: number): boolean {
    return this.filled[k] === 0 && this.lastExit[(k / this.setup.groupSize) | 0] !== t;
  }

  private stopOf(g: number): number {
    const average = this.cost[g] / this.units[g];
    return this.setup.stopPct === this.setup.stopPct ? average - this.setup.stopPct * Math.abs(average) : -Infinity;
  }

  private takeProfitOf(g: number): number {
    const average = this.cost[g] / this.units[g];
    const pctP = this.setup.tpPct === this.setup.tpPct ? average + this.setup.tpPct * Math.abs(average) : Infinity;
    return pctP < this.tpArrayP ? pctP : this.tpArrayP;
  }

  private fill(k: number, t: number, priceP: number, equityRef: number): void {
    const g = (k / this.setup.groupSize) | 0;
    const price = this.s * priceP;
    if (this.units[g] === 0) this.cycleEquity[g] = equityRef;
    // Dividing the price by the weight scales the sizing notional by it, before lot rounding.
    const size = positionUnits(this.setup.sizing, this.cycleEquity[g], price / this.setup.weights[k], Number.NaN);
    if (size === 0) return;
    if (this.units[g] === 0) {
      this.firstIndex[g] = t;
      this.filledCount[g] = 0;
      this.fees[g] = 0;
      this.funding[g] = 0;
    }
    const fee = this.setup.costs.limitEntryFee * size * price;
    this.filled[k] = 1;
    this.units[g] += size;
    this.cost[g] += size * priceP;
    this.fees[g] += fee;
    this.filledCount[g]++;
    this.realized -= fee;
  }

  private exit(g: number, t: number, exitP: number, feeRate: number, reason: number): void {
    const units = this.units[g];
    const averageP = this.cost[g] / units;
    const exitFee = feeRate * units * this.s * exitP;
    const gross = units * exitP - this.cost[g];
    const fees = this.fees[g] + exitFee;
    const pnl = gross - fees - this.funding[g];
    const { trades, timestamp, groupSize } = this.setup;
    const first = this.firstIndex[g];
    trades.append(this.s, first, t, timestamp[first], timestamp[t], this.s * averageP, this.s * exitP, units, pnl,
      this.cycleEquity[g] > 0 ? pnl / this.cycleEquity[g] : 0, fees, this.funding[g], reason, this.filledCount[g]);
    this.realized += gross - exitFee;
    this.units[g] = 0;
    this.cost[g] = 0;
    this.lastExit[g] = t;
    this.filled.fill(0, g * groupSize, (g + 1) * groupSize);
  }
}
