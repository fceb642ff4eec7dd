/** Research jobs of a backtest run: one per (pair, tf, strategy), dispatched to the worker pool. */
import { existsSync } from 'node:fs';
import type { Candles, Timeframe } from '../core/index.js';
import { describeError } from '../core/errors.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import type { Fees } from '../config/runtime-config.js';
import { ohlcvPath, readCandles } from '../data/ohlcv-store.js';
import type { ResultsDb, StoredResult } from '../data/results-db.js';
import { candlesHash, hashValue, planWindows, researchInputHash, searchCandidate, type CandidateResearch, type ResearchCandidateInput } from '../research/index.js';
import type { ValidatedEntry } from '../strategies/index.js';
import { shareCandles, type BacktestPool, type SharedCandlesRef } from '../workers/index.js';

export interface PairTf {
  pair: string;
  tf: Timeframe;
}

export interface LoadedSeries extends PairTf {
  candles: Candles;
  ref: SharedCandlesRef;
  dataHash: string;
}

export interface JobOutcome {
  item: string;
  result?: CandidateResearch;
  inputHash?: string;
  reused?: boolean;
  error?: string;
}

/** Loads the candles of one (pair, tf), or says why it is skipped (no file, too few candles for one window). */
export async function loadSeries(dataDir: string, target: PairTf, config: BacktestConfig): Promise<LoadedSeries | { skip: string }> {
  const file = ohlcvPath(dataDir, target.pair, target.tf);
  if (!existsSync(file)) return { skip: `no candle file (${file}); run scalp backfill first` };
  let candles: Candles;
  try {
    candles = await readCandles(file);
  } catch (error) {
    return { skip: describeError(error) };
  }
  const split = planWindows(candles.close.length, target.tf, config.walk_forward);
  if (split.windows.length === 0) return { skip: `too few candles (${candles.close.length}): ${split.reason}` };
  return { ...target, candles, ref: shareCandles(candles), dataHash: candlesHash(candles) };
}

export interface JobContext {
  config: BacktestConfig;
  fees: Fees;
  runId: string;
  codeVersion: string;
  simulated: boolean;
  db: ResultsDb;
  pool: () => BacktestPool;
}

/** The research input of one job and its cache key. */
export function jobInput(series: LoadedSeries, entry: ValidatedEntry, context: JobContext): { input: ResearchCandidateInput; inputHash: string } {
  const input: ResearchCandidateInput = {
    pair: series.pair, tf: series.tf, strategyId: entry.id, grid: entry.entry.grid, defaults: entry.entry.defaults,
    config: context.config, fees: context.fees, seed: context.config.seed, runId: context.runId, codeVersion: context.codeVersion,
    simulated: context.simulated,
  };
  const inputHash = researchInputHash({
    dataHash: series.dataHash, pair: series.pair, tf: series.tf, strategyId: entry.id, grid: entry.entry.grid, defaults: entry.entry.defaults,
    configHash: hashValue({ config: context.config, fees: context.fees }), codeVersion: context.codeVersion, seed: context.config.seed,
  });
  return { input, inputHash };
}

/** Runs one job: reuse the cached result of an identical input, else search (batches in the pool) and finalize in the pool. */
export async function runJob(series: LoadedSeries, entry: ValidatedEntry, context: JobContext): Promise<JobOutcome> {
  const item = `${series.pair} ${series.tf} ${entry.id}`;
  const { input, inputHash } = jobInput(series, entry, context);
  try {
    const cached = await context.db.cached(inputHash);
    if (cached) return { item, result: reuse(cached, context), inputHash, reused: true };
    const pool = context.pool();
    const windows = planWindows(series.candles.close.length, series.tf, context.config.walk_forward).windows;
    const outcome = await searchCandidate(series.candles, input, (combos) => pool.evaluate(series.ref, input, windows, combos));
    const result = await pool.finalize(series.ref, input, outcome);
    return { item, result, inputHash, reused: false };
  } catch (error) {
    return { item, error: describeError(error) };
  }
}

function reuse(cached: StoredResult, context: JobContext): CandidateResearch {
  const result = cached as unknown as CandidateResearch;
  return {
    ...result,
    row: { ...result.row, reused: true },
    candidate: { ...result.candidate, source_run: context.runId, simulated: context.simulated },
  };
}
