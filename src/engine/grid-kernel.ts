import type { Candles } from '../core/index.js';
import { EXIT_REASON } from './exit-reason.js';
import { fundingRateAt, type ResolvedFunding } from './funding.js';
import { stepBook } from './_grid-bar-path.js';
import { GridBook } from './_grid-book.js';
import { closeOpenGroups, payFunding } from './_grid-ledger.js';
import { firstActiveBar, markQuietBars, markQuietPair } from './_grid-quiet-bars.js';
import { resolveGridRun } from './_grid-setup.js';
import type { GridKernelOptions, GridLevels } from './grid-options.js';
import { kernelOutputs, type KernelResult, type KernelScratch } from './kernel-scratch.js';

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
 *
 * Phases: `skipQuietBars` marks runs of bars on which no book can act in tight loops (_grid-quiet-bars.ts),
 * `stepBar` runs one bar of every book (_grid-bar-path.ts), `closeAtEnd` closes what is still open. The books'
 * state lives in two per-thread GridBook objects reset for each run: no allocation per run besides the outputs.
 */
export function runGridKernel(candles: Candles, levels: GridLevels, options: GridKernelOptions = {}, scratch?: KernelScratch): KernelResult {
  const n = candles.close.length;
  const { equity, trades } = kernelOutputs(n, scratch);
  const run = resolveGridRun(candles, levels, options, trades);
  const first = BOOKS[0];
  first.reset(run.books[0]);
  const second = run.books.length > 1 ? BOOKS[1] : null;
  second?.reset(run.books[1]);
  const state = STATE;
  state.fill(0);
  state[EQUITY_REF] = run.initialCash;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      t = skipQuietBars(first, second, t, n, equity, run.initialCash, run.funding.enabled, state);
      if (t === n) break;
    }
    stepBar(first, second, t, equity, run.initialCash, run.funding, state);
  }
  closeAtEnd(first, second, n, equity, run.initialCash, state);
  first.release();
  second?.release();
  return { trades, equity, ambiguousBars: state[AMBIGUOUS_BARS], barsInPosition: state[BARS_IN_POSITION] };
}

// The run's counters and the equity that sizes a new cycle, kept in a per-thread array so the phase functions
// update them without returning objects.
const AMBIGUOUS_BARS = 0;
const BARS_IN_POSITION = 1;
const EQUITY_REF = 2;
const STATE = new Float64Array(3);
const BOOKS = [new GridBook(), new GridBook()];

function isOpen(first: GridBook, second: GridBook | null): boolean {
  return first.openGroups !== 0 || (second !== null && second.openGroups !== 0);
}

/** From bar t (>= 1): marks the bars on which nothing can happen and returns the first bar to step (or n). */
function skipQuietBars(
  first: GridBook, second: GridBook | null, t: number, n: number, equity: Float64Array, initialCash: number, fundingEnabled: boolean, state: Float64Array,
): number {
  if (!isOpen(first, second)) {
    // Flat books do nothing until a level comes within a bar's range (funding touches only open positions).
    const firstNext = firstActiveBar(first, t, n);
    // The second book is scanned only up to where the first acts (never to the end of the data each time).
    const next = second === null ? firstNext : firstActiveBar(second, t, firstNext);
    if (next > t) {
      const flatValue = second === null ? initialCash + first.realized : initialCash + first.realized + second.realized;
      equity.fill(flatValue, t, next);
      state[EQUITY_REF] = flatValue;
    }
    return next;
  }
  if (fundingEnabled) return t;
  const next = second === null
    ? markQuietBars(first, t, n, equity, initialCash + first.realized)
    : markQuietPair(first, second, t, n, equity, initialCash);
  if (next > t) {
    state[BARS_IN_POSITION] += next - t;
    state[EQUITY_REF] = equity[next - 1];
  }
  return next;
}

/** Bar t of every book: funding, the bar path, the mark. */
function stepBar(first: GridBook, second: GridBook | null, t: number, equity: Float64Array, initialCash: number, funding: ResolvedFunding, state: Float64Array): void {
  if (funding.enabled) {
    const rate = fundingRateAt(funding, first.timestamp[t], t);
    if (rate !== 0) {
      const o = first.open[t];
      payFunding(first, rate, o);
      if (second !== null) payFunding(second, rate, o);
    }
  }
  first.equityRef = state[EQUITY_REF];
  let ambiguous = stepBook(first, t);
  if (second !== null) {
    second.equityRef = state[EQUITY_REF];
    ambiguous |= stepBook(second, t);
  }
  state[AMBIGUOUS_BARS] += ambiguous;
  let value = initialCash + first.realized + first.markValue;
  if (second !== null) value += second.realized + second.markValue;
  equity[t] = value;
  state[EQUITY_REF] = value;
  if (isOpen(first, second)) state[BARS_IN_POSITION]++;
}

/** Positions open after the last bar close at the last close as market orders (reason 'end'). */
function closeAtEnd(first: GridBook, second: GridBook | null, n: number, equity: Float64Array, initialCash: number, state: Float64Array): void {
  if (n === 0 || !isOpen(first, second)) return;
  const last = n - 1;
  const price = first.close[last];
  closeOpenGroups(first, last, first.side * price - first.slippage * price, first.marketFee, EXIT_REASON.end);
  if (second !== null) closeOpenGroups(second, last, second.side * price - second.slippage * price, second.marketFee, EXIT_REASON.end);
  equity[last] = initialCash + first.realized + (second?.realized ?? 0);
  state[BARS_IN_POSITION]--;
}
