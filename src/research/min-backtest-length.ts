/**
 * Minimum Backtest Length (Bailey, Borwein, Lopez de Prado & Zhu 2014, "Pseudo-Mathematics and Financial
 * Charlatanism: The Effects of Backtest Overfitting on Out-of-Sample Performance", Notices of the AMS 61(5)).
 */
import { inverseNormalCdf } from './normal-distribution.js';

const EULER_MASCHERONI = 0.5772156649015329;

export interface MinBacktestLengthInput {
  /** Number of independent configurations tried N (an integer >= 1). */
  trials: number;
  /** ANNUALISED Sharpe ratio that the best of the N trials shows in-sample (> 0). */
  sharpe: number;
}

/**
 * Years of data needed so that the best of N unskilled trials (true Sharpe 0) is not expected to show an
 * annualised in-sample Sharpe of `sharpe`:
 * MinBTL = ((1 - g) invPhi(1 - 1/N) + g invPhi(1 - 1/(N e)))^2 / SR^2, g = Euler-Mascheroni constant.
 * The numerator is the expected maximum of N standard normals; a backtest shorter than MinBTL years can show
 * SR by selection alone. One trial gives 0 (nothing was selected). Example from the paper: N = 45, SR = 1 gives
 * about 5 years.
 * @throws RangeError when `trials` is not an integer >= 1 or `sharpe` is not a finite number > 0.
 */
export function minBacktestLength(input: MinBacktestLengthInput): number {
  const { trials, sharpe } = input;
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`trials must be an integer >= 1 (the number of configurations tried), was ${trials}`);
  }
  if (!(sharpe > 0) || !Number.isFinite(sharpe)) {
    throw new RangeError(`sharpe must be a finite annualised Sharpe ratio > 0, was ${sharpe}`);
  }
  if (trials === 1) return 0;
  const g = EULER_MASCHERONI;
  const expectedMaximum = (1 - g) * inverseNormalCdf(1 - 1 / trials) + g * inverseNormalCdf(1 - 1 / (trials * Math.E));
  return (expectedMaximum / sharpe) ** 2;
}
