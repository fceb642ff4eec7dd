import type { Candles } from '../core/index.js';
import { resolveCosts } from './costs.js';
import { EXIT_REASON } from './exit-reason.js';
import { intrabarPolicyCode, stopSideFirst } from './fill-rules.js';
import { fundingRateAt, resolveFunding } from './funding.js';
import { kernelOutputs, type KernelResult, type KernelScratch } from './kernel-scratch.js';
import { checkFraction, checkSignalLengths, type MonoKernelOptions, type Signals } from './mono-options.js';
import { nanFloats } from './_filler-arrays.js';
import { closeTrade, fillTradeTimes } from './_mono-close-trade.js';
import { markFlatThroughSignal, markPositionThroughSignal, skipQuietPositionBars } from './_mono-quiet-bars.js';
import { packedSignalsOf, SIGNAL_MASK } from './packed-signals.js';
import { actingCodes, PENDING_SIDE, signalActions } from './_mono-signal-table.js';
import { positionUnits, resolveSizing } from './sizing.js';

/**
 * Mono-position backtest kernel: at most one position (long or short) at a time.
 *
 * Bar t, in order: (1) funding on a position carried into a funding timestamp; (2) orders from bar t-1's signals
 * fill at open[t] (exit first, then entry, so exit + opposite entry reverses); (3) the open position, including one
 * just entered at this open, is checked against its stop / trailing stop / take-profit over the bar's range
 * (see fill-rules.ts); (4) equity is marked at close[t]; (5) signals of bar t (t >= startIndex) are read.
 * A position still open after the last bar is closed at the last close as a market order (reason 'end').
 * The trailing stop does not ratchet inside a bar: bar t uses the best price up to bar t-1.
 * The per-bar return moments of the final equity (`returnSum`, `returnSquares`) are accumulated while marking,
 * bit-identical to `addReturnMoments(equity)`, so a grid search needs no second pass over the equity.
 * Signals are read in packed form (one byte per bar); four separate arrays are packed once on entry.
 * With `scoreOnly`, neither the equity curve nor the trade times are written (see MonoKernelOptions).
 * No allocation per bar; pass a `scratch` to reuse outputs across runs.
 */
