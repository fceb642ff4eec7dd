import { loadContext } from '../load-context.js';
import { logLine } from '../log-line.js';
import { resolveDashboardSettings, startDashboardServer } from '../start-dashboard-server.js';
import { stopSignalFromProcess, untilStopped } from '../stop-signal.js';

export default async function serve(options: Record<string, unknown>): Promise<void> {
  const config = loadContext(options);
  const settings = resolveDashboardSettings(config, options);
  const stop = stopSignalFromProcess(logLine);
  const service = await startDashboardServer(config, settings);
  await untilStopped(stop);
  await service.close();
}
