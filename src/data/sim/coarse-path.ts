import type { Rng } from '../../core/rng.js';
import { seasonalVolatilityOfDay } from './seasonality.js';
import { studentT6 } from './shocks.js';
import type { SimMarketSpec } from './universe.js';

/** The coarse layer steps every 15 minutes: 96 steps a day. */
export const MINUTES_PER_STEP = 15;
export const STEPS_PER_DAY = 96;

export const RANGE = 0;
export const TREND_UP = 1;
export const TREND_DOWN = 2;

/** GARCH(1,1) on the 15-minute variance multiplier (long-run mean 1). */
const GARCH_ALPHA = 0.07;
const GARCH_BETA = 0.9;
/**
 * One jump every three days on average, of 2 to 5 step-sigmas, in one minute; volatility rises after it. (A jump
 * spread over several minutes would make its first minute predict the next ones: a free lunch, so it is not done.)
 */
const JUMP_PROBABILITY = 1 / (3 * STEPS_PER_DAY);
/** The daily volatility state is a log-AR(1) with persistence 0.85 and stationary deviation 0.35. */
const DAILY_PERSISTENCE = 0.85;
const DAILY_DEVIATION = 0.35;

/**
 * Regime strengths, calibrated so that neither trend following nor mean reversion is a free lunch: over a year of
 * 1h bars of 20 pairs, "hold the sign of the last 12h return" and "fade the distance to the 24h mean" each earn
 * within +-1 basis point per bar gross (far below costs), positive in roughly 40-60 % of 30-day windows.
 * Trends drift 0.04-0.12 step-sigmas per step (a sqrt(steps) noise still dominates a 8h trend); ranges pull
 * 0.1-0.5 % of the distance to their anchor per step (half-lives of 1 to 7 days).
 */
const TREND_DRIFT_MINIMUM = 0.04;
const TREND_DRIFT_SPREAD = 0.08;
const RANGE_PULL_MINIMUM = 0.001;
const RANGE_PULL_SPREAD = 0.004;
/**
 * A market with a planted edge (sim.planted_edges) never trends: it ranges around an anchor reset every day or so
 * with a pull of 3-6% of the distance per step (half-lives of 3 to 6 hours). Band-fading strategies earn well
 * beyond costs there on 5m and 15m bars: the offline loop has something real to find, promote and paper-trade.
 */
const PLANTED_PULL_MINIMUM = 0.03;
const PLANTED_PULL_SPREAD = 0.03;

/**
 * The sequential state of one market at a day boundary. Everything a day needs from the past is in here, so a
 * day can be regenerated from this state and the day's own seed.
 */
export interface CoarseState {
  logPrice: number;
  /** GARCH variance multiplier of the 15-minute shocks. */
  garch: number;
  regime: number;
  stepsLeft: number;
  /** Drift per step in step-sigmas (signed) during a trend. */
  trend: number;
  /** Log price the range mean-reverts to, and the per-step pull strength. */
  anchor: number;
  kappa: number;
  dailyVolatilityLog: number;
}

export const COARSE_STATE_SIZE = 8;

/** One day of the coarse layer, in buffers the caller preallocates once (allocateCoarseDay). */
export interface CoarseDay {
  /** Log prices at the 97 step boundaries (anchors[0] = day open, anchors[96] = day close). */
  readonly anchors: Float64Array;
  /** Diffusive sigma of each step's log return. */
  readonly sigma: Float64Array;
  /** Jump (log) inside each step, 0 for none, and the minute of the step it happens in. */
  readonly jump: Float64Array;
  readonly jumpMinute: Uint8Array;
  /** Log multiplier of the day's volume (tied to the day's volatility state). */
  volumeLog: number;
}

export function allocateCoarseDay(): CoarseDay {
  return {
    anchors: new Float64Array(STEPS_PER_DAY + 1),
    sigma: new Float64Array(STEPS_PER_DAY),
    jump: new Float64Array(STEPS_PER_DAY),
    jumpMinute: new Uint8Array(STEPS_PER_DAY),
    volumeLog: 0,
  };
}

/** Per-step sigma of a market before seasonality and volatility states: annual volatility / sqrt(steps a year). */
export function stepSigma(spec: SimMarketSpec): number {
  return spec.annualVolatility / Math.sqrt(365 * STEPS_PER_DAY);
}

export function initialCoarseState(spec: SimMarketSpec): CoarseState {
  const logPrice = Math.log(spec.initialPrice);
  return { logPrice, garch: 1, regime: RANGE, stepsLeft: 0, trend: 0, anchor: logPrice, kappa: 0.05, dailyVolatilityLog: 0 };
}

export function writeCoarseState(state: CoarseState, buffer: Float64Array, offset: number): void {
  buffer[offset] = state.logPrice;
  buffer[offset + 1] = state.garch;
  buffer[offset + 2] = state.regime;
  buffer[offset + 3] = state.stepsLeft;
  buffer[offset + 4] = state.trend;
  buffer[offset + 5] = state.anchor;
  buffer[offset + 6] = state.kappa;
  buffer[offset + 7] = state.dailyVolatilityLog;
}

