import { advanceCoarseDay, COARSE_STATE_SIZE, initialCoarseState, readCoarseState, writeCoarseState, type CoarseState } from './coarse-path.js';
import { coarseDayRng, DAY_MS } from './day-seeds.js';
import type { SimMarketSpec } from './universe.js';

/**
 * The coarse state of one market at the start of every UTC day since its listing, computed sequentially once
 * (O(days), about 100 steps a day) and kept (8 floats a day), so any day can be regenerated without replaying history.
 */
export class DayCheckpoints {
  /** UTC day number (days since 1970-01-01) of the listing. */
  readonly firstDay: number;
  private buffer = new Float64Array(COARSE_STATE_SIZE * 128);
  private storedDays = 1;
  private readonly walker: CoarseState;

  constructor(
    private readonly spec: SimMarketSpec,
    private readonly seed: number,
  ) {
    this.firstDay = Math.floor(spec.listedAt / DAY_MS);
    this.walker = initialCoarseState(spec);
    writeCoarseState(this.walker, this.buffer, 0);
  }

  /** Copies the state at the start of UTC day `day` into `into` (which it returns). */
  stateAt(day: number, into: CoarseState): CoarseState {
    const index = day - this.firstDay;
    if (index < 0) throw new RangeError(`${this.spec.symbol} is not listed before day ${this.firstDay}, asked for day ${day}`);
    while (this.storedDays <= index) {
      const previousDay = this.firstDay + this.storedDays - 1;
      advanceCoarseDay(this.spec, this.walker, previousDay * DAY_MS, coarseDayRng(this.seed, this.spec.symbol, previousDay));
      this.ensureCapacity(this.storedDays + 1);
      writeCoarseState(this.walker, this.buffer, this.storedDays * COARSE_STATE_SIZE);
      this.storedDays++;
    }
    return readCoarseState(this.buffer, index * COARSE_STATE_SIZE, into);
  }

  private ensureCapacity(days: number): void {
    if (days * COARSE_STATE_SIZE <= this.buffer.length) return;
    const grown = new Float64Array(this.buffer.length * 2);
    grown.set(this.buffer);
    this.buffer = grown;
  }
}
