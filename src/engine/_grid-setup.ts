import type { Candles } from '../core/index.js';
import { resolveCosts } from './costs.js';
import { intrabarPolicyCode } from './fill-rules.js';
import { resolveFunding, type ResolvedFunding } from './funding.js';
import type { GridBookSetup } from './_grid-book.js';
import type { GridKernelOptions, GridLevels, ScaledLevels } from './grid-options.js';
import { nearestLevels } from './nearest-levels.js';
import { checkFraction } from './mono-options.js';
import { nanFloats, zeroBytes } from './_filler-arrays.js';
import { resolveSizing, SIZING_MODE } from './sizing.js';
import type { TradeBuffers } from './trade-buffers.js';

/** What one grid-kernel run needs besides the outputs: one setup per book (long first), cash and funding. */
export interface GridRun {
  books: GridBookSetup[];
  initialCash: number;
  funding: ResolvedFunding;
}

const ARRAY_INPUTS = ['takeProfit', 'takeProfitLong', 'takeProfitShort', 'forceClose', 'forceCloseLong', 'forceCloseShort', 'nearestLong', 'nearestShort'] as const;

/** Checks the grid inputs against the candles (fail fast: a short array would read as "no level") and resolves the options. */
export function resolveGridRun(candles: Candles, levels: GridLevels, options: GridKernelOptions, trades: TradeBuffers): GridRun {
  const n = candles.close.length;
  const levelCount = levels.levelCount;
  if (!(Number.isInteger(levelCount) && levelCount >= 1)) throw new RangeError(`grid levels.levelCount must be an integer >= 1, was ${levelCount}`);
  if (levels.long === undefined && levels.short === undefined && levels.scaledLong === undefined && levels.scaledShort === undefined) {
    throw new RangeError('grid levels: give levels.long, levels.short or both (or scaledLong / scaledShort)');
  }
  for (const name of ARRAY_INPUTS) {
    const values = levels[name];
    if (values !== undefined && values.length < n) throw new RangeError(`grid levels.${name} has ${values.length} values for ${n} candles`);
  }
  const sizing = resolveSizing(options.sizing);
  if (sizing.mode === SIZING_MODE.risk) throw new RangeError("grid kernel: sizing mode 'risk' is not supported, use 'fraction' or 'fixed'");
  const funding = resolveFunding(options.funding);
  const weights = levelWeights(options.levelWeights, levelCount);
  const stopPct = checkFraction('stopLossPct', options.stopLossPct);
  const tpPct = checkFraction('takeProfitPct', options.takeProfitPct);
  const costs = resolveCosts(options.fees);
  const policy = intrabarPolicyCode(options.intrabar);
  const start = Math.max(0, options.startIndex ?? 0);
  const groupSize = options.exitMode === 'perLevel' ? 1 : levelCount;
  const { timestamp, open, high, low, close } = candles;
  const books: GridBookSetup[] = [];
  for (let side = 1; side >= -1; side -= 2) {
    const sideLevels = side > 0 ? levels.long : levels.short;
    const scaled = side > 0 ? levels.scaledLong : levels.scaledShort;
    const [name, scaledName] = side > 0 ? ['long', 'scaledLong'] : ['short', 'scaledShort'];
    if (sideLevels === undefined && scaled === undefined) continue;
    if (sideLevels !== undefined && scaled !== undefined) throw new RangeError(`grid levels: give ${name} or ${scaledName}, not both`);
    if (sideLevels !== undefined && sideLevels.length < n * levelCount) {
      throw new RangeError(`grid levels.${name} must hold candles x levelCount = ${n * levelCount} prices, has ${sideLevels.length}`);
    }
    if (scaled !== undefined) checkScaled(scaled, scaledName, n, levelCount);
    const takeProfit = (side > 0 ? levels.takeProfitLong : levels.takeProfitShort) ?? levels.takeProfit ?? nanFloats(n);
    const forceClose = (side > 0 ? levels.forceCloseLong : levels.forceCloseShort) ?? levels.forceClose ?? zeroBytes(n);
    const direction = side > 0 ? 1 : -1;
    // Scaled levels without a given array: the book computes the nearest level from the line (GridBook.nearestAt).
    const nearest =
      (side > 0 ? levels.nearestLong : levels.nearestShort) ??
      (scaled ? NO_FLOATS : nearestLevels(sideLevels as Float64Array, levelCount, direction, nearestScratch(side, n)));
    books.push({
      side, levelCount, groupSize, levels: sideLevels ?? NO_FLOATS, scaleCenter: scaled?.center ?? NO_FLOATS, scaleFactors: scaled ? Float64Array.from(scaled.factors) : NO_FLOATS,
      nearest, takeProfit, forceClose, weights, stopPct, tpPct, costs, sizing, policy, start, trades, timestamp, open, high, low, close,
    });
  }
  return { books, initialCash: options.initialCash ?? 10_000, funding };
}

const NO_FLOATS = new Float64Array(0);

function checkScaled(scaled: ScaledLevels, key: string, n: number, levelCount: number): void {
  if (scaled.center.length < n) throw new RangeError(`grid levels.${key}.center has ${scaled.center.length} values for ${n} candles`);
  if (scaled.factors.length !== levelCount) throw new RangeError(`grid levels.${key}.factors must have levelCount = ${levelCount} entries, has ${scaled.factors.length}`);
}

// Per-thread buffers for the nearest levels of runs that do not pass them (kernels run one at a time).
const nearestBuffers = [new Float64Array(0), new Float64Array(0)];

function nearestScratch(side: number, n: number): Float64Array {
  const i = side > 0 ? 0 : 1;
  if (nearestBuffers[i].length < n) nearestBuffers[i] = new Float64Array(Math.max(n, nearestBuffers[i].length * 2));
  return nearestBuffers[i].subarray(0, n);
}

const EQUAL_WEIGHTS: Float64Array[] = [];

function levelWeights(weights: ArrayLike<number> | undefined, levelCount: number): Float64Array {
  if (weights === undefined) return (EQUAL_WEIGHTS[levelCount] ??= new Float64Array(levelCount).fill(1 / levelCount));
  if (weights.length !== levelCount) throw new RangeError(`grid levelWeights must have levelCount = ${levelCount} entries, has ${weights.length}`);
  const out = Float64Array.from(weights);
  if (!out.every((w) => w >= 0)) throw new RangeError('grid levelWeights must be >= 0');
  return out;
}
