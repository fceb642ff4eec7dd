import type { ResolvedCosts } from './costs.js';
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
 * The positions of one grid book: per group (all levels in 'average' mode, one level in 'perLevel' mode) its
 * units, cost basis, stop and pct take-profit, fees and funding; fills, exits (appending trades) and marking.
 * Everything the bar loop reads is copied off `setup` into own fields so the hot path sees one hidden class.
 * Double fields start at 0.5 so V8 stores them unboxed from the first write.
 */
export class GridLedger {
  /** Cash released by this book so far (fees, funding and realised P&L). */
  realized = 0.5;
  /** Equity at the previous close, used to size a new cycle. Set by the kernel before each bar. */
  equityRef = 0.5;
  protected readonly s: number;
  protected readonly groupCount: number;
  protected readonly groupSize: number;
  protected readonly filled: Uint8Array;
  protected readonly units: Float64Array;
  protected readonly cost: Float64Array;
  /** Per group: stop and pct take-profit in position space, re-computed on every fill. */
  protected readonly stopP: Float64Array;
  protected readonly pctTakeProfitP: Float64Array;
  protected readonly lastExit: Int32Array;
  protected readonly slippage: number;
  protected readonly marketFee: number;
  protected readonly stopFee: number;
  protected readonly takeProfitFee: number;
  protected openGroups = 0;
  private readonly stopPct: number;
  private readonly tpPct: number;
  private readonly timestamp: Float64Array;
  private readonly weights: Float64Array;
  private readonly sizing: ResolvedSizing;
  private readonly trades: TradeBuffers;
  private readonly limitEntryFee: number;
  private readonly fees: Float64Array;
  private readonly funding: Float64Array;
  private readonly firstIndex: Int32Array;
  private readonly filledCount: Int32Array;
  private readonly cycleEquity: Float64Array;

  constructor(setup: GridBookSetup) {
    const groups = setup.levelCount / setup.groupSize;
    this.realized = 0;
    this.s = setup.side;
    this.groupCount = groups;
    this.groupSize = setup.groupSize;
    this.filled = new Uint8Array(setup.levelCount);
    this.units = new Float64Array(groups);
    this.cost = new Float64Array(groups);
    this.stopP = new Float64Array(groups);
    this.pctTakeProfitP = new Float64Array(groups);
    this.lastExit = new Int32Array(groups).fill(-1);
    this.slippage = setup.costs.slippage;
    this.marketFee = setup.costs.marketFee;
    this.stopFee = setup.costs.stopFee;
    this.takeProfitFee = setup.costs.takeProfitFee;
    this.stopPct = setup.stopPct;
    this.tpPct = setup.tpPct;
    this.timestamp = setup.timestamp;
    this.weights = setup.weights;
    this.sizing = setup.sizing;
    this.trades = setup.trades;
    this.limitEntryFee = setup.costs.limitEntryFee;
    this.fees = new Float64Array(groups);
    this.funding = new Float64Array(groups);
    this.firstIndex = new Int32Array(groups);
    this.filledCount = new Int32Array(groups);
    this.cycleEquity = new Float64Array(groups);
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

  /** Open positions marked at a real close price. */
  protected mark(close: number): number {
    let value = 0;
    for (let g = 0; g < this.groupCount; g++) value += this.units[g] * this.s * close - this.cost[g];
    return value;
  }

  isOpen(): boolean {
    return this.openGroups !== 0;
  }

  protected closeOpenGroups(t: number, exitP: number, feeRate: number, reason: number): void {
    for (let g = 0; g < this.groupCount; g++) if (this.units[g] !== 0) this.exit(g, t, exitP, feeRate, reason);
  }

  protected fill(k: number, t: number, priceP: number): void {
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

  protected exit(g: number, t: number, exitP: number, feeRate: number, reason: number): void {
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
