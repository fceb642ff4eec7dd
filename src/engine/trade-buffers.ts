import { exitReasonLabel, sideLabel, type ExitReasonLabel, type SideLabel } from './exit-reason.js';

/**
 * Closed trades as columns. Kernels append into preallocated typed arrays that grow by doubling, so a grid
 * search can reuse one buffer for every combo (`reset()` between runs). Only `[0, count)` is meaningful.
 *
 * Conventions: prices are fills (slippage included), `pnl` is net of fees and funding, `return` is
 * `pnl / equity when the trade (or grid cycle) opened`, indices are bar indices, times are the open time of the bar.
 */
export class TradeBuffers {
  count = 0;
  side!: Int8Array;
  entryIndex!: Int32Array;
  exitIndex!: Int32Array;
  entryTime!: Float64Array;
  exitTime!: Float64Array;
  entryPrice!: Float64Array;
  exitPrice!: Float64Array;
  size!: Float64Array;
  pnl!: Float64Array;
  return!: Float64Array;
  fees!: Float64Array;
  funding!: Float64Array;
  exitReason!: Uint8Array;
  levelsFilled!: Uint16Array;

  constructor(capacity = 64) {
    this.allocate(Math.max(1, capacity));
  }

  get capacity(): number {
    return this.side.length;
  }

  /** Forgets every trade, keeping the memory. */
  reset(): void {
    this.count = 0;
  }

  /** Appends one closed trade (doubling the columns when full). `size` is in base units, always positive. */
  append(
    side: number,
    entryIndex: number,
    exitIndex: number,
    entryTime: number,
    exitTime: number,
    entryPrice: number,
    exitPrice: number,
    size: number,
    pnl: number,
    tradeReturn: number,
    fees: number,
    funding: number,
    exitReason: number,
    levelsFilled: number,
  ): void {
    if (this.count === this.side.length) this.grow();
    const i = this.count++;
    this.side[i] = side;
    this.entryIndex[i] = entryIndex;
    this.exitIndex[i] = exitIndex;
    this.entryTime[i] = entryTime;
    this.exitTime[i] = exitTime;
    this.entryPrice[i] = entryPrice;
    this.exitPrice[i] = exitPrice;
    this.size[i] = size;
    this.pnl[i] = pnl;
    this.return[i] = tradeReturn;
    this.fees[i] = fees;
    this.funding[i] = funding;
    this.exitReason[i] = exitReason;
    this.levelsFilled[i] = levelsFilled;
  }

  private allocate(capacity: number): void {
    this.side = new Int8Array(capacity);
    this.entryIndex = new Int32Array(capacity);
    this.exitIndex = new Int32Array(capacity);
    this.entryTime = new Float64Array(capacity);
    this.exitTime = new Float64Array(capacity);
    this.entryPrice = new Float64Array(capacity);
    this.exitPrice = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.pnl = new Float64Array(capacity);
    this.return = new Float64Array(capacity);
    this.fees = new Float64Array(capacity);
    this.funding = new Float64Array(capacity);
    this.exitReason = new Uint8Array(capacity);
    this.levelsFilled = new Uint16Array(capacity);
  }

  private grow(): void {
    const old = { ...this };
    this.allocate(this.side.length * 2);
    this.side.set(old.side);
    this.entryIndex.set(old.entryIndex);
    this.exitIndex.set(old.exitIndex);
    this.entryTime.set(old.entryTime);
    this.exitTime.set(old.exitTime);
    this.entryPrice.set(old.entryPrice);
    this.exitPrice.set(old.exitPrice);
    this.size.set(old.size);
    this.pnl.set(old.pnl);
    this.return.set(old.return);
    this.fees.set(old.fees);
    this.funding.set(old.funding);
    this.exitReason.set(old.exitReason);
    this.levelsFilled.set(old.levelsFilled);
  }
}

/** One closed trade as a plain object (API edge, reports, tests). */
export interface Trade {
  side: SideLabel;
  entryIndex: number;
  exitIndex: number;
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  size: number;
  pnl: number;
  return: number;
  fees: number;
  funding: number;
  exitReason: ExitReasonLabel;
  levelsFilled: number;
}

/** Converts the first `trades.count` rows to objects with string labels. Not for hot loops. */
export function tradesToObjects(trades: TradeBuffers): Trade[] {
  const out = new Array<Trade>(trades.count);
  for (let i = 0; i < trades.count; i++) {
    out[i] = {
      side: sideLabel(trades.side[i]),
      entryIndex: trades.entryIndex[i],
      exitIndex: trades.exitIndex[i],
      entryTime: trades.entryTime[i],
      exitTime: trades.exitTime[i],
      entryPrice: trades.entryPrice[i],
      exitPrice: trades.exitPrice[i],
      size: trades.size[i],
      pnl: trades.pnl[i],
      return: trades.return[i],
      fees: trades.fees[i],
      funding: trades.funding[i],
      exitReason: exitReasonLabel(trades.exitReason[i]),
      levelsFilled: trades.levelsFilled[i],
    };
  }
  return out;
}
