/**
 * Slow, obviously-correct references for the indicators TA-Lib lacks: plain loops over number arrays, recomputing
 * every window from scratch. Conventions are the ones documented in src/indicators.
 */
type Series = ArrayLike<number>;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const window = (src: Series, end: number, period: number) => Array.from({ length: period }, (_, j) => src[end - period + 1 + j]);

export function referencePopulationStd(src: Series, period: number): number[] {
  return Array.from({ length: src.length }, (_, t) => {
    if (t < period - 1) return NaN;
    const values = window(src, t, period);
    const m = mean(values);
    return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
  });
}

export function referenceZScore(src: Series, period: number): number[] {
  const sigma = referencePopulationStd(src, period);
  return Array.from({ length: src.length }, (_, t) => (t < period - 1 ? NaN : (src[t] - mean(window(src, t, period))) / sigma[t]));
}

export function referenceEma(src: Series, period: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < src.length; t++) {
    if (t < period - 1) out.push(NaN);
    else if (t === period - 1) out.push(mean(window(src, t, period)));
    else out.push(out[t - 1] + (2 / (period + 1)) * (src[t] - out[t - 1]));
  }
  return out;
}

export function referenceTrueRange(high: Series, low: Series, close: Series): number[] {
  return Array.from({ length: close.length }, (_, t) =>
    t === 0 ? NaN : Math.max(high[t] - low[t], Math.abs(high[t] - close[t - 1]), Math.abs(low[t] - close[t - 1])),
  );
}

export function referenceAtr(high: Series, low: Series, close: Series, period: number): number[] {
  const range = referenceTrueRange(high, low, close);
  const out: number[] = [];
  for (let t = 0; t < close.length; t++) {
    if (t < period) out.push(NaN);
    else if (t === period) out.push(mean(range.slice(1, period + 1)));
    else out.push((out[t - 1] * (period - 1) + range[t]) / period);
  }
  return out;
}

export function referenceKeltner(high: Series, low: Series, close: Series, period: number, mult: number) {
  const middle = referenceEma(close, period);
  const range = referenceAtr(high, low, close, period);
  return { upper: middle.map((m, t) => m + mult * range[t]), middle, lower: middle.map((m, t) => m - mult * range[t]) };
}

export function referenceDonchian(high: Series, low: Series, period: number) {
  const upper = Array.from({ length: high.length }, (_, t) => (t < period - 1 ? NaN : Math.max(...window(high, t, period))));
  const lower = Array.from({ length: low.length }, (_, t) => (t < period - 1 ? NaN : Math.min(...window(low, t, period))));
  return { upper, lower, middle: upper.map((u, t) => (u + lower[t]) / 2) };
}

export function referenceVwap(timestamp: Series, high: Series, low: Series, close: Series, volume: Series): number[] {
  const day = (t: number) => Math.floor(timestamp[t] / 86_400_000);
  return Array.from({ length: close.length }, (_, t) => {
    let priceVolume = 0;
    let totalVolume = 0;
    for (let s = t; s >= 0 && day(s) === day(t); s--) {
      priceVolume += ((high[s] + low[s] + close[s]) / 3) * volume[s];
      totalVolume += volume[s];
    }
    return totalVolume === 0 ? NaN : priceVolume / totalVolume;
  });
}

/** TradingView `ta.supertrend`, transcribed with +1 = uptrend (Pine uses -1 for up). */
export function referenceSupertrend(high: Series, low: Series, close: Series, period: number, mult: number) {
  const range = referenceAtr(high, low, close, period);
  const line: number[] = [];
  const direction: number[] = [];
  const upperBand: number[] = [];
  const lowerBand: number[] = [];
  for (let t = 0; t < close.length; t++) {
    const hl2 = (high[t] + low[t]) / 2;
    let upper = hl2 + mult * range[t];
    let lower = hl2 - mult * range[t];
    if (t > period) {
      if (!(upper < upperBand[t - 1] || close[t - 1] > upperBand[t - 1])) upper = upperBand[t - 1];
      if (!(lower > lowerBand[t - 1] || close[t - 1] < lowerBand[t - 1])) lower = lowerBand[t - 1];
    }
    upperBand.push(upper);
    lowerBand.push(lower);
    let trend: number;
    if (t < period) trend = NaN;
    else if (t === period) trend = -1;
    else if (line[t - 1] === upperBand[t - 1]) trend = close[t] > upper ? 1 : -1;
    else trend = close[t] < lower ? -1 : 1;
    direction.push(trend);
    line.push(t < period ? NaN : trend > 0 ? lower : upper);
  }
  return { line, direction };
}
