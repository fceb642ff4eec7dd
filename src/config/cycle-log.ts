import { z } from 'zod';

export const CYCLE_STEPS = ['watchlist', 'backfill', 'forward', 'backtest', 'promote', 'render'] as const;

export const CycleStepSchema = z.object({
  name: z.enum(CYCLE_STEPS),
  status: z.enum(['ok', 'partial', 'failed', 'skipped']),
  started_at: z.iso.datetime({ offset: true }),
  ended_at: z.iso.datetime({ offset: true }),
  counts: z.record(z.string(), z.number()).default({}),
  note: z.string().optional(),
  errors: z.array(z.string()).default([]),
  /** What went right only after a detour (a corrupt file quarantined, candles refused, a page recorded as a gap). */
  warnings: z.array(z.string()).default([]),
});

/** One line of data/logs/cycles.jsonl: one maintainer cycle. */
export const CycleLogLineSchema = z.object({
  cycle_id: z.string(),
  started_at: z.iso.datetime({ offset: true }),
  ended_at: z.iso.datetime({ offset: true }),
  status: z.enum(['ok', 'partial', 'failed', 'interrupted']),
  exchange: z.string(),
  simulated: z.boolean(),
  steps: z.array(CycleStepSchema),
  errors: z.array(z.string()).default([]),
});

export type CycleStep = z.infer<typeof CycleStepSchema>;
export type CycleLogLine = z.infer<typeof CycleLogLineSchema>;
