import { forEachFiniteRun, leadingGapEnd } from './_finite-runs.js';
import { emaRun } from './ema.js';
import { assertOutputs, assertPeriod } from './_validate.js';

export interface Macd {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/**
 * MACD (Appel): `macd = EMA(close, fast) - EMA(close, slow)`, `signal = EMA(macd, signal)`,
 * `histogram = macd - signal`; every EMA is SMA-seeded with `k = 2 / (period + 1)`.
 *
 * TA-Lib alignment (MACD): the fast EMA is seeded on the same window end as the slow one (the SMA of
 * close[slow - fast .. slow - 1]), so it differs slightly from a stand-alone `ema(close, fast)` near the start; and
 * all three outputs start together at index `slow + signal - 2`, NaN before. Requires `fast < slow`.
 * A non-finite input makes the outputs NaN there and restarts the warm-up.
 */
export function macd(
  close: Float64Array,
  fast: number,
  slow: number,
  signal: number,
  out: Macd = allocateOutputs(close.length),
): Macd {
  assertPeriod('macd', 'fast', fast);
  assertPeriod('macd', 'slow', slow, fast + 1);
  assertPeriod('macd', 'signal', signal);
  const { macd: line, signal: signalLine, histogram } = out;
  assertOutputs('macd', close.length, [close], [line, signalLine, histogram]);
  const outputs = [line, signalLine, histogram];
  const start = leadingGapEnd([close], outputs);
  if (!macdRun(close, start, close.length, fast, slow, signal, out)) {
    forEachFiniteRun([close], outputs, (from, end) => macdRun(close, from, end, fast, slow, signal, out));
  }
  return out;
}

/**
 * MACD over [start, end), as if the series began at `start`. Returns false when some close in the range was not
 * finite (the slow EMA reads every close and reports it), so the caller must redo the range run by run.
 */
function macdRun(close: Float64Array, start: number, end: number, fast: number, slow: number, signal: number, out: Macd): boolean {
  const { macd: line, signal: signalLine, histogram } = out;
  const lineStart = start + slow - 1;
  const first = Math.min(lineStart + signal - 1, end);
  if (lineStart >= end) {
    line.fill(NaN, start, end);
    signalLine.fill(NaN, start, end);
    histogram.fill(NaN, start, end);
    return true;
  }
  emaRun(close, start + slow - fast, end, fast, line);
  const finite = emaRun(close, start, end, slow, histogram);
  for (let i = lineStart; i < end; i++) line[i] = line[i] - histogram[i];
  emaRun(line, lineStart, end, signal, signalLine);
  for (let i = first; i < end; i++) histogram[i] = line[i] - signalLine[i];
  line.fill(NaN, start, first);
  signalLine.fill(NaN, start, first);
  histogram.fill(NaN, start, first);
  return finite;
}

function allocateOutputs(length: number): Macd {
  return { macd: new Float64Array(length), signal: new Float64Array(length), histogram: new Float64Array(length) };
}
