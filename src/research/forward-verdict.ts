/**
 * Verdict on a promoted strategy's forward (paper) record against what its walk-forward record promised.
 *
 * The loop asks after every cycle, so every rule must hold under repeated looks: a test at a fixed level alpha,
 * asked every bar, ends up rejecting a strategy that keeps its promise far more often than alpha (the triple-penance
 * drawdown bound, checked every bar from the promotion on, is crossed by 26% of records drawn from the promised
 * distribution at alpha = 5%). The rules:
 * - wait while the record is shorter than its MinTRL: the bars needed for the promised Sharpe to be told apart from
 *   no edge at 1 - alpha (Bailey & Lopez de Prado 2012, eq. 11 with SR = promised, SR* = 0) - unless a loss rules;
 * - demote on a Wald sequential probability ratio test (Wald 1945) of "mean = promised" against "mean = 0" (the edge
 *   is gone), Gaussian with the promised (or the forward, if larger) volatility: by Ville's inequality the chance that
 *   a record keeping its promise ever crosses ln(1 / alpha) is at most alpha, however often it is checked;
 * - demote on a loss since promotion beyond sigma^2 ln(1/alpha) / (2 mu) - the time-uniform version of the
 *   triple-penance drawdown bound (z = sqrt(2 ln(1/alpha)) instead of the one-look z_alpha): the chance that a
 *   drifting random walk with the promised mean and volatility EVER falls that far below its start is alpha;
 *   this rules even before MinTRL;
 * - demote when the record has stayed below its starting level longer than the triple-penance time-under-water
 *   bound (z_alpha sigma / mu)^2 (Bailey & Lopez de Prado 2014), one episode counted from the promotion level.
 * The triple-penance bounds themselves, (z_alpha sigma)^2 / (4 mu) and (z_alpha sigma / mu)^2 with additive
 * returns, are reported for reading. Calibrated by simulation in tests/research/forward-verdict.test.ts.
 */
import { inverseNormalCdf } from './normal-distribution.js';
import { minTrackRecordLength, probabilisticSharpe } from './deflated-sharpe.js';

export interface PromisedReturns {
  /** Per-bar mean and standard deviation of the graded OOS record's simple returns. */
  meanReturn: number;
  stdReturn: number;
  /** Per-bar Sharpe (default meanReturn / stdReturn). */
  sharpe?: number;
  skewness?: number;
  /** Raw kurtosis (3 for normal returns). */
  kurtosis?: number;
}

export interface ForwardVerdictInput {
  expected: PromisedReturns;
  /** Per-bar simple returns since promotion, oldest first. */
  forward: ArrayLike<number>;
  /** One-sided level of every rule (default 0.05). */
  alpha?: number;
}

export interface ForwardVerdict {
  action: 'keep' | 'demote' | 'wait';
  /** Why, in plain words (empty for a plain keep). */
  reasons: string[];
  observations: number;
  /** PSR of the forward Sharpe against the promised one (forward skewness and kurtosis); null below 2 bars. */
  psr: number | null;
  /** Bars the record needs before it can be judged (the promised Sharpe against no edge at 1 - alpha). */
  minTrackRecordLength: number;
  /** Additive return since promotion (sum of the per-bar returns). */
  level: number;
  /** Largest fall of the additive record below its level at promotion (a positive fraction). */
  maxDrawdown: number;
  /** Triple-penance drawdown bound (z_alpha sigma)^2 / (4 mu). */
  maxDrawdownBound: number;
  /** The loss since promotion that demotes at once: sigma^2 ln(1/alpha) / (2 mu). */
  lossLimit: number;
  /** Bars the record has now spent below its level at promotion (0 when above it). */
  timeUnderWater: number;
  /** Triple-penance time-under-water bound (z_alpha sigma / mu)^2, in bars. */
  timeUnderWaterBound: number;
  /** Log likelihood ratio of "edge gone" against "as promised", and the level that demotes. */
  sequentialTest: { logLikelihoodRatio: number; threshold: number };
}

interface ForwardMoments {
  mean: number;
  /** Sample standard deviation (n - 1). */
  standardDeviation: number;
  skewness: number;
  /** Raw kurtosis; 3 when the returns never vary. */
  kurtosis: number;
}

/** Moments of the forward returns in two passes without copying (the loop asks every cycle, on long records). */
function forwardMoments(forward: ArrayLike<number>): ForwardMoments {
  const n = forward.length;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += forward[t];
  const mean = n > 0 ? sum / n : 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let t = 0; t < n; t++) {
    const d = forward[t] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const population = m2 / Math.max(1, n);
  return {
    mean,
    standardDeviation: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
    skewness: population > 0 ? m3 / n / population ** 1.5 : 0,
    kurtosis: population > 0 ? m4 / n / (population * population) : 3,
  };
}

/** Volatility of the sequential test: the promised one, or the forward record's when it is larger (30+ bars). */
function testVolatility(expected: PromisedReturns, forward: ArrayLike<number>, moments: ForwardMoments): number {
  return forward.length < 30 ? expected.stdReturn : Math.max(expected.stdReturn, moments.standardDeviation);
}

interface Path {
  /** Additive return since promotion at the last bar. */
  level: number;
  maxDrawdown: number;
  timeUnderWater: number;
  logLikelihoodRatio: number;
}

