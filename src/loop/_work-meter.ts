/**
 * Progress of a backtest run measured in work done inside the jobs, so a bar can move (and estimate) from the
 * first batch on instead of from the first finished job. The unit is one combo run on one walk-forward window;
 * a candidate's finish and a family's grading are counted in the same unit by their measured cost (see
 * jobUnits in _backtest-jobs.ts), so the share done is a share of the time.
 */
export interface WorkProgress {
  /** Work units done and expected (the expectation grows when a fine pass adds combos, shrinks when a job is reused). */
  done: number;
  total: number;
  elapsedMs: number;
  /** Remaining time at the rate so far; null before any work is done. */
  etaMs: number | null;
}

const EMIT_EVERY_MS = 100;

export class WorkMeter {
  #done = 0;
  #total = 0;
  #lastEmit = -Infinity;
  readonly #started: number;

  constructor(
    private readonly onWork: ((progress: WorkProgress) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#started = now();
  }

  /** Adds (or, negative, removes) expected units. */
  expect(units: number): void {
    this.#total = Math.max(this.#done, this.#total + units);
    this.emit(false);
  }

  /** Records units done. */
  complete(units: number): void {
    this.#done = Math.min(this.#total, this.#done + units);
    this.emit(false);
  }

  /** The current progress (and sends it, unthrottled, when `flush`). */
  emit(flush = true): WorkProgress {
    const at = this.now();
    const elapsedMs = at - this.#started;
    const rate = this.#done / Math.max(1, elapsedMs);
    const progress = { done: this.#done, total: this.#total, elapsedMs, etaMs: this.#done > 0 ? (this.#total - this.#done) / rate : null };
    if (this.onWork && (flush || at - this.#lastEmit >= EMIT_EVERY_MS)) {
      this.#lastEmit = at;
      this.onWork(progress);
    }
    return progress;
  }
}
