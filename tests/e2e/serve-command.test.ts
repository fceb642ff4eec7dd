import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace, runScalp, SCALP_BIN } from '../helpers/cli.js';
import { nonLoopbackAddress, tryConnect } from '../serve/network-probe.js';
import { snapshotWorkspace } from './_workspace-snapshot.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `scalp serve` and resolves once it printed its URL; `stop()` sends SIGINT and waits for the exit code. */
async function startServe(cwd: string, args: string[]): Promise<{ log: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [SCALP_BIN, 'serve', '--no-tunnel', ...args], {
    cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NGROK_AUTHTOKEN: '', SCALP_ACCESS_TOKEN: '' },
  });
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 20_000;
  while (!/dashboard: http/.test(log)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`scalp serve did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { log: () => log, stop: () => (child.kill('SIGINT'), exited) };
}

const lanAddress = nonLoopbackAddress();

describe('scalp serve: where it listens', () => {
  it.skipIf(lanAddress === undefined)('listens on 127.0.0.1 only by default, and says so', async () => {
    const cwd = createWorkspace();
    const port = await freePort();
    const serve = await startServe(cwd, ['--port', String(port)]);
    try {
      expect(await tryConnect('127.0.0.1', port)).toBe('accepted');
      expect(await tryConnect(lanAddress as string, port)).toBe('refused');
      expect(serve.log()).toMatch(/127\.0\.0\.1: this machine only/);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it.skipIf(lanAddress === undefined).each([
    ['--host 0.0.0.0', [] as string[], ['--host', '0.0.0.0']],
    ['runtime.html_host: 0.0.0.0', ['  html_host: "0.0.0.0"'], []],
  ])('listens on every interface with %s, and never claims "localhost only"', async (_name, configLines, flags) => {
    const cwd = createWorkspace();
    if (configLines.length > 0) {
      // createWorkspace writes `runtime:` then `sim:`; the key goes right under `runtime:`.
      const file = join(cwd, 'config/config.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('runtime:\n', `runtime:\n${configLines.join('\n')}\n`));
    }
    const port = await freePort();
    const serve = await startServe(cwd, ['--port', String(port), ...flags]);
    try {
      expect(await tryConnect(lanAddress as string, port)).toBe('accepted');
      expect(serve.log()).not.toMatch(/localhost only/);
      expect(serve.log()).toMatch(/0\.0\.0\.0: every network interface/);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});

describe('scalp serve: access token', () => {
  it('refuses a SCALP_ACCESS_TOKEN shorter than 16 characters with exit 2, and writes nothing', async () => {
    const cwd = createWorkspace();
    appendFileSync(join(cwd, 'dashboard.html'), '<html></html>');
    const before = snapshotWorkspace(cwd);
    const result = await runScalp(['serve', '--port', String(await freePort()), '--no-tunnel'], {
      cwd, env: { SCALP_ACCESS_TOKEN: 'hunter2', NGROK_AUTHTOKEN: '' }, timeoutMs: 20_000,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/SCALP_ACCESS_TOKEN: 7 characters is too short; use at least 16/);
    expect(snapshotWorkspace(cwd)).toEqual(before);
  });
});
