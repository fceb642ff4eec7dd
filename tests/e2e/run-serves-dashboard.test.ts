import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace, runScalp, SCALP_BIN } from '../helpers/cli.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('scalp run', () => {
  it('serves the dashboard at the printed URL while the loop runs, and Ctrl-C stops it cleanly', async () => {
    const cwd = createWorkspace({ topN: 2, tf_list: ['5m'], backfill_limit: 2200, loop_seconds: 3600 }, { frozen_at: '2026-06-01T12:00:00Z' });
    const port = await freePort();
    const child = spawn(process.execPath, [SCALP_BIN, 'run', '--port', String(port), '--no-tunnel'], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NGROK_AUTHTOKEN: '' },
    });
    let log = '';
    child.stderr.on('data', (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    const deadline = Date.now() + 60_000;
    while (!/next cycle in 3600 s/.test(log)) {
      if (Date.now() > deadline) throw new Error(`the first cycle did not finish:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /dashboard: (http:\/\/localhost:\d+\/dashboard\.html)/.exec(log)?.[1];
    expect(url).toBe(`http://localhost:${port}/dashboard.html`);
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/SIMULATED DATA/i);
    expect((await fetch(`http://127.0.0.1:${port}/config/config.yaml`)).status).toBe(404);
    expect(readFileSync(join(cwd, 'dashboard_url.txt'), 'utf8').trim()).toBe(url);

    // A second loop in the same folder stops at the lock, before rendering or taking a port.
    const second = await runScalp(['run', '--port', String(await freePort()), '--no-tunnel'], { cwd });
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(new RegExp(`another scalp process \\(pid ${child.pid}\\) is running`));
    expect(second.stderr).not.toMatch(/dashboard: http/);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(join(cwd, 'data/scalp.lock'))).toBe(false);
    await expect(fetch(url!)).rejects.toThrow();
  });
});
