import { join } from 'node:path';
import { runMaintainer } from '../../loop/maintainer.js';
import { assertQueueReachable } from '../../workers/queue/index.js';
import { renderFromDisk } from '../../loop/render-step.js';
import { checkLoopInputs } from '../check-loop-inputs.js';
import { loadContext, simulatedBanner } from '../load-context.js';
import { logLine } from '../log-line.js';
import { parseWorkers } from '../parse-number.js';
import { resolveDashboardSettings, startDashboardServer } from '../start-dashboard-server.js';
import { stopSignalFromProcess } from '../stop-signal.js';

export default async function run(options: Record<string, unknown>): Promise<number> {
  const config = loadContext(options);
  // Every flag, setting and input file is checked before the lock is taken or anything is written.
  const workers = typeof options.workers === 'string' ? parseWorkers(options.workers, '--workers') : undefined;
  const dashboard = resolveDashboardSettings(config, options);
  await checkLoopInputs(config);
  // A configured research queue must answer before the loop starts (exit 4 naming the URL); later outages fail one cycle's backtest step.
  if (config.runtime.queue) await assertQueueReachable(config.runtime.queue);
  const stop = stopSignalFromProcess(logLine);
  const banner = simulatedBanner(config.runtime.exchange === 'sim');
  if (banner) logLine(banner);
  let service: Awaited<ReturnType<typeof startDashboardServer>> | undefined;
  // Once the lock is ours (a second loop stops at the lock, before touching anything): render what is on disk so
  // the URL shows a page at once, then serve it while the first cycle runs.
  const serveDashboard = async () => {
    await renderFromDisk(config);
    service = await startDashboardServer(config, dashboard);
  };
  try {
    const cycles = await runMaintainer({
      config, once: Boolean(options.once), stopSignal: stop, log: logLine, workers,
      onLocked: options.once ? undefined : serveDashboard,
    });
    const last = cycles[cycles.length - 1];
    if (options.once) logLine(`dashboard: ${join(config.paths.dashboardDir, 'dashboard.html')}`);
    return last && last.status !== 'ok' && last.status !== 'interrupted' ? 1 : 0;
  } finally {
    await service?.close();
  }
}
