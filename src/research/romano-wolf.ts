/**
 * Familywise-error control for a family of strategies graded on the same bars: White's Reality Check
 * (White 2000, "A Reality Check for Data Snooping", Econometrica 68(5)) generalised to one adjusted p-value
 * per member by the Romano-Wolf stepdown (Romano & Wolf 2005, "Stepwise Multiple Testing as Formalized Data
 * Snooping", Econometrica 73(4)), computed from a single bootstrap as in Romano & Wolf 2016, "Efficient
 * computation of adjusted p-values for resampling-based stepdown multiple testing", Statistics & Probability
 * Letters 113. Resampling is the stationary bootstrap (Politis & Romano 1994, JASA 89(428)).
 *
 * Unlike a Sidak adjustment of single-member p-values, the max statistic sees the correlation between members:
 * K copies of one strategy cost nothing, and the p-value floor is 1 / (1 + B) rather than 1 - (1 - 1/(1+B))^K.
 */
import { createRng, type Rng } from '../core/rng.js';

export interface RomanoWolfInput {
  /** One per-bar return series per member, equal length T (arrays or Float64Arrays). */
  returns: readonly (Float64Array | readonly number[])[];
  /** Bootstrap resamples B (>= 1). */
  sims: number;
  /** Mean block length in bars of the stationary bootstrap (Politis & Romano 1994), >= 1. */
  blockLength: number;
  seed: number | string;
}

export interface RomanoWolfResult {
  /** Studentised statistic per member: sqrt(T) * mean / sample std (n-1); 0 when the series never varies. */
  tStats: number[];
  /** One-sided (H0: mean <= 0) single-member bootstrap p-values, (1 + #{t*_k >= t_k}) / (1 + B). */
  rawPValues: number[];
  /** Romano-Wolf stepdown adjusted p-values, member order; monotone in the t ordering; each >= raw. */
  adjustedPValues: number[];
  /** White's Reality Check p-value of the family's best member (equals the smallest adjusted p-value). */
  familyPValue: number;
  sims: number; blockLength: number; observations: number;
}

/**
 * Default mean block length: round(T^(1/3)) clamped to [2, 100]. T^(1/3) is the rate of the MSE-optimal block
 * length for bootstrap variance estimation (Hall, Horowitz & Jing 1995; Politis & White 2004), and the
 * variance of the mean is what the studentised test needs right. Per-bar strategy returns are close to
 * uncorrelated (position known before the bar), their dependence is mostly volatility clustering, so a
 * moderate length suffices; the floor of 2 keeps some adjacency, the cap bounds very long series (1m bars).
 */
export function defaultBlockLength(observations: number): number {
  if (!Number.isInteger(observations) || observations < 1) {
    throw new RangeError(`defaultBlockLength: observations must be an integer >= 1, was ${observations}`);
  }
  return Math.min(100, Math.max(2, Math.round(Math.cbrt(observations))));
}

function validateInput(input: RomanoWolfInput): number {
  const { returns, sims, blockLength } = input;
  if (!Number.isInteger(sims) || sims < 1) throw new RangeError(`romanoWolf: sims must be an integer >= 1, was ${sims}`);
  if (!(Number.isFinite(blockLength) && blockLength >= 1)) {
    throw new RangeError(`romanoWolf: blockLength must be a finite number >= 1 (bars), was ${blockLength}`);
  }
  if (returns.length === 0) throw new RangeError('romanoWolf: returns has no member; pass one return series per strategy');
  const observations = returns[0].length;
  if (observations < 2) throw new RangeError(`romanoWolf: need at least 2 bars per series, member 0 has ${observations}`);
  returns.forEach((series, member) => {
    if (series.length !== observations) {
      const lengths = `member ${member} has ${series.length} bars, member 0 has ${observations}`;
      throw new RangeError(`romanoWolf: ${lengths}; align every series on the same bars`);
    }
    for (let bar = 0; bar < observations; bar++) {
      if (!Number.isFinite(series[bar])) {
        throw new RangeError(`romanoWolf: member ${member} bar ${bar} is ${series[bar]}; pass finite per-bar returns`);
      }
    }
  });
  return observations;
}

/**
 * Writes the prefix sums of the CENTRED series (x - mean) at `offset` (T + 1 slots, slot i = sum of the first i),
 * so a resampled block sum is O(1) and already recentred (the null is imposed). Returns the t statistic and the
 * factor turning a resampled centred sum S into t* = sqrt(T) * (S / T) / sd; both 0 for a constant series.
 */
function prepareMember(
  series: Float64Array | readonly number[],
  prefixSums: Float64Array,
  offset: number,
): { tStat: number; scale: number } {
  const count = series.length;
  let sum = 0;
  let constant = true;
  for (let bar = 0; bar < count; bar++) {
    sum += series[bar];
    if (series[bar] !== series[0]) constant = false;
  }
  // Exact equality, not a variance threshold: rounding in the mean would give a flat series a huge t.
  if (constant) return { tStat: 0, scale: 0 };
  const mean = sum / count;
  let squares = 0;
  let running = 0;
  prefixSums[offset] = 0;
  for (let bar = 0; bar < count; bar++) {
    const deviation = series[bar] - mean;
    squares += deviation * deviation;
    running += deviation;
    prefixSums[offset + bar + 1] = running;
  }
  const deviation = Math.sqrt(squares / (count - 1));
  return { tStat: (Math.sqrt(count) * mean) / deviation, scale: 1 / (Math.sqrt(count) * deviation) };
}

