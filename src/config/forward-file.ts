import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';
import { FORWARD_VERDICTS } from './strategies-file.js';

/** One active strategy's forward record as the dashboard draws it: equity downsampled, and the promise it is judged on. */
export const ForwardEntrySchema = z
  .object({
    promotion: z.string(),
    pair: z.string(),
    tf: z.enum(TIMEFRAMES),
    strategy: z.string(),
    promoted_at: z.iso.datetime({ offset: true }),
    verdict: z.enum(FORWARD_VERDICTS),
    reasons: z.array(z.string()),
    /** Bars since promotion (the x axis), equity at each sampled bar (starts at 1). */
    bars: z.array(z.number().int().min(0)),
    equity: z.array(z.number()),
    /** Per-bar mean and standard deviation the walk-forward record promised; null when none was recorded. */
    promise: z.object({ mean_return: z.number(), std_return: z.number() }).nullable(),
  })
  .loose();

/**
 * reports/forward.json: written by the loop's forward step for the dashboard (the DuckDB tables keep the full
 * record; the page must not open the results DB while a backtest holds it).
 */
export const ForwardFileSchema = z
  .object({
    taken_at: z.iso.datetime({ offset: true }),
    entries: z.array(ForwardEntrySchema),
  })
  .loose();

export type ForwardEntry = z.infer<typeof ForwardEntrySchema>;
export type ForwardFile = z.infer<typeof ForwardFileSchema>;
