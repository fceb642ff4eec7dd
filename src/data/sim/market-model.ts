import { allocateCoarseDay, advanceCoarseDay, type CoarseState } from './coarse-path.js';
import { DayCheckpoints } from './day-checkpoints.js';
import { coarseDayRng, DAY_MS, minuteDayRng } from './day-seeds.js';
import { LruCache } from './lru-cache.js';
import { DAY_BLOCK_LENGTH, generateMinuteDay } from './minute-day.js';
import type { SimMarketSpec } from './universe.js';

/** Day blocks kept in memory by default: 512 x 57.6 KB, about 30 MB. */
export const DEFAULT_CACHED_DAYS = 512;

/**
 * The simulated market: 1-minute bars of every market, a pure function of (seed, symbol, minute).
 * A day is generated from the market's state at the day's start (DayCheckpoints) and the day's own seed, so days
 * can be produced in any order; generated days are kept in a bounded LRU cache.
 */
export class SimMarketModel {
  private readonly checkpoints = new Map<string, DayCheckpoints>();
  private readonly days: LruCache<string, Float64Array>;
  private readonly coarseDay = allocateCoarseDay();
  private readonly dayState: CoarseState;

  constructor(
    readonly seed: number,
    cachedDays = DEFAULT_CACHED_DAYS,
  ) {
    this.days = new LruCache(cachedDays);
    this.dayState = { logPrice: 0, garch: 1, regime: 0, stepsLeft: 0, trend: 0, anchor: 0, kappa: 0, dailyVolatilityLog: 0 };
  }

  /**
   * The 1-minute bars of UTC day `day` (days since 1970-01-01) as a day block (see minute-day.ts for the layout).
   * The returned array is shared with the cache: read it, never write to it.
   */
  minuteDay(spec: SimMarketSpec, day: number): Float64Array {
    const key = `${spec.symbol}|${day}`;
    const cached = this.days.get(key);
    if (cached) return cached;
    const state = this.checkpointsOf(spec).stateAt(day, this.dayState);
    advanceCoarseDay(spec, state, day * DAY_MS, coarseDayRng(this.seed, spec.symbol, day), this.coarseDay);
    const block = new Float64Array(DAY_BLOCK_LENGTH);
    generateMinuteDay(spec, this.coarseDay, day * DAY_MS, minuteDayRng(this.seed, spec.symbol, day), block);
    this.days.set(key, block);
    return block;
  }

  private checkpointsOf(spec: SimMarketSpec): DayCheckpoints {
    let checkpoints = this.checkpoints.get(spec.symbol);
    if (!checkpoints) {
      checkpoints = new DayCheckpoints(spec, this.seed);
      this.checkpoints.set(spec.symbol, checkpoints);
    }
    return checkpoints;
  }
}