export function runMonoKernel(candles: Candles, signals: Signals, options: MonoKernelOptions = {}, scratch?: KernelScratch): KernelResult {
  const { timestamp, open, high, low, close } = candles;
  const n = close.length;
  checkSignalLengths(signals, n);
  const record = options.scoreOnly !== true;
  const { equity, trades } = kernelOutputs(record ? n : 0, scratch);
  // Bar t's equity goes to marks[t & mask]: the curve, or a one-slot sink (a store on every path, so the
  // optimised code never meets an equity store it has no type feedback for).
  const marks = record ? equity : EQUITY_SINK;
  const mask = record ? -1 : 0;
  const costs = resolveCosts(options.fees);
  const sizing = resolveSizing(options.sizing);
  const funding = resolveFunding(options.funding);
  const fundingEnabled = funding.enabled;
  const policy = intrabarPolicyCode(options.intrabar);
  const stopPct = checkFraction('stopLossPct', options.stopLossPct);
  const tpPct = checkFraction('takeProfitPct', options.takeProfitPct);
  const trailPct = checkFraction('trailingStopPct', options.trailingStopPct);
  const trailing = trailPct === trailPct;
  const dynamic = options.dynamicLevels === true;
  const reverseMode = (options.oppositeEntry ?? 'reverse') === 'reverse';
  // Quiet bars (see _mono-quiet-bars.ts) can be skipped when nothing else changes from bar to bar.
  const skipQuiet = !dynamic && !trailing;
  const actions = signalActions(reverseMode);
  const flatActing = actingCodes(actions, 0);
  const longActing = actingCodes(actions, 1);
  const shortActing = actingCodes(actions, -1);
  const start = Math.max(0, options.startIndex ?? 0);
  const slip = costs.slippage;
  const packed = packedSignalsOf(signals, n);
  // The quiet loops stop before the last bar: its return is taken after a final 'end' close may re-mark it.
  const quietEnd = n - 1;
  // [return sum, sum of squares, equity of the last marked bar, a prefetch sink], shared with the quiet loops.
  const moments = momentsScratch;
  moments.fill(0);
  let firstEquity = 0;
  let beforeLastEquity = 0;
  const stopLong = signals.stopLong ?? nanFloats(n);
  const tpLong = signals.takeProfitLong ?? nanFloats(n);
  const stopShort = signals.stopShort ?? nanFloats(n);
  const tpShort = signals.takeProfitShort ?? nanFloats(n);
  // Without level arrays, stop / take-profit rules or a trailing stop, a position only ends on a signal: the
  // kernel then never reads the level arrays, nor high / low (cache misses at every event of a 1M-bar run).
  const hasLevels = (signals.stopLong ?? signals.takeProfitLong ?? signals.stopShort ?? signals.takeProfitShort) !== undefined;
  const checksExits = hasLevels || stopPct === stopPct || tpPct === tpPct || trailing;

  let cash = options.initialCash ?? 10_000;
  let ambiguousBars = 0;
  let barsInPosition = 0;
  // Open position, in position space (prices x side).
  let side = 0;
  let units = 0;
  let entryP = 0;
  let entryIndex = 0;
  let entryFee = 0;
  let fundingPaid = 0;
  let equityAtEntry = 0;
  let pctStopP = -Infinity;
  let levelStopP = -Infinity;
  let pctTpP = Infinity;
  let levelTpP = Infinity;
  let extremeP = 0;
  // Orders decided at the previous close.
  let pendingExit = 0;
  let pendingSide = 0;
  let pendingStop = Number.NaN;
  let pendingTp = Number.NaN;

  for (let t = 0; t < n; t++) {
    const o = open[t];
    if (side !== 0 && fundingEnabled) {
      const rate = fundingRateAt(funding, timestamp[t], t);
      const paid = side * rate * units * o;
      cash -= paid;
      fundingPaid += paid;
    }
    if (pendingExit !== 0) {
      const exitP = side * o - slip * o;
      const reason = pendingSide !== 0 ? EXIT_REASON.reverse : EXIT_REASON.signal;
      cash += closeTrade(trades, side, entryIndex, t, entryP, exitP, units, entryFee, costs.marketFee, fundingPaid, equityAtEntry, reason);
      side = 0;
      pendingExit = 0;
    }
    if (pendingSide !== 0) {
      const s = pendingSide;
      const fillP = s * o + slip * o;
      const fillAbs = s * fillP;
      pctStopP = stopPct === stopPct ? fillP - stopPct * fillAbs : -Infinity;
      pctTpP = tpPct === tpPct ? fillP + tpPct * fillAbs : Infinity;
      levelStopP = pendingStop === pendingStop ? s * pendingStop : -Infinity;
      levelTpP = pendingTp === pendingTp ? s * pendingTp : Infinity;
      const stopP = pctStopP > levelStopP ? pctStopP : levelStopP;
      const size = positionUnits(sizing, cash, fillAbs, fillP - stopP);
      if (size > 0) {
        side = s;
        units = size;
        entryP = fillP;
        entryIndex = t;
        entryFee = costs.marketFee * size * fillAbs;
        fundingPaid = 0;
        equityAtEntry = cash;
        extremeP = fillP;
        cash -= entryFee;
      }
      pendingSide = 0;
    }
    if (side !== 0 && checksExits) {
      if (dynamic && entryIndex < t) {
        const stopLevel = side > 0 ? stopLong[t - 1] : stopShort[t - 1];
        const tpLevel = side > 0 ? tpLong[t - 1] : tpShort[t - 1];
        if (stopLevel === stopLevel) levelStopP = side * stopLevel;
        if (tpLevel === tpLevel) levelTpP = side * tpLevel;
      }
      const oP = side * o;
      const hP = side > 0 ? high[t] : -low[t];
      const lP = side > 0 ? low[t] : -high[t];
      let stopP = pctStopP > levelStopP ? pctStopP : levelStopP;
      let stopReason: number = EXIT_REASON.stopLoss;
      if (trailing) {
        const trailP = extremeP - trailPct * (extremeP < 0 ? -extremeP : extremeP);
        if (trailP > stopP) {
          stopP = trailP;
          stopReason = EXIT_REASON.trailingStop;
        }
      }
      const tpP = pctTpP < levelTpP ? pctTpP : levelTpP;
      let exitP = Number.NaN;
      let exitFee = 0;
      let reason = 0;
      if (oP <= stopP) {
        exitP = oP - slip * o;
        exitFee = costs.stopFee;
        reason = stopReason;
      } else if (oP >= tpP) {
        exitP = oP;
        exitFee = costs.takeProfitFee;
        reason = EXIT_REASON.takeProfit;
      } else {
        const hitStop = lP <= stopP;
        const hitTp = hP >= tpP;
        if (hitStop && hitTp) ambiguousBars++;
        if (hitStop && (!hitTp || stopSideFirst(policy, oP, hP, lP, side * close[t]))) {
          exitP = stopP - slip * (stopP < 0 ? -stopP : stopP);
          exitFee = costs.stopFee;
          reason = stopReason;
        } else if (hitTp) {
          exitP = tpP;
          exitFee = costs.takeProfitFee;
          reason = EXIT_REASON.takeProfit;
        }
      }
      if (exitP === exitP) {
        cash += closeTrade(trades, side, entryIndex, t, entryP, exitP, units, entryFee, exitFee, fundingPaid, equityAtEntry, reason);
        side = 0;
      } else if (trailing && hP > extremeP) {
        // Only the trailing stop reads the extreme; skipping it spares an unpredictable branch per bar.
        extremeP = hP;
      }
    }
    let value = cash;
    if (side !== 0) {
      value = cash + units * (side * close[t] - entryP);
      barsInPosition++;
    }
    marks[t & mask] = value;
    if (t === 0) firstEquity = value;
    else if (t < quietEnd) addReturn(moments, moments[2], value);
    else beforeLastEquity = moments[2];
    moments[2] = value;
    if (t >= start && t + 1 < n) {
      const action = actions[(side + 1) * 16 + (packed[t] & SIGNAL_MASK)];
      if (action !== 0) {
        pendingExit = action & 1;
        pendingSide = PENDING_SIDE[action >> 1];
        if (pendingSide !== 0 && hasLevels) {
          pendingStop = pendingSide > 0 ? stopLong[t] : stopShort[t];
          pendingTp = pendingSide > 0 ? tpLong[t] : tpShort[t];
        }
      }
    }
    if (skipQuiet && pendingExit === 0 && pendingSide === 0) {
      const from = t + 1;
      let acting = 0;
      if (side === 0) {
        acting = flatActing;
        t = markFlatThroughSignal(from, quietEnd, cash, marks, mask, acting, packed) - 1;
      } else if (!fundingEnabled) {
        const stopP = pctStopP > levelStopP ? pctStopP : levelStopP;
        const tpP = pctTpP < levelTpP ? pctTpP : levelTpP;
        acting = side > 0 ? longActing : shortActing;
        const next =
          stopP === -Infinity && tpP === Infinity
            ? markPositionThroughSignal(from, quietEnd, side, cash, units, entryP, open, close, marks, mask, acting, packed, moments)
            : skipQuietPositionBars(from, quietEnd, side, stopP, tpP, cash, units, entryP, candles, marks, mask, acting, packed, moments);
        barsInPosition += next - from;
        t = next - 1;
      }
      // A run marked through a signal bar: that bar's orders, exactly as the general loop places them.
      if (t >= from && t >= start && ((acting >> (packed[t] & SIGNAL_MASK)) & 1) !== 0) {
        const action = actions[(side + 1) * 16 + (packed[t] & SIGNAL_MASK)];
        pendingExit = action & 1;
        pendingSide = PENDING_SIDE[action >> 1];
        if (pendingSide !== 0 && hasLevels) {
          pendingStop = pendingSide > 0 ? stopLong[t] : stopShort[t];
          pendingTp = pendingSide > 0 ? tpLong[t] : tpShort[t];
        }
      }
    }
  }
  let lastEquity = moments[2];
  if (side !== 0 && n > 0) {
    const last = n - 1;
    const exitP = side * close[last] - slip * close[last];
    cash += closeTrade(trades, side, entryIndex, last, entryP, exitP, units, entryFee, costs.marketFee, fundingPaid, equityAtEntry, EXIT_REASON.end);
    lastEquity = cash;
    if (record) equity[last] = cash;
    barsInPosition--;
  }
  if (n > 1) addReturn(moments, beforeLastEquity, lastEquity);
  if (record) fillTradeTimes(trades, timestamp);
  return { trades, equity, ambiguousBars, barsInPosition, returnSum: moments[0], returnSquares: moments[1], firstEquity, lastEquity };
}

const momentsScratch = new Float64Array(4);
const EQUITY_SINK = new Float64Array(1);

/** Adds the simple return from `previous` to `value` (0 after a non-positive equity) to the running moments. */
function addReturn(moments: Float64Array, previous: number, value: number): void {
  const r = previous > 0 ? value / previous - 1 : 0;
  moments[0] += r;
  moments[1] += r * r;
}
