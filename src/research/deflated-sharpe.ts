/**
 * Probabilistic and Deflated Sharpe Ratios.
 *
 * Bailey, D. H. & Lopez de Prado, M. (2012), "The Sharpe Ratio Efficient Frontier", Journal of Risk 15(2):
 * PSR and the Minimum Track Record Length. Bailey & Lopez de Prado (2014), "The Deflated Sharpe Ratio:
 * Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio Management 40(5).
 *
 * Every Sharpe here is PER PERIOD (per bar or per trade, matching `observations`), never annualised, and
 * kurtosis is RAW (3 for normal returns). Pass `annualised: true` with `periodsPerYear` to convert an
 * annualised Sharpe (sr / sqrt(ppy)) and an annualised trial-Sharpe variance (V / ppy) first.
 */
import { inverseNormalCdf, normalCdf } from './normal-distribution.js';

const EULER_MASCHERONI = 0.5772156649015329;

/** How the Sharpe values of a call are expressed. Omit both for per-period values. */
export interface SharpeScale {
  /** The Sharpe values (and trial variance) passed are annualised; requires `periodsPerYear`. */
  annualised?: boolean;
  /** Periods per year used to de-annualise: e.g. 250 trading days, or barsPerYear(tf) for candles. */
  periodsPerYear?: number;
}

export interface ProbabilisticSharpeInput extends SharpeScale {
  /** Observed Sharpe ratio (per period unless `annualised`). */
  sr: number;
  /** Benchmark Sharpe SR* to beat, same units as `sr`; 0 by default. */
  benchmarkSr?: number;
  /** Number of returns T the Sharpe was measured on (>= 2). */
  observations: number;
  /** Skewness g3 of the returns. */
  skewness: number;
  /** Raw kurtosis g4 of the returns (3 for normal). */
  kurtosis: number;
}

export interface ExpectedMaxSharpeInput extends SharpeScale {
  /** Number of independent trials N (combos actually tested), >= 1. */
  trials: number;
  /** Variance V of the Sharpe ratios across the trials (annualised if `annualised`). */
  trialSharpeVariance: number;
}

export type DeflatedSharpeInput = Omit<ProbabilisticSharpeInput, 'benchmarkSr'> & ExpectedMaxSharpeInput;

export interface DeflatedSharpeResult {
  /** Deflated Sharpe Ratio: probability that the true Sharpe exceeds `sr0`, in [0, 1]. */
  dsr: number;
  /** Expected maximum Sharpe of `trials` unskilled trials, per period: the deflated benchmark. */
  sr0: number;
  /** The observed Sharpe used, per period. */
  sr: number;
}

export interface MinTrackRecordLengthInput extends SharpeScale {
  sr: number;
  benchmarkSr?: number;
  skewness: number;
  kurtosis: number;
  /** Confidence level in (0, 1); 0.95 by default. */
  confidence?: number;
}

