import { createRng, type Rng } from '../../core/rng.js';

export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** The generator of one market's coarse (15-minute) layer for one UTC day: a pure function of (seed, symbol, day). */
export function coarseDayRng(seed: number, symbol: string, day: number): Rng {
  return createRng(`sim:${seed}:${symbol}:${day}:coarse`);
}

/** The generator of one market's 1-minute bars for one UTC day: a pure function of (seed, symbol, day). */
export function minuteDayRng(seed: number, symbol: string, day: number): Rng {
  return createRng(`sim:${seed}:${symbol}:${day}:minute`);
}
