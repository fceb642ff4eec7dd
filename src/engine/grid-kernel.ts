import type { Candles } from '../core/index.js';
import { resolveCosts } from './costs.js';
import { EXIT_REASON } from './exit-reason.js';
import { intrabarPolicyCode } from './fill-rules.js';
import { fundingRateAt, resolveFunding } from './funding.js';
import { GridBook } from './_grid-book.js';
import type { GridKernelOptions, GridLevels } from './grid-options.js';
import { kernelOutputs, type KernelResult, type KernelScratch } from './kernel-scratch.js';
import { checkFraction } from './mono-options.js';
import { nanFloats, zeroBytes } from './_filler-arrays.js';
import { resolveSizing, SIZING_MODE } from './sizing.js';

/**
 * Grid / DCA backtest kernel: up to `levelCount` limit entry levels per bar and side, averaged into one position
 * per book (or one per level), with a global take-profit, an average-price stop and a force-close signal.
 *
 * Bar t, per book: (1) funding on open positions at a funding timestamp; (2) at the open: force close (from bar
 * t-1's signal, market), or a stop / take-profit the bar opens beyond (filled at the open); levels the bar opens
 * beyond fill at the open; (3) along the intrabar path chosen by the policy (stop side first, or take-profit
 * side first then back to the close), levels fill at their price in order, the stop (re-computed from the
 * average after each fill) and the take-profit fire at their price (under 'pessimistic', a position that filled a
 * level inside the bar takes profit in that bar only if the close is beyond the take-profit); (4) equity is
 * marked at close[t].
 * A book that exits on a bar re-arms its levels from the next bar. Positions open after the last bar are closed
 * at the last close (market, reason 'end'). See grid-options.ts for inputs and sizing.
 */
export function runGridKernel(candles: Candles, levels: GridLevels, options: GridKernelOptions = {}, scratch?: KernelScratch): KernelResult {
  const { timestamp, open, high, low, close } = candles;
  const n = close.length;
  const levelCount = levels.levelCount;
  if (!(Number.isInteger(levelCount) && levelCount >= 1)) throw new RangeError(`grid levels.levelCount must be an integer >= 1, was ${levelCount}`);
  if (levels.long === undefined && levels.short === undefined) throw new RangeError('grid levels: give levels.long, levels.short or both');
  for (const name of ['takeProfit', 'takeProfitLong', 'takeProfitShort', 'forceClose', 'forceCloseLong', 'forceCloseShort'] as const) {
    const values = levels[name];
    if (values !== undefined && values.length < n) throw new RangeError(`grid levels.${name} has ${values.length} values for ${n} candles`);
  }
  const { equity, trades } = kernelOutputs(n, scratch);
  const sizing = resolveSizing(options.sizing);
  if (sizing.mode === SIZING_MODE.risk) throw new RangeError("grid kernel: sizing mode 'risk' is not supported, use 'fraction' or 'fixed'");
  const funding = resolveFunding(options.funding);
  const weights = levelWeights(options.levelWeights, levelCount);
  const common = {
    levelCount,
    groupSize: options.exitMode === 'perLevel' ? 1 : levelCount,
    weights,
    stopPct: checkFraction('stopLossPct', options.stopLossPct),
    tpPct: checkFraction('takeProfitPct', options.takeProfitPct),
    costs: resolveCosts(options.fees),
    sizing,
    policy: intrabarPolicyCode(options.intrabar),
    start: Math.max(0, options.startIndex ?? 0),
    trades,
    timestamp,
    open,
    high,
    low,
    close,
  };
  const books: GridBook[] = [];
  for (const side of [1, -1] as const) {
    const sideLevels = side > 0 ? levels.long : levels.short;
    if (sideLevels === undefined) continue;
    if (sideLevels.length < n * levelCount) {
      throw new RangeError(`grid levels.${side > 0 ? 'long' : 'short'} must hold candles x levelCount = ${n * levelCount} prices, has ${sideLevels.length}`);
    }
    books.push(
      new GridBook({
        ...common,
        side,
        levels: sideLevels,
        takeProfit: (side > 0 ? levels.takeProfitLong : levels.takeProfitShort) ?? levels.takeProfit ?? nanFloats(n),
        forceClose: (side > 0 ? levels.forceCloseLong : levels.forceCloseShort) ?? levels.forceClose ?? zeroBytes(n),
      }),
    );
  }
  const first = books[0];
  const second = books.length > 1 ? books[1] : null;
  const initialCash = options.initialCash ?? 10_000;
  let ambiguousBars = 0;
  let barsInPosition = 0;
  let equityRef = initialCash;
  for (let t = 0; t < n; t++) {
    if (t > 0 && !funding.enabled && !first.isOpen() && (second === null || !second.isOpen())) {
      // Flat books do nothing until a level comes within a bar's range: mark those bars in one tight loop.
      const firstNext = first.firstActiveBar(t, n);
      // The second book is scanned only up to where the first acts (never to the end of the data each time).
      const next = second === null ? firstNext : second.firstActiveBar(t, firstNext);
      if (next > t) {
        const flatValue = second === null ? initialCash + first.realized : initialCash + first.realized + second.realized;
        equity.fill(flatValue, t, next);
        equityRef = flatValue;
        t = next;
        if (t === n) break;
      }
    } else if (t > 0 && !funding.enabled && second === null) {
      // One open book on bars where nothing is within reach: mark them in one loop.
      const next = first.markQuietBars(t, n, equity, initialCash + first.realized);
      if (next > t) {
        barsInPosition += next - t;
        equityRef = equity[next - 1];
        t = next;
        if (t === n) break;
      }
    }
    const o = open[t];
    if (funding.enabled) {
      const rate = fundingRateAt(funding, timestamp[t], t);
      if (rate !== 0) {
        first.payFunding(rate, o);
        second?.payFunding(rate, o);
      }
    }
    first.equityRef = equityRef;
    let ambiguous = first.step(t);
    if (second !== null) {
      second.equityRef = equityRef;
      ambiguous |= second.step(t);
    }
    ambiguousBars += ambiguous;
    let value = initialCash + first.realized + first.markValue;
    if (second !== null) value += second.realized + second.markValue;
    equity[t] = value;
    equityRef = value;
    if (first.isOpen() || (second !== null && second.isOpen())) barsInPosition++;
  }
  if (n > 0 && (first.isOpen() || (second !== null && second.isOpen()))) {
    const last = n - 1;
    first.closeAll(last, close[last], EXIT_REASON.end);
    second?.closeAll(last, close[last], EXIT_REASON.end);
    equity[last] = initialCash + first.realized + (second?.realized ?? 0);
    barsInPosition--;
  }
  return { trades, equity, ambiguousBars, barsInPosition };
}

function levelWeights(weights: ArrayLike<number> | undefined, levelCount: number): Float64Array {
  if (weights === undefined) return new Float64Array(levelCount).fill(1 / levelCount);
  if (weights.length !== levelCount) throw new RangeError(`grid levelWeights must have levelCount = ${levelCount} entries, has ${weights.length}`);
  const out = Float64Array.from(weights);
  if (!out.every((w) => w >= 0)) throw new RangeError('grid levelWeights must be >= 0');
  return out;
}