/** Converts an annualised Sharpe to per period, and rejects values that are evidently annualised. */
function perPeriodSharpe(name: string, value: number, scale: SharpeScale): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, was ${value}`);
  const converted = value / Math.sqrt(periodsPerYearOf(scale));
  if (Math.abs(converted) > 1) {
    throw new RangeError(
      `${name} = ${value} is above 1 in absolute value, which is not a realistic per-period Sharpe: ` +
        'pass a per-period Sharpe or set annualised: true with periodsPerYear',
    );
  }
  return converted;
}

function periodsPerYearOf(scale: SharpeScale): number {
  if (!scale.annualised) return 1;
  const periods = scale.periodsPerYear;
  if (periods === undefined || !(periods > 0) || !Number.isFinite(periods)) {
    throw new RangeError(`periodsPerYear must be a positive number when annualised is true, was ${periods}`);
  }
  return periods;
}

function checkMoments(skewness: number, kurtosis: number): void {
  if (!Number.isFinite(skewness)) throw new RangeError(`skewness must be a finite number, was ${skewness}`);
  if (!(kurtosis > 0) || !Number.isFinite(kurtosis)) {
    throw new RangeError(`kurtosis must be a positive finite RAW kurtosis (3 for normal returns), was ${kurtosis}`);
  }
}

/** Estimation variance factor of the Sharpe ratio: 1 - g3 SR + (g4 - 1) / 4 SR^2 (Mertens 2002). */
function sharpeVarianceFactor(sr: number, skewness: number, kurtosis: number): number {
  const factor = 1 - skewness * sr + ((kurtosis - 1) / 4) * sr * sr;
  if (!(factor > 0)) {
    throw new RangeError(
      `skewness ${skewness} and kurtosis ${kurtosis} are inconsistent at SR ${sr} (1 - g3 SR + (g4-1)/4 SR^2 <= 0); ` +
        'raw kurtosis must be at least skewness^2 + 1',
    );
  }
  return factor;
}

/**
 * Probabilistic Sharpe Ratio (Bailey & Lopez de Prado 2012, eq. 4):
 * PSR(SR*) = Phi( (SR - SR*) sqrt(T - 1) / sqrt(1 - g3 SR + (g4 - 1)/4 SR^2) ),
 * the probability that the true Sharpe exceeds SR*, given T observations with skewness g3 and raw kurtosis g4.
 * @throws RangeError for T < 2, non-positive kurtosis, or a Sharpe that is evidently annualised.
 */
export function probabilisticSharpe(input: ProbabilisticSharpeInput): number {
  const { observations, skewness, kurtosis } = input;
  if (!(observations >= 2)) throw new RangeError(`observations must be at least 2, was ${observations}`);
  checkMoments(skewness, kurtosis);
  const sr = perPeriodSharpe('sr', input.sr, input);
  const benchmark = perPeriodSharpe('benchmarkSr', input.benchmarkSr ?? 0, input);
  const factor = sharpeVarianceFactor(sr, skewness, kurtosis);
  return normalCdf(((sr - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(factor));
}

/**
 * Expected maximum Sharpe of N unskilled trials (Bailey & Lopez de Prado 2014, eq. 6; false strategy theorem):
 * E[max SR] = sqrt(V) ((1 - g) invPhi(1 - 1/N) + g invPhi(1 - 1/(N e))), g = Euler-Mascheroni constant.
 * Returned per period (V / periodsPerYear when annualised). One trial gives 0.
 */
export function expectedMaxSharpe(input: ExpectedMaxSharpeInput): number {
  const { trials, trialSharpeVariance } = input;
  if (!(trials >= 1) || !Number.isFinite(trials)) throw new RangeError(`trials must be at least 1, was ${trials}`);
  if (!(trialSharpeVariance >= 0) || !Number.isFinite(trialSharpeVariance)) {
    throw new RangeError(`trialSharpeVariance must be a finite number >= 0, was ${trialSharpeVariance}`);
  }
  const variance = trialSharpeVariance / periodsPerYearOf(input);
  if (variance > 1) {
    throw new RangeError(
      `trialSharpeVariance = ${trialSharpeVariance} is above 1, not a realistic per-period value: ` +
        'pass a per-period variance or set annualised: true with periodsPerYear',
    );
  }
  if (trials === 1) return 0;
  const g = EULER_MASCHERONI;
  const z = (1 - g) * inverseNormalCdf(1 - 1 / trials) + g * inverseNormalCdf(1 - 1 / (trials * Math.E));
  return Math.sqrt(variance) * z;
}

/**
 * Deflated Sharpe Ratio (Bailey & Lopez de Prado 2014, eq. 8): the PSR of the observed Sharpe against
 * SR0 = {@link expectedMaxSharpe}(trials, V), so selecting the best of many combos is paid for.
 * `trials` must be the number of combos actually evaluated.
 */
export function deflatedSharpe(input: DeflatedSharpeInput): DeflatedSharpeResult {
  const scale: SharpeScale = { annualised: input.annualised, periodsPerYear: input.periodsPerYear };
  const sr0 = expectedMaxSharpe(input);
  const sr = perPeriodSharpe('sr', input.sr, scale);
  const dsr = probabilisticSharpe({
    sr,
    benchmarkSr: sr0,
    observations: input.observations,
    skewness: input.skewness,
    kurtosis: input.kurtosis,
  });
  return { dsr, sr0, sr };
}

/**
 * Minimum Track Record Length (Bailey & Lopez de Prado 2012, eq. 11): the number of observations needed for
 * PSR(SR*) to reach `confidence`: MinTRL = 1 + (1 - g3 SR + (g4 - 1)/4 SR^2) (z_conf / (SR - SR*))^2.
 * Infinity when SR <= SR* (no track record is long enough).
 */
export function minTrackRecordLength(input: MinTrackRecordLengthInput): number {
  const { skewness, kurtosis, confidence = 0.95 } = input;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), was ${confidence}`);
  checkMoments(skewness, kurtosis);
  const sr = perPeriodSharpe('sr', input.sr, input);
  const benchmark = perPeriodSharpe('benchmarkSr', input.benchmarkSr ?? 0, input);
  if (sr <= benchmark) return Number.POSITIVE_INFINITY;
  const factor = sharpeVarianceFactor(sr, skewness, kurtosis);
  const z = inverseNormalCdf(confidence);
  return 1 + factor * (z / (sr - benchmark)) ** 2;
}
