import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ResultDetailSchema } from '../../src/config/result-detail-file.js';
import { buildViewModel, readDashboardInputs } from '../../src/report/index.js';
import { copyFixtureWorkspace, FIXTURE_DIR, workspaceOptions } from './dashboard-fixture.js';

const workspaces: string[] = [];
function workspace(copy: boolean): string {
  const root = copy ? copyFixtureWorkspace() : mkdtempSync(join(tmpdir(), 'scalp-report-empty-'));
  workspaces.push(root);
  return root;
}
afterEach(() => {
  for (const root of workspaces.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('readDashboardInputs', () => {
  it('reads every fixture file without warnings', () => {
    const inputs = readDashboardInputs(workspaceOptions(workspace(true)));
    expect(inputs.warnings).toEqual([]);
    expect([inputs.summary?.rows.length, inputs.activeSet.length, inputs.cycles.length, inputs.promotions.length]).toEqual([6, 2, 2, 2]);
    expect(inputs.simulated).toBe(true);
  });

  it('has a detail file for every summary row, each valid against the current detail schema', () => {
    const inputs = readDashboardInputs(workspaceOptions(workspace(true)));
    const folder = join(FIXTURE_DIR, 'reports/details');
    expect(readdirSync(folder).sort()).toEqual(inputs.summary!.rows.map((row) => `${row.id}.json`).sort());
    for (const name of readdirSync(folder)) {
      const parsed = ResultDetailSchema.safeParse(JSON.parse(readFileSync(join(folder, name), 'utf8')));
      expect(parsed.error?.issues ?? [], name).toEqual([]);
    }
  });

  it('carries the cases the page must show: a lossless record, a thin record, a short history, windows that changed params', () => {
    const rows = readDashboardInputs(workspaceOptions(workspace(true))).summary!.rows;
    expect(rows.find((row) => row.pf === null && row.trades > 0)?.id).toBe('XRPUSDT-5m-ema_cross');
    expect(rows.filter((row) => row.trades < 30).map((row) => row.id)).toEqual(['XRPUSDT-5m-ema_cross']);
    expect(rows.filter((row) => row.min_backtest_years !== null && row.history_years < row.min_backtest_years).map((row) => row.id)).toEqual(['ETHUSDT-1m-bb_revert']);
    const detail = ResultDetailSchema.parse(JSON.parse(readFileSync(join(FIXTURE_DIR, 'reports/details/BTCUSDT-5m-ema_cross.json'), 'utf8')));
    expect(new Set(detail.windows.map((window) => JSON.stringify(window.params))).size).toBe(2);
  });

  it('turns missing files into empty sections with hints on how to fill them', () => {
    const inputs = readDashboardInputs(workspaceOptions(workspace(false), { statusRows: [] }));
    expect(inputs.warnings).toEqual([]);
    const model = buildViewModel(inputs);
    expect(model.results.hint).toBe('No backtest yet: run scalp backtest (or scalp run) to fill this table.');
    expect(model.active.hint).toMatch(/run scalp promote/);
    expect(model.watchlist.hint).toMatch(/run scalp watchlist/);
    expect(model.activity.promotionsHint).toMatch(/No promotion yet/);
    expect(model.activity.cyclesHint).toMatch(/No cycle logged yet/);
    expect(model.header.lastCycle).toBeNull();
    expect(inputs.simulated).toBe(false);
  });

  it.each([
    ['summary.json is not JSON', 'reports/summary.json', '{"run_id": ', /summary\.json: malformed JSON/],
    ['summary.json breaks its schema', 'reports/summary.json', '{"run_id": "r", "rows": 3}', /summary\.json.*(created_at|rows)/],
    ['strategies.yml is not YAML', 'config/strategies.yml', 'strategies: [\n  - pair: {', /strategies\.yml/],
  ])('shows a warning instead of crashing when %s', (_name, file, content, problem) => {
    const root = workspace(true);
    writeFileSync(join(root, file), content);
    const inputs = readDashboardInputs(workspaceOptions(root));
    expect(inputs.warnings).toHaveLength(1);
    expect(`${inputs.warnings![0].file}: ${inputs.warnings![0].problem}`).toMatch(problem);
    expect(buildViewModel(inputs).warnings).toEqual(inputs.warnings);
  });

  it('skips an unreadable cycle line, keeps the others and says which line it skipped', () => {
    const root = workspace(true);
    appendFileSync(join(root, 'data/logs/cycles.jsonl'), '{"cycle_id": "torn\n');
    const inputs = readDashboardInputs(workspaceOptions(root));
    expect(inputs.cycles.map((cycle) => cycle.cycle_id)).toEqual(['c-0001', 'c-0002']);
    expect(inputs.warnings).toEqual([{ file: join(root, 'data/logs/cycles.jsonl'), problem: 'skipped unreadable line(s) 3' }]);
  });

  it('keeps only the newest cycles and promotions', () => {
    const inputs = readDashboardInputs(workspaceOptions(workspace(true), { cycleLimit: 1, promotionLimit: 1 }));
    expect(inputs.cycles.map((cycle) => cycle.cycle_id)).toEqual(['c-0002']);
    expect(inputs.promotions.map((line) => line.run_id)).toEqual(['run-20250601-1100']);
  });
});
