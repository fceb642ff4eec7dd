/**
 * The standard normal distribution: cumulative distribution and its inverse, accurate to ~1e-15 relative
 * over the whole range, so tail probabilities (PSR near 0 or 1) stay meaningful.
 */

// W. J. Cody, "Rational Chebyshev approximations for the error function" (Math. Comp. 1969), as in
// Cody's SPECFUN routine ANORM: three rational approximations for |x| <= 0.66291, <= sqrt(32), beyond.
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const ONE_OVER_SQRT_2PI = 1 / SQRT_2PI;

/** Upper and lower tail of the standard normal at `x`: [Phi(x), 1 - Phi(x)], each computed without cancellation. */
function normalTails(x: number): [number, number] {
  const y = Math.abs(x);
  if (y <= 0.66291) {
    const z = y > 1.11e-16 ? y * y : 0;
    let num = A[4] * z;
    let den = z;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * z;
      den = (den + B[i]) * z;
    }
    const half = (x * (num + A[3])) / (den + B[3]);
    return [0.5 + half, 0.5 - half];
  }
  let tail: number;
  if (y <= Math.sqrt(32)) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    tail = (num + C[7]) / (den + D[7]);
  } else if (y < 38.5) {
    const z = 1 / (y * y);
    let num = P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    tail = (z * (num + P[4])) / (den + Q[4]);
    tail = (ONE_OVER_SQRT_2PI - tail) / y;
  } else {
    tail = 0;
  }
  if (tail !== 0) {
    // exp(-y^2/2) split as exp(-ys^2/2) * exp(-(y-ys)(y+ys)/2) to keep full precision for large y.
    const ys = Math.trunc(y * 16) / 16;
    tail *= Math.exp(-ys * ys * 0.5) * Math.exp(-(y - ys) * (y + ys) * 0.5);
  }
  return x > 0 ? [1 - tail, tail] : [tail, 1 - tail];
}

/**
 * Standard normal cumulative distribution Phi(x) = P(Z <= x), Z ~ N(0, 1).
 * Cody's rational Chebyshev approximation (SPECFUN ANORM), relative error below ~1e-15; NaN in, NaN out.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return normalTails(x)[0];
}

/** Standard normal density phi(x) = exp(-x^2/2) / sqrt(2 pi). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) * ONE_OVER_SQRT_2PI;
}

// P. J. Acklam's rational approximation of the normal quantile (relative error < 1.15e-9 before refinement).
const AQ = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
const BQ = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const CQ = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const DQ = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const x =
      (((((CQ[0] * q + CQ[1]) * q + CQ[2]) * q + CQ[3]) * q + CQ[4]) * q + CQ[5]) /
      ((((DQ[0] * q + DQ[1]) * q + DQ[2]) * q + DQ[3]) * q + 1);
    return p < P_LOW ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((AQ[0] * r + AQ[1]) * r + AQ[2]) * r + AQ[3]) * r + AQ[4]) * r + AQ[5]) * q) /
    (((((BQ[0] * r + BQ[1]) * r + BQ[2]) * r + BQ[3]) * r + BQ[4]) * r + 1)
  );
}

/**
 * Inverse of the standard normal CDF: the x with Phi(x) = p. Acklam's approximation followed by one Halley
 * step against {@link normalCdf} (error ~1e-15). p = 0 gives -Infinity, p = 1 gives +Infinity.
 * @throws RangeError when p is outside [0, 1] or NaN.
 */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`inverseNormalCdf: p must be a probability in [0, 1], was ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const x = acklam(p);
  // Halley step on the tail that is small, so the residual keeps its precision near p = 1.
  const [lower, upper] = normalTails(x);
  const error = p > 0.5 ? 1 - p - upper : lower - p;
  const u = error * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}
