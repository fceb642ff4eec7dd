/** What a listen address means for the people who can open the dashboard. */
export interface ListenAddress {
  /** True when only this machine can connect (127.x, ::1, localhost). */
  readonly localOnly: boolean;
  /** For log lines: `127.0.0.1: this machine only`, `0.0.0.0: every network interface`. */
  readonly reach: string;
  /** Host for the URL a browser on this machine opens. */
  readonly browserHost: string;
  /** Where the ngrok agent forwards to: a wildcard listener is reached through loopback. */
  readonly tunnelAddress: string;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Describes `host` as given to `listen()`. */
export function describeListenAddress(host: string): ListenAddress {
  if (isLoopbackHost(host)) {
    return { localOnly: true, reach: `${host}: this machine only`, browserHost: 'localhost', tunnelAddress: host };
  }
  if (WILDCARDS.has(host)) {
    return { localOnly: false, reach: `${host || '0.0.0.0'}: every network interface`, browserHost: 'localhost', tunnelAddress: '127.0.0.1' };
  }
  const browserHost = host.includes(':') ? `[${host}]` : host;
  return { localOnly: false, reach: `${host}: that address only`, browserHost, tunnelAddress: host };
}