/** One pass over the record: the additive path from the promotion level and the SPRT statistic. */
function walkRecord(forward: ArrayLike<number>, mean: number, volatility: number): Path {
  let level = 0;
  let lowest = 0;
  let underWater = 0;
  let logLikelihoodRatio = 0;
  const weight = mean / (volatility * volatility);
  for (let t = 0; t < forward.length; t++) {
    const r = forward[t];
    level += r;
    if (level < lowest) lowest = level;
    underWater = level < 0 ? underWater + 1 : 0;
    logLikelihoodRatio += weight * (mean / 2 - r);
  }
  return { level, maxDrawdown: -lowest, timeUnderWater: underWater, logLikelihoodRatio };
}

function checkInput(input: ForwardVerdictInput, alpha: number): void {
  const { meanReturn, stdReturn } = input.expected;
  if (!Number.isFinite(meanReturn)) throw new RangeError(`forwardVerdict: expected.meanReturn must be finite, was ${meanReturn}`);
  if (!(stdReturn > 0) || !Number.isFinite(stdReturn)) throw new RangeError(`forwardVerdict: expected.stdReturn must be > 0, was ${stdReturn}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`forwardVerdict: alpha must be in (0, 0.5), was ${alpha}`);
  for (let t = 0; t < input.forward.length; t++) {
    if (!Number.isFinite(input.forward[t])) throw new RangeError(`forwardVerdict: forward return ${t} is ${input.forward[t]}; pass finite per-bar returns`);
  }
}

/** PSR of the forward Sharpe against the promised Sharpe, with the forward record's own skewness and kurtosis. */
function forwardPsr(observations: number, moments: ForwardMoments, promisedSharpe: number): number | null {
  if (observations < 2 || !(moments.standardDeviation > 0)) return null;
  try {
    const sr = moments.mean / moments.standardDeviation;
    return probabilisticSharpe({ sr, benchmarkSr: promisedSharpe, observations, skewness: moments.skewness, kurtosis: moments.kurtosis });
  } catch {
    return null;
  }
}

/** Judges a forward record against its promise (see the module comment for the rules and why). */
export function forwardVerdict(input: ForwardVerdictInput): ForwardVerdict {
  const alpha = input.alpha ?? 0.05;
  checkInput(input, alpha);
  const { expected, forward } = input;
  const mean = expected.meanReturn;
  const sigma = expected.stdReturn;
  const sharpe = expected.sharpe ?? mean / sigma;
  const z = inverseNormalCdf(1 - alpha);
  const threshold = Math.log(1 / alpha);
  const moments = forwardMoments(forward);
  const path = walkRecord(forward, mean, testVolatility(expected, forward, moments));
  const verdict = {
    reasons: [] as string[], observations: forward.length, psr: forwardPsr(forward.length, moments, sharpe),
    minTrackRecordLength: mean > 0 ? minTrackRecordLength({ sr: sharpe, benchmarkSr: 0, skewness: expected.skewness ?? 0, kurtosis: expected.kurtosis ?? 3, confidence: 1 - alpha }) : Number.POSITIVE_INFINITY,
    level: path.level, maxDrawdown: path.maxDrawdown, maxDrawdownBound: mean > 0 ? (z * sigma) ** 2 / (4 * mean) : 0, lossLimit: mean > 0 ? (sigma * sigma * threshold) / (2 * mean) : 0,
    timeUnderWater: path.timeUnderWater, timeUnderWaterBound: mean > 0 ? ((z * sigma) / mean) ** 2 : 0,
    sequentialTest: { logLikelihoodRatio: path.logLikelihoodRatio, threshold },
  };
  if (!(mean > 0)) return { ...verdict, action: 'demote', reasons: ['the backtest promised no positive mean return: nothing to keep'] };
  const reasons = demotionReasons(verdict);
  if (reasons.length > 0) return { ...verdict, action: 'demote', reasons };
  if (forward.length < verdict.minTrackRecordLength) {
    return { ...verdict, action: 'wait', reasons: [`${forward.length} of the ${Math.ceil(verdict.minTrackRecordLength)} bars needed to judge the promised edge`] };
  }
  return { ...verdict, action: 'keep' };
}

type Measured = Omit<ForwardVerdict, 'action'>;

function demotionReasons(v: Measured): string[] {
  const reasons: string[] = [];
  const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
  if (v.maxDrawdown > v.lossLimit) {
    reasons.push(
      `fell ${percent(v.maxDrawdown)} below its level at promotion (now ${v.level >= 0 ? '+' : ''}${percent(v.level)}), beyond the ${percent(v.lossLimit)} ` +
        'a strategy keeping its promise ever falls with probability under alpha',
    );
  }
  if (v.observations < v.minTrackRecordLength) return reasons;
  if (v.sequentialTest.logLikelihoodRatio >= v.sequentialTest.threshold) {
    reasons.push(`the forward record fits "edge gone" ${Math.exp(v.sequentialTest.logLikelihoodRatio).toFixed(0)} times better than the promised edge (sequential test, demotes at ${Math.exp(v.sequentialTest.threshold).toFixed(0)})`);
  }
  if (v.timeUnderWater > v.timeUnderWaterBound) {
    reasons.push(`under water for ${v.timeUnderWater} bars since its promotion level, beyond the triple-penance bound of ${Math.round(v.timeUnderWaterBound)} bars`);
  }
  return reasons;
}
