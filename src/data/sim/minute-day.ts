import type { Rng } from '../../core/rng.js';
import { MINUTES_PER_STEP, STEPS_PER_DAY, stepSigma, type CoarseDay } from './coarse-path.js';
import { MINUTES_PER_DAY } from './day-seeds.js';
import { seasonalVolumeOfDay } from './seasonality.js';
import { bridgeExcursion } from './shocks.js';
import type { SimMarketSpec } from './universe.js';

/** A day block holds five columns of 1440 one-minute bars: open, high, low, close, volume (in that order). */
export const DAY_BLOCK_LENGTH = 5 * MINUTES_PER_DAY;
export const OPEN_OFFSET = 0;
export const HIGH_OFFSET = MINUTES_PER_DAY;
export const LOW_OFFSET = 2 * MINUTES_PER_DAY;
export const CLOSE_OFFSET = 3 * MINUTES_PER_DAY;
export const VOLUME_OFFSET = 4 * MINUTES_PER_DAY;

/**
 * Minute stochastic volatility: the log variance multiplier is an AR(1) with persistence 0.85 (half-life ~4 minutes)
 * and stationary deviation 1.4, driven by its own shocks. Being independent of the return shocks, it clusters
 * volatility without making the bridge below mean-revert after a large move (which a GARCH on the same shocks would).
 */
const LOG_VARIANCE_PERSISTENCE = 0.85;
const LOG_VARIANCE_DEVIATION = 1.4;
const LOG_VARIANCE_INNOVATION = LOG_VARIANCE_DEVIATION * Math.sqrt(1 - LOG_VARIANCE_PERSISTENCE ** 2);
/** After a jump the minute log variance is at least this (variance x 3), decaying from there. */
const LOG_VARIANCE_AFTER_JUMP = Math.log(3);
/** E|z| of a standard normal: normalises the return-driven volume term to mean ~1. */
const MEAN_ABSOLUTE_SHOCK = Math.sqrt(2 / Math.PI);
const VOLUME_NOISE = 0.3;

const increments = new Float64Array(MINUTES_PER_STEP);
const variances = new Float64Array(MINUTES_PER_STEP);

/** A cheap near-normal for volume noise: the centred sum of three uniforms, scaled to unit variance. */
function approximateNormal(rng: Rng): number {
  return 2 * (rng.next() + rng.next() + rng.next() - 1.5);
}

/**
 * Fills `out` (DAY_BLOCK_LENGTH) with one day of 1-minute bars bridged onto the coarse layer. Inside each 15-minute
 * step, minute variances follow a stochastic-volatility multiplier rescaled so they add up to the step's variance,
 * normal minute shocks are drawn, then shifted in proportion to their variance so they sum to the step's diffusive
 * return: Brownian-bridge conditioning, which leaves the minute increments independent (no artificial reversal).
 * The step's jump lands on its minute and lifts the minute volatility (symmetric: it says nothing of the next sign).
 * Highs and lows are exact Brownian-bridge extremes between open and close; open = previous close.
 * Quote volume = daily volume * intraday seasonality * sqrt(minute sigma / typical sigma) * (0.4 + 0.6 |return| / sigma)
 * * lognormal noise; the stored volume is in base units (quote / close).
 */
export function generateMinuteDay(spec: SimMarketSpec, coarse: CoarseDay, dayStartMs: number, rng: Rng, out: Float64Array): void {
  const { anchors, sigma, jump, jumpMinute } = coarse;
  const referenceMinuteSigma = stepSigma(spec) / Math.sqrt(MINUTES_PER_STEP);
  const quotePerMinute = (spec.dailyQuoteVolume / MINUTES_PER_DAY) * Math.exp(coarse.volumeLog - VOLUME_NOISE ** 2 / 2);
  const volumeSeasonality = seasonalVolumeOfDay(dayStartMs);
  let logVariance = 0;
  let logOpen = anchors[0];
  let open = Math.exp(logOpen);
  for (let k = 0; k < STEPS_PER_DAY; k++) {
    const jumpAt = jump[k] !== 0 ? jumpMinute[k] : -1;
    let multiplierSum = 0;
    for (let i = 0; i < MINUTES_PER_STEP; i++) {
      logVariance = LOG_VARIANCE_PERSISTENCE * logVariance + LOG_VARIANCE_INNOVATION * rng.normal();
      if (i === jumpAt && logVariance < LOG_VARIANCE_AFTER_JUMP) logVariance = LOG_VARIANCE_AFTER_JUMP;
      variances[i] = Math.exp(logVariance);
      multiplierSum += variances[i];
    }
    const varianceScale = (sigma[k] * sigma[k]) / multiplierSum;
    const stepVolumeFactor = Math.sqrt(sigma[k] / Math.sqrt(MINUTES_PER_STEP) / referenceMinuteSigma);
    let incrementSum = 0;
    for (let i = 0; i < MINUTES_PER_STEP; i++) {
      variances[i] *= varianceScale;
      increments[i] = Math.sqrt(variances[i]) * rng.normal();
      incrementSum += increments[i];
    }
    const varianceSum = sigma[k] * sigma[k];
    const gap = anchors[k + 1] - anchors[k] - jump[k] - incrementSum;
    for (let i = 0; i < MINUTES_PER_STEP; i++) {
      const minute = k * MINUTES_PER_STEP + i;
      let increment = increments[i] + (variances[i] / varianceSum) * gap;
      if (i === jumpAt) increment += jump[k];
      const logClose = i === MINUTES_PER_STEP - 1 ? anchors[k + 1] : logOpen + increment;
      const move = logClose - logOpen;
      const variance = variances[i];
      const close = Math.exp(logClose);
      const high = Math.exp((move > 0 ? logClose : logOpen) + bridgeExcursion(move, variance, rng.next()));
      const low = Math.exp((move < 0 ? logClose : logOpen) - bridgeExcursion(-move, variance, rng.next()));
      const deviation = Math.sqrt(variance);
      const surprise = Math.min(Math.abs(move) / deviation, 20) / MEAN_ABSOLUTE_SHOCK;
      const quoteVolume =
        quotePerMinute *
        volumeSeasonality[minute] *
        stepVolumeFactor *
        Math.sqrt(Math.sqrt(variances[i] * MINUTES_PER_STEP / varianceSum)) *
        (0.4 + 0.6 * surprise) *
        Math.exp(VOLUME_NOISE * approximateNormal(rng));
      out[OPEN_OFFSET + minute] = open;
      out[HIGH_OFFSET + minute] = high;
      out[LOW_OFFSET + minute] = low;
      out[CLOSE_OFFSET + minute] = close;
      out[VOLUME_OFFSET + minute] = quoteVolume / close;
      logOpen = logClose;
      open = close;
    }
  }
}
