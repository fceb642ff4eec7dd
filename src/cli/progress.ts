import { SingleBar, Presets } from 'cli-progress';

/** Progress for long work: a bar with counts and ETA on a TTY, one plain log line per step otherwise. */
export interface Progress {
  update(done: number, label: string): void;
  stop(): void;
}

export function createProgress(title: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY && total > 0) {
    const bar = new SingleBar(
      { format: `${title} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted} | {label}`, hideCursor: true, stream, etaBuffer: 20 },
      Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return { update: (done, label) => bar.update(done, { label }), stop: () => bar.stop() };
  }
  const started = Date.now();
  return {
    update: (done, label) => {
      const elapsed = (Date.now() - started) / 1000;
      const eta = done > 0 ? ((elapsed / done) * (total - done)).toFixed(0) : '?';
      stream.write(`${title} ${done}/${total} ${label} (elapsed ${elapsed.toFixed(0)}s, eta ${eta}s)\n`);
    },
    stop: () => {},
  };
}

/** Work progress of a long run measured inside its jobs (see loop/_work-meter.ts), with the jobs finished so far. */
export interface WorkBar {
  work(progress: { done: number; total: number; elapsedMs: number; etaMs: number | null }): void;
  jobs(done: number, total: number, label: string): void;
  stop(): void;
}

function seconds(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A bar that moves with the work done inside the jobs (so it starts with the first batch, not the first finished
 * job) and shows the ETA at the rate measured so far; on a non-TTY, one line every `lineEveryMs`.
 */
export function createWorkBar(title: string, stream: NodeJS.WriteStream = process.stderr, lineEveryMs = 5_000): WorkBar {
  let jobs = '';
  let last = { done: 0, total: 0, elapsedMs: 0, etaMs: null as number | null };
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: `${title} [{bar}] {percentage}% | elapsed {elapsed} | ETA {eta} | {jobs}`, hideCursor: true, stream, fps: 10 },
      Presets.shades_classic,
    );
    let started = false;
    const payload = () => ({ elapsed: seconds(last.elapsedMs), eta: seconds(last.etaMs), jobs });
    return {
      work(progress) {
        last = progress;
        if (!started && progress.total > 0) {
          bar.start(progress.total, progress.done, payload());
          started = true;
        }
        if (!started) return;
        bar.setTotal(Math.max(1, progress.total));
        bar.update(progress.done, payload());
      },
      jobs(done, total, label) {
        jobs = `${done}/${total} jobs ${label}`;
        if (started) bar.update(last.done, payload());
      },
      stop: () => started && bar.stop(),
    };
  }
  let printed = -Infinity;
  const line = () => {
    const share = last.total > 0 ? Math.floor((100 * last.done) / last.total) : 0;
    stream.write(`${title} ${share}% (elapsed ${seconds(last.elapsedMs)}, eta ${seconds(last.etaMs)}) ${jobs}\n`);
  };
  return {
    work(progress) {
      last = progress;
      if (progress.elapsedMs - printed >= lineEveryMs) {
        printed = progress.elapsedMs;
        line();
      }
    },
    jobs(done, total, label) {
      jobs = `${done}/${total} jobs ${label}`;
    },
    stop: () => undefined,
  };
}
