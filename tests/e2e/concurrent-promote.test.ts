import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readActiveSet } from '../../src/promote/strategies-store.js';
import { readPromotionLog } from '../../src/promote/promotion-log.js';
import { createWorkspace, runScalp } from '../helpers/cli.js';
import { bundleScript, exited, removeBundles, startNode } from '../io/fixtures/node-script.js';
import { candidate } from '../promote/candidate-fixture.js';

const RUNS = 10;

/** A candidates file holding one passing candidate for `pair`, in its own folder (no summary.json beside it). */
function writeCandidates(cwd: string, name: string, pair: string): string {
  const file = join(cwd, name, 'strategies.yml.next');
  mkdirSync(join(cwd, name), { recursive: true });
  const strategies = [candidate({ pair, tf: '5m', source_run: `run-${name}` })];
  writeFileSync(file, stringify({ run_id: `run-${name}`, created_at: '2026-06-01T11:00:00Z', strategies }));
  return file;
}

describe('two real `scalp promote` processes started together on one strategies.yml', () => {
  it(`never lose an update (${RUNS} runs): both pairs are active and both promotions are logged`, async () => {
    const lost: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const cwd = createWorkspace();
      const sources = [writeCandidates(cwd, 'a', 'BTC/USDT'), writeCandidates(cwd, 'b', 'ETH/USDT')];
      const results = await Promise.all(
        sources.map((source) => runScalp(['promote', '--source', source, '--risk-mode', 'aggressive'], { cwd })),
      );
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      const pairs = readActiveSet(join(cwd, 'config/strategies.yml')).map((entry) => entry.pair).sort();
      const logged = readPromotionLog(join(cwd, 'data/logs/promotions.jsonl')).length;
      if (pairs.join(',') !== 'BTC/USDT,ETH/USDT' || logged !== 2) lost.push(`run ${run}: active ${pairs.join(',')}, ${logged} log lines`);
    }
    expect(lost, `${lost.length} of ${RUNS} runs lost an update`).toEqual([]);
  }, 240_000);
});

describe('a writer that meets a lock held by another process', () => {
  let holderScript: string;
  beforeAll(async () => {
    holderScript = await bundleScript('lock-holder.ts');
  });
  afterAll(removeBundles);

  /** Holds `lockFile` from a real child process (as the loop's promote step would) until the callback is done. */
  async function whileHeld(lockFile: string, check: (holderPid: number) => Promise<void>): Promise<void> {
    let resolveLocked = () => {};
    const locked = new Promise<void>((resolve) => (resolveLocked = resolve));
    const holder = startNode(holderScript, [lockFile], (line) => line === 'locked' && resolveLocked());
    await locked;
    try {
      await check(holder.pid ?? -1);
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
  }

  it('scalp promote waits the bounded time, then exits 5 naming the lock, the holder pid and what to do, writing nothing', async () => {
    const cwd = createWorkspace();
    const source = writeCandidates(cwd, 'a', 'BTC/USDT');
    await whileHeld(join(cwd, 'config/strategies.yml.lock'), async (pid) => {
      const started = Date.now();
      const result = await runScalp(['promote', '--source', source, '--risk-mode', 'aggressive'], {
        cwd, env: { SCALP_LOCK_WAIT_SECONDS: '1' },
      });
      expect(result.code, result.stderr).toBe(5);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(result.stderr).toMatch(new RegExp(`pid ${pid}\\b.*strategies\\.yml\\.lock`));
      expect(result.stderr).toMatch(/waited 1 s/);
      expect(result.stderr).toMatch(new RegExp(`kill ${pid}`));
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(existsSync(join(cwd, 'config/strategies.yml'))).toBe(false);
      expect(existsSync(join(cwd, 'data/logs/promotions.jsonl'))).toBe(false);
    });
  });

  it('scalp promote goes ahead once the holder is gone within the wait', async () => {
    const cwd = createWorkspace();
    const source = writeCandidates(cwd, 'a', 'BTC/USDT');
    const lockFile = join(cwd, 'config/strategies.yml.lock');
    const holder = startNode(holderScript, [lockFile]);
    await waitFor(() => existsSync(lockFile), 10_000);
    const promote = runScalp(['promote', '--source', source, '--risk-mode', 'aggressive'], { cwd, env: { SCALP_LOCK_WAIT_SECONDS: '30' } });
    setTimeout(() => holder.kill('SIGTERM'), 1_000);
    const result = await promote;
    await exited(holder);
    expect(result.code, result.stderr).toBe(0);
    expect(readActiveSet(join(cwd, 'config/strategies.yml')).map((entry) => entry.pair)).toEqual(['BTC/USDT']);
  });

  it('scalp render exits 5 with the holder pid while another process renders the dashboard', async () => {
    const cwd = createWorkspace();
    await whileHeld(join(cwd, 'dashboard.html.lock'), async (pid) => {
      const result = await runScalp(['render'], { cwd, env: { SCALP_LOCK_WAIT_SECONDS: '0.5' } });
      expect(result.code, result.stderr).toBe(5);
      expect(result.stderr).toMatch(new RegExp(`pid ${pid}\\b.*dashboard\\.html\\.lock`));
      expect(existsSync(join(cwd, 'dashboard.html'))).toBe(false);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
