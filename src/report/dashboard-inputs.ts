import type { DemotionLogLine } from '../config/demotion-log.js';
import type { ForwardFile } from '../config/forward-file.js';
import type { JobTimingsFile } from '../config/job-timings-file.js';
import type { CycleLogLine } from '../config/cycle-log.js';
import type { ActiveStrategy } from '../config/strategies-file.js';
import type { SummaryFile } from '../config/summary-file.js';
import type { Timeframe } from '../core/timeframe.js';
import type { PromotionLogLine } from '../promote/promotion-log.js';

/** Orchestrator state of one pair x timeframe (DESIGN.md section 4). */
export type DashboardPairState = 'MIS' | 'OLD' | 'DAT' | 'OK';

/** One pair x timeframe row as the loop computes it (the same shape as `scalp status --json` rows). */
export interface StatusRow {
  readonly pair: string;
  readonly tf: string;
  readonly state: DashboardPairState;
  readonly last_candle: number | null;
  readonly age_ms: number | null;
  readonly rows: number;
  readonly missing: number;
  readonly strategy?: string;
  readonly expires_at?: string;
  /** True when the stored series holds simulated candles (its own metadata); absent when unknown. */
  readonly simulated?: boolean;
}

/** A file that exists but could not be read: shown as a warning banner, never a crash. */
export interface InputWarning {
  readonly file: string;
  readonly problem: string;
}

/** Everything the dashboard shows, read from disk (or handed over by the loop). Plain data. */
export interface DashboardInputs {
  /** Render time, epoch ms: every age and expiry is measured from it. */
  readonly generatedAt: number;
  readonly exchange: string;
  /** True when some of the data shown is simulated (each result and series row also says which). */
  readonly simulated: boolean;
  readonly riskMode: string;
  readonly statusRows: readonly StatusRow[];
  readonly activeSet: readonly ActiveStrategy[];
  /** reports/summary.json; undefined when no backtest ran yet or the file is corrupt (see warnings). */
  readonly summary?: SummaryFile;
  /** Last cycles of data/logs/cycles.jsonl, oldest first. */
  readonly cycles: readonly CycleLogLine[];
  /** Last lines of data/logs/promotions.jsonl, oldest first. */
  readonly promotions: readonly PromotionLogLine[];
  readonly tfList: readonly Timeframe[];
  readonly warnings?: readonly InputWarning[];
  /** reports/forward.json: the forward records of the active strategies (the loop's forward step). */
  readonly forward?: ForwardFile;
  /** data/logs/demotions.jsonl, oldest first. */
  readonly demotions?: readonly DemotionLogLine[];
  /** reports/job_timings.json: the queue jobs of the last queued backtest (shown when it is the summary's run). */
  readonly jobTimings?: JobTimingsFile;
}
