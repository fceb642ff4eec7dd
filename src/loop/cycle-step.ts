import type { CycleStep } from '../config/cycle-log.js';
import { describeError } from '../core/errors.js';

export type StepName = CycleStep['name'];

export interface StepOutcome {
  readonly status?: 'ok' | 'partial' | 'skipped';
  readonly counts?: Record<string, number>;
  readonly note?: string;
  readonly errors?: readonly string[];
  readonly warnings?: readonly string[];
}

/** Runs one step of a cycle; a failure is recorded (status failed + message) instead of stopping the cycle. */
export async function runCycleStep(name: StepName, action: () => Promise<StepOutcome>, log: (line: string) => void): Promise<CycleStep> {
  const started = new Date();
  log(`${name}: started`);
  try {
    const outcome = await action();
    const step: CycleStep = {
      name,
      status: outcome.status ?? ((outcome.errors?.length ?? 0) > 0 ? 'partial' : 'ok'),
      started_at: started.toISOString(),
      ended_at: new Date().toISOString(),
      counts: outcome.counts ?? {},
      errors: [...(outcome.errors ?? [])],
      warnings: [...(outcome.warnings ?? [])],
      ...(outcome.note ? { note: outcome.note } : {}),
    };
    const counts = Object.entries(step.counts).map(([k, v]) => `${k} ${v}`).join(', ');
    log(`${name}: ${step.status}${counts ? ` (${counts})` : ''}${outcome.note ? ` - ${outcome.note}` : ''}`);
    for (const error of step.errors) log(`${name}: error: ${error}`);
    for (const warning of step.warnings) log(`${name}: warning: ${warning}`);
    return step;
  } catch (error) {
    const message = describeError(error);
    log(`${name}: FAILED: ${message}`);
    return { name, status: 'failed', started_at: started.toISOString(), ended_at: new Date().toISOString(), counts: {}, errors: [message], warnings: [] };
  }
}
