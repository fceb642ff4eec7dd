import type { TunnelResult } from './tunnel.js';

export interface TunnelKeeperOptions {
  /** One attempt to open the tunnel, e.g. `() => openTunnel({ port })`. Must not throw. */
  readonly open: () => Promise<TunnelResult>;
  /** Wait between attempts after a failure; default 60 s. */
  readonly retryIntervalMs?: number;
  /** Called once per status change (disabled, failed, open), not on every retry. */
  readonly onChange?: (result: TunnelResult) => void | Promise<void>;
}

/**
 * Keeps a tunnel up: opens it, and after a failure tries again every `retryIntervalMs` until it opens or
 * the keeper stops. `disabled` (no authtoken) is final. Retries run on an unref'd timer, so an idle keeper
 * never holds the process open.
 */
export class TunnelKeeper {
  private current: TunnelResult | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private attempt: Promise<TunnelResult> | undefined;

  constructor(private readonly options: TunnelKeeperOptions) {}

  /** The latest result, undefined before the first attempt finished. */
  get status(): TunnelResult | undefined {
    return this.current;
  }

  /** Runs the first attempt and resolves with its result; later retries continue in the background. */
  start(): Promise<TunnelResult> {
    this.stopped = false;
    this.attempt ??= this.tryOpen();
    return this.attempt;
  }

  /** Stops retrying and closes the tunnel if it is open. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.attempt?.catch(() => undefined);
    if (this.current?.status === 'open') await this.current.close();
  }

  private async tryOpen(): Promise<TunnelResult> {
    const result = await this.options.open();
    if (this.stopped) {
      if (result.status === 'open') await result.close();
      return result;
    }
    const changed = this.current === undefined || this.current.status !== result.status;
    this.current = result;
    // A failing listener must not kill the retry timer; listeners report their own errors.
    if (changed) await Promise.resolve(this.options.onChange?.(result)).catch(() => undefined);
    if (result.status === 'failed' && !this.stopped) {
      this.timer = setTimeout(() => {
        this.attempt = this.tryOpen();
      }, this.options.retryIntervalMs ?? 60_000);
      this.timer.unref();
    }
    return result;
  }
}
