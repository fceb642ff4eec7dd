import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { writeFileAtomic } from '../io/atomic-write.js';
import { withLock } from '../io/lock-file.js';
import { lockWaitMs } from '../io/lock-wait.js';
import { sweepLeftovers } from '../io/sweep-leftovers.js';
import {
  clientScript,
  copyPlotly,
  removeStaleDetails,
  shortHash,
  TEMPLATES_DIR,
  writeIfChanged,
  type WrittenAsset,
} from './_dashboard-assets.js';
import { writeDetailAssets } from './_detail-assets.js';
import { safeJson } from './detail-asset.js';
import type { DashboardViewModel } from './view-model.js';

export interface RenderDashboardOptions {
  /** Folder that receives dashboard.html and assets/ (the folder the static server serves). */
  readonly outDir: string;
  /** Folder holding details/<id>.json (reports/). */
  readonly reportsDir: string;
  /** How long to wait for another render holding the dashboard lock (default SCALP_LOCK_WAIT_SECONDS, else 5 s). */
  readonly lockWaitMs?: number;
}

export interface RenderedDashboard {
  readonly htmlFile: string;
  /** Size of dashboard.html in bytes. */
  readonly bytes: number;
  /** Every asset the page uses, with its size and whether this render (re)wrote it. */
  readonly assets: readonly WrittenAsset[];
}

/** A private handlebars instance with the page, its partials (templates/partials/*.hbs) and the `json` helper. */
function compilePage(): Handlebars.TemplateDelegate {
  const handlebars = Handlebars.create();
  // JSON for <script type="application/json">: `<` escaped as \u003c, so data can never close the element.
  handlebars.registerHelper('json', (value: unknown) => new handlebars.SafeString(safeJson(value)));
  const partials = join(TEMPLATES_DIR, 'partials');
  for (const name of readdirSync(partials)) {
    if (name.endsWith('.hbs')) handlebars.registerPartial(name.slice(0, -4), readFileSync(join(partials, name), 'utf8'));
  }
  return handlebars.compile(readFileSync(join(TEMPLATES_DIR, 'dashboard.hbs'), 'utf8'), { strict: true });
}

/** The lock of a rendered dashboard: one render writes dashboard.html and assets/ at a time. */
export function dashboardLockPath(outDir: string): string {
  return join(outDir, 'dashboard.html.lock');
}

/**
 * Renders the dashboard (see {@link renderHoldingLock}) holding the dashboard lock, after sweeping what killed
 * renders left (temp files of dead writers beside dashboard.html and under assets/). A holder that keeps the lock
 * past the wait makes this throw LockBusyError (exit 5).
 */
export async function renderDashboard(viewModel: DashboardViewModel, options: RenderDashboardOptions): Promise<RenderedDashboard> {
  const { outDir } = options;
  return withLock(dashboardLockPath(outDir), async () => {
    // outDir is often the repo root: look only at scalp's own names there.
    await sweepLeftovers([{ folder: outDir, only: /^(dashboard|ngrok_url)/ }, { folder: join(outDir, 'assets'), recursive: true }]);
    return renderHoldingLock(viewModel, options);
  }, { wait: lockWaitMs(options.lockWaitMs), activity: 'rendering the dashboard' });
}

/**
 * Renders the dashboard into `outDir`: assets first (plotly copied only when changed, the client script, one lazily
 * loaded detail script per result, stale detail scripts removed), then dashboard.html through an atomic rename, so
 * a browser never sees a page pointing at assets that are not there yet.
 */
async function renderHoldingLock(viewModel: DashboardViewModel, options: RenderDashboardOptions): Promise<RenderedDashboard> {
  const { outDir, reportsDir } = options;
  const plotly = await copyPlotly(outDir);
  const clientText = clientScript();
  const client = await writeIfChanged(outDir, 'assets/dashboard.js', clientText);
  const details = await writeDetailAssets(outDir, reportsDir, viewModel.results.rows);
  removeStaleDetails(outDir, new Set(details.assets.map((asset) => asset.path)));
  const html = compilePage()({
    ...viewModel,
    assets: { client: client.path, clientVersion: shortHash(clientText) },
    client: { ...viewModel.client, plotlySrc: `${plotly.path}?v=${plotly.version}`, detailVersion: details.version },
  });
  const htmlFile = join(outDir, 'dashboard.html');
  const data = Buffer.from(html);
  await writeFileAtomic(htmlFile, data);
  const { version: _version, ...plotlyAsset } = plotly;
  return { htmlFile, bytes: data.byteLength, assets: [plotlyAsset, client, ...details.assets] };
}
