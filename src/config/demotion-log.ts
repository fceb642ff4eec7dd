import { z } from 'zod';
import { TIMEFRAMES } from '../core/timeframe.js';
import { ForwardSummarySchema } from './strategies-file.js';

/**
 * One line of data/logs/demotions.jsonl: an active strategy the forward test took out of strategies.yml, with why.
 * The same (pair, tf, strategy, params) is not promoted again until research has run on candles past `at`.
 */
export const DemotionLogLineSchema = z
  .object({
    at: z.iso.datetime({ offset: true }),
    pair: z.string(),
    tf: z.enum(TIMEFRAMES),
    strategy: z.string(),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    source_run: z.string(),
    promoted_at: z.iso.datetime({ offset: true }),
    risk_mode: z.string().optional(),
    reasons: z.array(z.string()),
    forward: ForwardSummarySchema,
  })
  .loose();

export type DemotionLogLine = z.infer<typeof DemotionLogLineSchema>;
