/**
 * What the research of one candidate (pair, tf, strategy) hands to the family step: its walk-forward record and
 * every statistic that depends on it alone, plus the raw material of the family-wide tests (trial Sharpes, CSCV
 * blocks, active returns). Plain JSON (long series packed as base64 strings, core/packed-floats.ts): it crosses
 * worker threads and is cached in the results DB by input hash; grading happens after, once every candidate of
 * the family is in.
 */
import type { ComboRow } from '../config/combo-row.js';
import type { CandidateDetail } from '../config/result-detail-file.js';
import type { ReproStamp, SampleMetrics } from '../config/summary-file.js';
import type { Timeframe } from '../core/index.js';

/** Sample metrics of a stitched record plus what the summary row shows beside them. */
export interface RecordMetrics extends SampleMetrics {
  sortino: number;
  expectancy: number;
  exposure: number;
}

/** Per-bar moments of the OOS record (sample std; raw kurtosis), as PSR/DSR take them. */
export interface RecordMoments {
  sharpe: number;
  standardDeviation: number;
  skewness: number;
  kurtosis: number;
  observations: number;
}

export interface OverfittingSummary {
  pbo: number;
  probabilityOfLoss: number;
  degradation: { slope: number; intercept: number };
  /** Histogram of the CSCV logits (bin edges and counts) and a sample of the (IS, OOS) points of the IS best. */
  logitHistogram: { edges: number[]; counts: number[] };
  degradationPoints: { is: number[]; oos: number[] };
  splits: number;
  trials: number;
}

export interface CandidateEvidence {
  id: string;
  pair: string;
  tf: Timeframe;
  strategy: string;
  /** The latest window's IS choice: the params proposed for promotion. */
  params: Record<string, number | string | boolean>;
  /** Span of the candles researched, in years (MinBTL compares it with the trials tried). */
  historyYears: number;
  /** Open time (ISO) of the last candle researched. */
  researchedThrough: string;
  oos: RecordMetrics;
  is: RecordMetrics;
  moments: RecordMoments | null;
  /** Per-bar Sharpe of the passive benchmark (its mean over the record's own std). */
  passiveSharpe: number;
  /** (SR - SR_passive) x sqrt(T): the t-statistic of the active edge; null when the record never varies. */
  edgeTStat: number | null;
  /** Share of OOS windows whose active return is positive. */
  consistency: number | null;
  /** Per-bar OOS Sharpe / per-bar IS Sharpe of the record; null when the IS Sharpe is not positive. */
  oosIsRatio: number | null;
  /** Per-bar active returns of the record (packFloats): the family bootstrap resamples them. */
  activeReturns: string;
  trials: {
    /** Per-bar OOS Sharpe of every combo that ran (diagnostic): the trial Sharpes of the DSR. */
    sharpes: number[];
    /** CSCV block sums / squares (packFloats), one row of `partitions` per combo that ran, and bars per block. */
    blockSums: string;
    blockSquares: string;
    blockSize: number;
    partitions: number;
  };
  /** DSR with the candidate's own trials (the family's is computed in the family step). */
  candidateDsr: number | null;
  /** CSCV probability of backtest overfitting of the candidate's combos (the whole summary is in the detail). */
  candidatePbo: number | null;
  /** Bootstrap of the trade returns: raw p-value (null when underpowered) and P&L bands. */
  tradeBootstrap: { pValue: number | null; underpowered: boolean; trades: number };
  stability: number | null;
  costStress: number | null;
  warnings: string[];
  stamp: ReproStamp;
  /** The detail file without the family section and the combo list (both added when the family is graded). */
  detail: CandidateDetail;
  /** Every evaluated combo (diagnostic): the results DB rows, and the detail's heatmap data. */
  combos: ComboRow[];
}
