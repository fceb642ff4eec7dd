import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DemotionLogLineSchema } from '../../src/config/demotion-log.js';
import { StrategiesFileSchema } from '../../src/config/strategies-file.js';
import { openResultsDb, resultsDbPath } from '../../src/data/results-db.js';
import { createWorkspace, runScalp, SCALP_BIN } from '../helpers/cli.js';

/**
 * The loop on its own: a simulated market whose planted edge (BTC and SOL, 15m) ends at the first cycle. Cycle 1
 * promotes; later cycles, with the simulated clock moved forward, paper-trade the promoted strategies on the
 * candles that arrived after their promotion and demote the one that drifted.
 */
const START = Date.parse('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const LOOP = { topN: 3, tf_list: ['15m'], backfill_limit: 3500, risk_mode: 'aggressive', workers: 2 };
const at = (day: number) => new Date(START + day * DAY).toISOString();

function setClock(cwd: string, day: number): void {
  const file = join(cwd, 'config', 'config.yaml');
  const text = readFileSync(file, 'utf8').replace(/frozen_at: .*/, `frozen_at: "${at(day)}"`);
  writeFileSync(file, text);
}

const activeSet = (cwd: string) => StrategiesFileSchema.parse(parse(readFileSync(join(cwd, 'config/strategies.yml'), 'utf8'))).strategies;

/** Runs `scalp run --once` and SIGKILLs it as soon as its forward step has started. */
function killDuringForwardStep(cwd: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCALP_BIN, 'run', '--once'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (/forward: started/.test(stderr)) child.kill('SIGKILL');
    });
    child.on('close', () => resolve(stderr));
  });
}

describe('forward test: the loop promotes, paper-trades and demotes on its own', () => {
  it('grows a record of post-promotion candles only, survives a kill -9, and demotes a strategy whose edge is gone', async () => {
    const cwd = createWorkspace(LOOP, { frozen_at: at(0), planted_edges: ['BTC', 'SOL'], planted_edges_until: at(0) });
    const first = await runScalp(['run', '--once'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const promoted = activeSet(cwd);
    expect(promoted.length).toBeGreaterThan(0);
    expect(promoted.every((entry) => entry.promise && entry.promise.mean_return > 0)).toBe(true);

    // Three days later: kill the cycle inside its forward step; every file stays valid and the next cycle measures it.
    setClock(cwd, 3);
    expect(await killDuringForwardStep(cwd)).toMatch(/forward: started/);
    expect(activeSet(cwd).map((entry) => entry.promoted_at)).toEqual(promoted.map((entry) => entry.promoted_at));
    const third = await runScalp(['run', '--once'], { cwd });
    expect(third.code, third.stderr).toBe(0);
    const measured = activeSet(cwd).filter((entry) => entry.forward);
    expect(measured.length).toBeGreaterThan(0);
    for (const entry of measured) {
      expect(entry.forward?.bars).toBe(3 * 96 - (Date.parse(entry.promoted_at) - START) / (15 * 60_000));
      expect(['keep', 'wait', 'demote']).toContain(entry.forward?.verdict);
    }
    const db = await openResultsDb(resultsDbPath(join(cwd, 'data')));
    try {
      const rows = await db.query('SELECT promotion, min(bar_time) AS first, count(*)::INTEGER AS bars FROM forward_bars GROUP BY promotion');
      for (const row of rows) {
        const promotedAt = String(row.promotion).split('|')[3];
        expect(Number(row.first)).toBeGreaterThanOrEqual(Date.parse(promotedAt)); // no candle from before the promotion
      }
      expect(rows.map((row) => row.bars)).toEqual(measured.map((entry) => entry.forward?.bars));
    } finally {
      db.close();
    }

    setClock(cwd, 6);
    const sixth = await runScalp(['run', '--once'], { cwd });
    expect(sixth.code, sixth.stderr).toBe(0);
    const demotions = readFileSync(join(cwd, 'data/logs/demotions.jsonl'), 'utf8').trim().split('\n').map((line) => DemotionLogLineSchema.parse(JSON.parse(line)));
    expect(demotions.length).toBeGreaterThan(0);
    const demoted = demotions[0];
    expect(demoted.reasons.length).toBeGreaterThan(0);
    expect(sixth.stderr).toContain(`demoted ${demoted.pair} ${demoted.tf} ${demoted.strategy}`);

    const status = JSON.parse((await runScalp(['status', '--json'], { cwd })).stdout);
    const judged = status.rows.filter((row: { strategy?: string; forward?: string }) => row.strategy && row.forward);
    expect(judged.every((row: { forward: string }) => ['keep', 'wait', 'stale', 'unjudged'].includes(row.forward))).toBe(true);
    const forward = JSON.parse((await runScalp(['forward', '--json'], { cwd })).stdout);
    expect(forward.demoted.map((line: { pair: string }) => line.pair)).toContain(demoted.pair);
    const log = readFileSync(join(cwd, 'data/logs/promotions.jsonl'), 'utf8');
    expect(log).toContain(demoted.reasons[0].slice(0, 40));
    const html = readFileSync(join(cwd, 'dashboard.html'), 'utf8');
    expect(html).toContain('Demoted by the forward test');
    expect(html).toContain(demoted.reasons[0].slice(0, 40));
    // The same combo is not promoted again on research that never saw the candles after its demotion.
    const again = activeSet(cwd).find((entry) => entry.pair === demoted.pair && entry.strategy === demoted.strategy);
    if (again) expect(again.params).not.toEqual(demoted.params);
  }, 240_000);
});