/**
 * One stationary-bootstrap resample of T bars as blocks (start, length); returns the block count.
 * Draw order (a test re-implements it): `rng.int(T)` for the first block start; then for each further bar one
 * `rng.next()`: below 1 / blockLength it ends the block and `rng.int(T)` draws the next start, otherwise the
 * block continues with the next bar, wrapping from T - 1 to 0.
 */
function drawBlocks(rng: Rng, count: number, restartProbability: number, starts: Int32Array, lengths: Int32Array): number {
  let block = 0;
  starts[0] = rng.int(count);
  lengths[0] = 1;
  for (let bar = 1; bar < count; bar++) {
    if (rng.next() < restartProbability) {
      block++;
      starts[block] = rng.int(count);
      lengths[block] = 1;
    } else {
      lengths[block]++;
    }
  }
  return block + 1;
}

/** Preallocated state of one run; members are held in t-descending rank order. */
interface Workspace {
  count: number;
  prefixSums: Float64Array;
  /** Per rank: the member's prefix-sum offset, t* scale, t, and this resample's t*. */
  offsets: Int32Array; scales: Float64Array; sortedT: Float64Array; resampled: Float64Array;
  /** The blocks of the current resample (at most T of them). */
  starts: Int32Array; lengths: Int32Array;
  rawExceedances: Float64Array; stepdownExceedances: Float64Array;
}

/** Adds one resample's exceedances: t*_(j) >= t_(j) (raw) and max_{k >= j} t*_(k) >= t_(j) (stepdown). */
function countResample(work: Workspace, blockCount: number): void {
  const { count, prefixSums, starts, lengths, resampled, sortedT } = work;
  const members = sortedT.length;
  for (let rank = 0; rank < members; rank++) {
    const offset = work.offsets[rank];
    let sum = 0;
    for (let block = 0; block < blockCount; block++) {
      const start = starts[block];
      const end = start + lengths[block];
      sum -= prefixSums[offset + start];
      // A block past the last bar wraps: the tail of the series, then the head up to the overflow.
      sum += end <= count ? prefixSums[offset + end] : prefixSums[offset + count] + prefixSums[offset + end - count];
    }
    resampled[rank] = sum * work.scales[rank];
    if (resampled[rank] >= sortedT[rank]) work.rawExceedances[rank]++;
  }
  let suffixMaximum = Number.NEGATIVE_INFINITY;
  for (let rank = members - 1; rank >= 0; rank--) {
    if (resampled[rank] > suffixMaximum) suffixMaximum = resampled[rank];
    if (suffixMaximum >= sortedT[rank]) work.stepdownExceedances[rank]++;
  }
}

function createWorkspace(returns: RomanoWolfInput['returns'], count: number): { work: Workspace; order: number[] } {
  const members = returns.length;
  const prefixSums = new Float64Array(members * (count + 1));
  const prepared = returns.map((series, member) => prepareMember(series, prefixSums, member * (count + 1)));
  // Stable sort: tied members keep input order, which the stepdown's running maximum makes harmless.
  const order = prepared.map((_, member) => member).sort((a, b) => prepared[b].tStat - prepared[a].tStat);
  const work: Workspace = {
    count,
    prefixSums,
    offsets: Int32Array.from(order, (member) => member * (count + 1)),
    scales: Float64Array.from(order, (member) => prepared[member].scale),
    sortedT: Float64Array.from(order, (member) => prepared[member].tStat),
    resampled: new Float64Array(members),
    starts: new Int32Array(count),
    lengths: new Int32Array(count),
    rawExceedances: new Float64Array(members),
    stepdownExceedances: new Float64Array(members),
  };
  return { work, order };
}

/**
 * Romano-Wolf stepdown over a family of per-bar return series on the same bars, by one stationary bootstrap.
 * Null by recentring: t*_k,b = sqrt(T) * (mean*_k,b - mean_k) / sd_k with the full-sample sd_k; every member
 * is resampled with the same bar indices, keeping their cross-correlation. With members ranked by t descending,
 * p_adj(j) = max(p_adj(j - 1), (1 + #{b : max_{k >= j} t*_(k),b >= t_(j)}) / (1 + B)) (Romano & Wolf 2016).
 * Cost O(K T) once plus O(B (T + K T / blockLength)); nothing is allocated per resample.
 */
export function romanoWolf(input: RomanoWolfInput): RomanoWolfResult {
  const count = validateInput(input);
  const { sims, blockLength } = input;
  const { work, order } = createWorkspace(input.returns, count);
  const rng = createRng(input.seed);
  const restartProbability = 1 / blockLength;
  for (let sim = 0; sim < sims; sim++) {
    countResample(work, drawBlocks(rng, count, restartProbability, work.starts, work.lengths));
  }
  const members = order.length;
  const [tStats, rawPValues, adjustedPValues] = [0, 1, 2].map(() => new Array<number>(members));
  let runningMaximum = 0;
  for (let rank = 0; rank < members; rank++) {
    const member = order[rank];
    runningMaximum = Math.max(runningMaximum, (1 + work.stepdownExceedances[rank]) / (1 + sims));
    tStats[member] = work.sortedT[rank];
    rawPValues[member] = (1 + work.rawExceedances[rank]) / (1 + sims);
    adjustedPValues[member] = runningMaximum;
  }
  const familyPValue = adjustedPValues[order[0]];
  return { tStats, rawPValues, adjustedPValues, familyPValue, sims, blockLength, observations: count };
}
