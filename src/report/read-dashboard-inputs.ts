import { existsSync } from 'node:fs';
import { ForwardFileSchema, type ForwardFile } from '../config/forward-file.js';
import { JobTimingsFileSchema, type JobTimingsFile } from '../config/job-timings-file.js';
import { readDemotions } from '../promote/demotion-log.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CycleLogLineSchema } from '../config/cycle-log.js';
import { parseJsonText, validateConfig } from '../config/load-file.js';
import type { ActiveStrategy } from '../config/strategies-file.js';
import { SummaryFileSchema, type SummaryFile } from '../config/summary-file.js';
import { describeError } from '../core/errors.js';
import type { Timeframe } from '../core/timeframe.js';
import { readPromotionLog } from '../promote/promotion-log.js';
import { readActiveSet } from '../promote/strategies-store.js';
import { readJsonLines } from './_read-jsonl.js';
import type { DashboardInputs, InputWarning, StatusRow } from './dashboard-inputs.js';

export interface ReadDashboardInputsOptions {
  /** Folder holding summary.json and details/. */
  readonly reportsDir: string;
  /** Folder holding logs/cycles.jsonl and logs/promotions.jsonl. */
  readonly dataDir: string;
  /** config/strategies.yml (the active set). */
  readonly strategiesFile: string;
  readonly exchange: string;
  readonly riskMode: string;
  readonly tfList: readonly Timeframe[];
  /** Pair x timeframe states computed by the loop; none when rendering without a status pass. */
  readonly statusRows?: readonly StatusRow[];
  /** True when the data comes from the simulated exchange (also inferred from summary.json and the last cycle). */
  readonly simulated?: boolean;
  /** Render time, epoch ms; default now. */
  readonly now?: number;
  /** How many cycles and promotions to keep (newest). Default 10 each. */
  readonly cycleLimit?: number;
  readonly promotionLimit?: number;
}

/** reports/summary.json -> the summary, undefined when absent, or a warning when it cannot be trusted. */
function readSummary(file: string, warnings: InputWarning[]): SummaryFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    warnings.push({ file, problem: `cannot read: ${describeError(error)}` });
    return undefined;
  }
  try {
    return validateConfig(file, SummaryFileSchema, parseJsonText(file, text));
  } catch (error) {
    warnings.push({ file, problem: `${describeError(error)} (results are hidden until \`scalp backtest\` rewrites it)` });
    return undefined;
  }
}

/** reports/forward.json -> the forward charts, undefined when absent; a corrupt file is a warning (charts hidden). */
function readForwardFile(file: string, warnings: InputWarning[]): ForwardFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return validateConfig(file, ForwardFileSchema, parseJsonText(file, readFileSync(file, 'utf8')));
  } catch (error) {
    warnings.push({ file, problem: `${describeError(error)} (forward charts are hidden until the next cycle rewrites it)` });
    return undefined;
  }
}

/** reports/job_timings.json -> the queue jobs of the last queued run; a corrupt file only hides the table. */
function readJobTimings(file: string): JobTimingsFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JobTimingsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function readActive(file: string, warnings: InputWarning[]): ActiveStrategy[] {
  try {
    return readActiveSet(file);
  } catch (error) {
    warnings.push({ file, problem: describeError(error) });
    return [];
  }
}

/**
 * Reads every dashboard input that exists. A missing file is an empty section (the view model shows a hint such as
 * "no backtest yet: run scalp backtest"); a corrupt file becomes a warning shown at the top of the page.
 * Never throws for file content.
 */
export function readDashboardInputs(options: ReadDashboardInputsOptions): DashboardInputs {
  const warnings: InputWarning[] = [];
  const summary = readSummary(join(options.reportsDir, 'summary.json'), warnings);
  const activeSet = readActive(options.strategiesFile, warnings);
  const cyclesFile = join(options.dataDir, 'logs', 'cycles.jsonl');
  const cycles = readJsonLines(cyclesFile, CycleLogLineSchema, options.cycleLimit ?? 10);
  if (cycles.badLines.length > 0) {
    warnings.push({ file: cyclesFile, problem: `skipped unreadable line(s) ${cycles.badLines.slice(0, 5).join(', ')}` });
  }
  const promotionsFile = join(options.dataDir, 'logs', 'promotions.jsonl');
  let promotions: DashboardInputs['promotions'] = [];
  try {
    promotions = readPromotionLog(promotionsFile, options.promotionLimit ?? 10);
  } catch (error) {
    warnings.push({ file: promotionsFile, problem: describeError(error) });
  }
  const lastCycle = cycles.lines.at(-1);
  const forward = readForwardFile(join(options.reportsDir, 'forward.json'), warnings);
  const jobTimings = readJobTimings(join(options.reportsDir, 'job_timings.json'));
  return {
    generatedAt: options.now ?? Date.now(),
    exchange: options.exchange,
    simulated: Boolean(options.simulated || summary?.simulated || lastCycle?.simulated),
    riskMode: options.riskMode,
    statusRows: options.statusRows ?? [],
    activeSet,
    ...(summary ? { summary } : {}),
    cycles: cycles.lines,
    promotions,
    tfList: options.tfList,
    warnings,
    ...(forward ? { forward } : {}),
    demotions: readDemotions(join(options.dataDir, 'logs', 'demotions.jsonl')),
    ...(jobTimings ? { jobTimings } : {}),
  };
}
