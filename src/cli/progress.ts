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
