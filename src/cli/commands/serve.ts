import { loadContext } from '../load-context.js';
import { logLine } from '../log-line.js';
import { startDashboardServer } from '../start-dashboard-server.js';
import { stopSignalFromProcess, untilStopped } from '../stop-signal.js';

export default async function serve(options: Record<string, unknown>): Promise<void> {
  const config = loadContext(options);
  const stop = stopSignalFromProcess(logLine);
  const service = await startDashboardServer(config, options);
  await untilStopped(stop);
  await service.close();
}
