import type { AppConfig } from '../config/app-config.js';
import { authFromEnv, serveDashboard, type DashboardService } from '../serve/index.js';
import { parsePositiveInt } from './parse-list.js';
import { logLine } from './log-line.js';

/** Starts the static server (+ ngrok when a token is available) on runtime.html_port or --port. */
export function startDashboardServer(config: AppConfig, options: Record<string, unknown>): Promise<DashboardService> {
  const port = typeof options.port === 'string' ? parsePositiveInt(options.port, '--port') : config.runtime.html_port;
  return serveDashboard({
    root: config.paths.dashboardDir,
    port,
    auth: authFromEnv(process.env),
    tunnel: options.tunnel !== false,
    logger: { info: logLine, warn: (line) => logLine(`warning: ${line}`) },
  });
}
