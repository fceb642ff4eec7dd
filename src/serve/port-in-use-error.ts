import { createServer } from 'node:net';
import { ScalpError } from '../core/errors.js';

/** The static server's port is already taken by another process. Names the next free port. Exit 6. */
export class PortInUseError extends ScalpError {
  readonly code = 'SCALP_PORT_IN_USE';
  readonly exitCode = 6;

  constructor(
    readonly port: number,
    readonly host: string,
    readonly nextFreePort: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `port ${port} on ${host} is already in use by another process; ` +
        (nextFreePort === undefined
          ? 'stop that process or set runtime.html_port in config/config.yaml to a free port'
          : `port ${nextFreePort} is free: set runtime.html_port: ${nextFreePort} in config/config.yaml (or pass --port ${nextFreePort}), or stop the process holding ${port}`),
      options,
    );
  }
}

/** True when a TCP server can listen on `port` at `host` right now (the probe is closed again at once). */
export function isPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * The first port at or above `start` that is free on `host`, probing upward at most `attempts` ports.
 * Returns undefined when none is free (or the range runs past 65535).
 */
export async function findFreePort(start: number, host = '0.0.0.0', attempts = 100): Promise<number | undefined> {
  for (let port = Math.max(1, start); port < start + attempts && port <= 65_535; port += 1) {
    if (await isPortFree(port, host)) return port;
  }
  return undefined;
}
