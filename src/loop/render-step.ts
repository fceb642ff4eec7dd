import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import type { CycleLogLine } from '../config/cycle-log.js';
import { exchangeNow } from '../data/exchange-clock.js';
import { buildViewModel, readDashboardInputs, renderDashboard, type RenderedDashboard } from '../report/index.js';
import { DASHBOARD_URL_FILE, writeUrlFiles } from '../serve/index.js';
import type { StepOutcome } from './cycle-step.js';
import { collectStatus } from './status-report.js';

export interface RenderOptions {
  readonly now?: number;
  /** The cycle in progress, shown as the latest cycle (it is appended to the log after the render). */
  readonly currentCycle?: CycleLogLine;
}

/** Renders dashboard.html (+ assets) into runtime.dashboard_dir from what is on disk and the current pair states. */
export async function renderFromDisk(config: AppConfig, options: RenderOptions = {}): Promise<RenderedDashboard> {
  const now = options.now ?? exchangeNow(config);
  const status = await collectStatus(config, now);
  const inputs = readDashboardInputs({
    reportsDir: config.paths.reportsDir,
    dataDir: config.paths.dataDir,
    strategiesFile: config.paths.strategiesFile,
    exchange: status.exchange,
    riskMode: config.runtime.risk_mode,
    tfList: config.runtime.tf_list,
    statusRows: status.rows,
    simulated: status.simulated,
    now,
  });
  const cycles = options.currentCycle ? [...inputs.cycles, options.currentCycle] : inputs.cycles;
  const rendered = await renderDashboard(buildViewModel({ ...inputs, cycles }), {
    outDir: config.paths.dashboardDir,
    reportsDir: config.paths.reportsDir,
  });
  // A running `scalp serve` owns the URL file (it may list a public URL); write it only when there is none.
  if (!existsSync(join(config.paths.dashboardDir, DASHBOARD_URL_FILE))) {
    await writeUrlFiles(config.paths.dashboardDir, { localUrl: `http://localhost:${config.runtime.html_port}/dashboard.html` });
  }
  return rendered;
}

export async function renderStep(config: AppConfig, options: RenderOptions = {}): Promise<StepOutcome> {
  const rendered = await renderFromDisk(config, options);
  return { counts: { html_bytes: rendered.bytes, assets: rendered.assets.length } };
}
