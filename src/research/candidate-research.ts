/** Input and output of the research of one candidate (pair, tf, strategy). */
import type { ComboRow } from '../config/combo-row.js';
import type { Timeframe } from '../core/index.js';
import type { BacktestConfig } from '../config/backtest-config.js';
import type { ResultDetail } from '../config/result-detail-file.js';
import type { Candidate } from '../config/strategies-file.js';
import type { SummaryRow } from '../config/summary-file.js';
import type { CostOptions } from '../engine/index.js';
import type { StrategyParams } from '../strategies/index.js';
import type { ParameterGrid } from './parameter-grid.js';
import type { WalkForwardResult } from './walk-forward.js';

export interface ResearchCandidateInput {
  pair: string;
  tf: Timeframe;
  strategyId: string;
  grid: ParameterGrid;
  /** Entry defaults under the grid (risk params...); the strategy's own defaults fill the rest. */
  defaults?: StrategyParams;
  config: BacktestConfig;
  fees: CostOptions;
  /** Default: config.seed. */
  seed?: number;
  /** Run id written into the candidate's source_run (default 'local'). */
  runId?: string;
  /** package.json version of the code that ran (default 'dev'). */
  codeVersion?: string;
  simulated?: boolean;
}

export interface CandidateResearch {
  id: string;
  row: SummaryRow;
  detail: ResultDetail;
  candidate: Candidate;
  /** Every evaluated combo, for the results DB and heatmaps. */
  combos: ComboRow[];
}

/** Everything a worker needs to finish a candidate after the search (serialisable). */
export type SearchOutcome = WalkForwardResult;
export type { ComboRow };


