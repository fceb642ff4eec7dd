import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDashboardInputs, type ReadDashboardInputsOptions, type StatusRow } from '../../src/report/index.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/report/', import.meta.url));
/** The fixtures' "now": 2025-06-01T12:00:00Z. */
export const FIXTURE_NOW = Date.parse('2025-06-01T12:00:00Z');

export function fixtureStatusRows(): StatusRow[] {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, 'status-rows.json'), 'utf8')) as StatusRow[];
}

/** A writable copy of the fixture workspace (config/, data/, reports/) in a fresh temp folder. */
export function copyFixtureWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'scalp-report-'));
  for (const folder of ['config', 'data', 'reports']) cpSync(join(FIXTURE_DIR, folder), join(root, folder), { recursive: true });
  return root;
}

/** Read options for a workspace laid out like the fixtures. */
export function workspaceOptions(root: string, overrides: Partial<ReadDashboardInputsOptions> = {}): ReadDashboardInputsOptions {
  return {
    reportsDir: join(root, 'reports'),
    dataDir: join(root, 'data'),
    strategiesFile: join(root, 'config', 'strategies.yml'),
    exchange: 'binance',
    riskMode: 'balanced',
    tfList: ['1m', '5m', '15m', '1h'],
    statusRows: fixtureStatusRows(),
    now: FIXTURE_NOW,
    ...overrides,
  };
}

export function readFixtureInputs(overrides: Partial<ReadDashboardInputsOptions> = {}) {
  return readDashboardInputs(workspaceOptions(FIXTURE_DIR.replace(/\/$/, ''), overrides));
}
