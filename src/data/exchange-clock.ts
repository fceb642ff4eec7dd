import type { AppConfig } from '../config/app-config.js';

/**
 * "Now" as the configured exchange sees it, without creating a client: the simulated exchange's frozen clock when
 * `sim.frozen_at` is set, else the wall clock. Status and render use it so states match what backfill fetched.
 */
export function exchangeNow(config: AppConfig): number {
  if (config.runtime.exchange === 'sim' && config.sim.frozen_at) return Date.parse(config.sim.frozen_at);
  return Date.now();
}
