import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobTimingsFile } from '../../../src/config/job-timings-file.js';
import { buildViewModel, readDashboardInputs, renderDashboard } from '../../../src/report/index.js';
import { copyFixtureWorkspace, workspaceOptions } from '../../report/dashboard-fixture.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function renderWith(timings: (runId: string) => JobTimingsFile): Promise<string> {
  const root = copyFixtureWorkspace();
  roots.push(root);
  const runId = (JSON.parse(readFileSync(join(root, 'reports', 'summary.json'), 'utf8')) as { run_id: string }).run_id;
  writeFileSync(join(root, 'reports', 'job_timings.json'), JSON.stringify(timings(runId)));
  const model = buildViewModel(readDashboardInputs(workspaceOptions(root)));
  const { htmlFile } = await renderDashboard(model, { outDir: join(root, 'site'), reportsDir: join(root, 'reports') });
  return readFileSync(htmlFile, 'utf8');
}

const jobs = [
  { item: 'BTC/USDT 5m vwap_rsi', job_id: 'candidate-1', worker: 'box-a:101#1', wait_ms: 40, run_ms: 4_200, shared: false },
  { item: 'ETH/USDT 5m vwap_rsi', job_id: 'candidate-2', worker: 'box-b:202#2', wait_ms: 1_250, run_ms: 3_800, shared: true },
];

describe('the dashboard\'s queue jobs', () => {
  it('lists each job of the results\' run with its worker, wait and run time', async () => {
    const html = await renderWith((runId) => ({ run_id: runId, queue: 'redis://10.0.0.5:6379', jobs }));
    expect(html).toContain('Queue jobs of this run');
    expect(html).toContain('2 jobs on 2 workers · median run 4.00 s · 1 shared with an earlier run or another coordinator · redis://10.0.0.5:6379');
    expect(html).toContain('<td>BTC/USDT 5m vwap_rsi</td><td><code>box-a:101#1</code></td><td class="num">0.04 s</td><td class="num">4.20 s</td>');
    expect(html).toMatch(/ETH\/USDT 5m vwap_rsi <small[^>]*>shared<\/small>/);
  });

  it('hides the jobs of another run (a later local backtest replaced the results)', async () => {
    const html = await renderWith(() => ({ run_id: 'an-older-queued-run', queue: 'redis://10.0.0.5:6379', jobs }));
    expect(html).not.toContain('Queue jobs of this run');
  });
});
