import type { AppConfig } from '../config/app-config.js';
import { UsageError } from '../core/errors.js';
import { authFromEnv, serveDashboard, type AccessControl, type DashboardService } from '../serve/index.js';
import { logLine } from './log-line.js';
import { parsePort } from './parse-number.js';

/** Where and how the dashboard is served, from flags, config and environment, checked before anything starts. */
export interface DashboardSettings {
  readonly port: number;
  readonly host: string;
  readonly auth: AccessControl | undefined;
  readonly tunnel: boolean;
}

/**
 * --port / runtime.html_port, --host / runtime.html_host, SCALP_ACCESS_TOKEN / SCALP_BASIC_AUTH and --no-tunnel.
 * Called first by `run` and `serve`, so a bad value stops them before the lock, the render or the server.
 */
export function resolveDashboardSettings(config: AppConfig, options: Record<string, unknown>): DashboardSettings {
  const host = typeof options.host === 'string' ? options.host.trim() : config.runtime.html_host;
  if (host === '') throw new UsageError('--host: empty; use 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every network interface)');
  return {
    port: typeof options.port === 'string' ? parsePort(options.port, '--port') : config.runtime.html_port,
    host,
    auth: authFromEnv(process.env),
    tunnel: options.tunnel !== false,
  };
}

/** Starts the static server (+ ngrok when a token is available) with settings from {@link resolveDashboardSettings}. */
export function startDashboardServer(config: AppConfig, settings: DashboardSettings): Promise<DashboardService> {
  return serveDashboard({
    root: config.paths.dashboardDir,
    ...settings,
    logger: { info: logLine, warn: (line) => logLine(`warning: ${line}`) },
  });
}
