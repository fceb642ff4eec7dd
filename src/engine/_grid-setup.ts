import type { Candles } from '../core/index.js';
import { resolveCosts } from './costs.js';
import { intrabarPolicyCode } from './fill-rules.js';
import { resolveFunding, type ResolvedFunding } from './funding.js';
import type { GridBookSetup } from './_grid-book.js';
import type { GridKernelOptions, GridLevels } from './grid-options.js';
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
  if (levels.long === undefined && levels.short === undefined) throw new RangeError('grid levels: give levels.long, levels.short or both');
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
    if (sideLevels === undefined) continue;
    if (sideLevels.length < n * levelCount) {
      throw new RangeError(`grid levels.${side > 0 ? 'long' : 'short'} must hold candles x levelCount = ${n * levelCount} prices, has ${sideLevels.length}`);
    }
    const takeProfit = (side > 0 ? levels.takeProfitLong : levels.takeProfitShort) ?? levels.takeProfit ?? nanFloats(n);
    const forceClose = (side > 0 ? levels.forceCloseLong : levels.forceCloseShort) ?? levels.forceClose ?? zeroBytes(n);
    const nearest = (side > 0 ? levels.nearestLong : levels.nearestShort) ?? nearestLevels(sideLevels, levelCount, side > 0 ? 1 : -1, nearestScratch(side, n));
    books.push({
      side, levelCount, groupSize, levels: sideLevels, nearest, takeProfit, forceClose, weights, stopPct, tpPct, costs, sizing, policy, start, trades,
      timestamp, open, high, low, close,
    });
  }
  return { books, initialCash: options.initialCash ?? 10_000, funding };
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