export function readCoarseState(buffer: Float64Array, offset: number, state: CoarseState): CoarseState {
  state.logPrice = buffer[offset];
  state.garch = buffer[offset + 1];
  state.regime = buffer[offset + 2];
  state.stepsLeft = buffer[offset + 3];
  state.trend = buffer[offset + 4];
  state.anchor = buffer[offset + 5];
  state.kappa = buffer[offset + 6];
  state.dailyVolatilityLog = buffer[offset + 7];
  return state;
}

/**
 * Regime switching: ranges (mean-reverting to the price where they started) last ~24h on average, trends ~8h,
 * each at least 2-3 hours. A range is followed by a trend either way; a trend mostly by a range.
 * Stablecoins stay in one tight range around their initial price.
 */
function enterRegime(spec: SimMarketSpec, state: CoarseState, rng: Rng, planted: boolean): void {
  if (spec.kind === 'stable') {
    state.regime = RANGE;
    state.stepsLeft = STEPS_PER_DAY;
    state.kappa = 0.25;
    state.anchor = Math.log(spec.initialPrice);
    state.trend = 0;
    return;
  }
  if (planted) {
    state.regime = RANGE;
    state.stepsLeft = Math.ceil(STEPS_PER_DAY * (0.5 + rng.next()));
    state.kappa = PLANTED_PULL_MINIMUM + PLANTED_PULL_SPREAD * rng.next();
    state.anchor = state.logPrice;
    state.trend = 0;
    return;
  }
  const choice = rng.next();
  const previous = state.regime;
  const opposite = previous === TREND_UP ? TREND_DOWN : TREND_UP;
  const next =
    previous === RANGE ? (choice < 0.45 ? TREND_UP : choice < 0.9 ? TREND_DOWN : RANGE) : choice < 0.7 ? RANGE : choice < 0.85 ? previous : opposite;
  const meanSteps = next === RANGE ? 96 : 32;
  const minimumSteps = next === RANGE ? 12 : 8;
  const duration = Math.ceil(-meanSteps * Math.log(1 - rng.next()));
  const strength = rng.next();
  state.regime = next;
  state.stepsLeft = Math.min(Math.max(duration, minimumSteps), 5 * STEPS_PER_DAY);
  const drift = TREND_DRIFT_MINIMUM + TREND_DRIFT_SPREAD * strength;
  state.trend = next === TREND_UP ? drift : next === TREND_DOWN ? -drift : 0;
  state.kappa = next === RANGE ? RANGE_PULL_MINIMUM + RANGE_PULL_SPREAD * strength : 0;
  state.anchor = state.logPrice;
}

/**
 * Advances `state` by one day of 96 fifteen-minute steps, drawing only from `rng` (seeded per market and day):
 * r = drift + sigma * z + jump, with sigma = base * seasonality * exp(daily state) * sqrt(GARCH multiplier),
 * z ~ unit Student-t(6), drift = trend * sigma in trends or -kappa * (log price - anchor) in ranges.
 * When `out` is given the day's anchors, sigmas and jumps are written to it; the draws are the same either way.
 */
export function advanceCoarseDay(spec: SimMarketSpec, state: CoarseState, dayStartMs: number, rng: Rng, out?: CoarseDay): void {
  state.dailyVolatilityLog = DAILY_PERSISTENCE * state.dailyVolatilityLog + DAILY_DEVIATION * Math.sqrt(1 - DAILY_PERSISTENCE ** 2) * rng.normal();
  const volumeLog = 0.7 * state.dailyVolatilityLog + 0.15 * rng.normal();
  const dayScale = stepSigma(spec) * Math.exp(state.dailyVolatilityLog - DAILY_DEVIATION ** 2 / 2);
  const canJump = spec.kind !== 'stable';
  const seasonality = seasonalVolatilityOfDay(dayStartMs);
  const planted = spec.plantedEdge === true && !(spec.plantedUntil !== undefined && dayStartMs >= spec.plantedUntil);
  if (out) {
    out.anchors[0] = state.logPrice;
    out.volumeLog = volumeLog;
  }
  for (let k = 0; k < STEPS_PER_DAY; k++) {
    if (state.stepsLeft <= 0) enterRegime(spec, state, rng, planted);
    const sigma = dayScale * seasonality[k * MINUTES_PER_STEP + (MINUTES_PER_STEP >> 1)] * Math.sqrt(state.garch);
    const shock = studentT6(rng);
    const drift = state.regime === RANGE ? -state.kappa * (state.logPrice - state.anchor) : state.trend * sigma;
    let jump = 0;
    let jumpMinute = 0;
    if (canJump && rng.next() < JUMP_PROBABILITY) {
      jump = (rng.next() < 0.5 ? -1 : 1) * sigma * (2 + 3 * rng.next());
      jumpMinute = Math.floor(rng.next() * MINUTES_PER_STEP);
    }
    state.logPrice += drift + sigma * shock + jump;
    const garch = 1 - GARCH_ALPHA - GARCH_BETA + (GARCH_ALPHA * shock * shock + GARCH_BETA) * state.garch + (jump !== 0 ? 2 : 0);
    state.garch = garch > 30 ? 30 : garch;
    state.stepsLeft--;
    if (out) {
      out.anchors[k + 1] = state.logPrice;
      out.sigma[k] = sigma;
      out.jump[k] = jump;
      out.jumpMinute[k] = jumpMinute;
    }
  }
}
