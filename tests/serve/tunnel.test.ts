import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTunnel, TunnelKeeper, TUNNEL_DISABLED_REASON, type NgrokLike, type TunnelResult } from '../../src/serve/index.js';
import { FakeNgrok } from './fake-ngrok.js';

const NGROK_TOKEN = '2abcDEFghiJKLmnoPQRstuVWX_yz0123456789abcdef';

describe('openTunnel', () => {
  it('is disabled without NGROK_AUTHTOKEN or an ngrok config file, and never calls ngrok', async () => {
    const ngrok = new FakeNgrok();
    const result = await openTunnel({ port: 8888, env: {}, ngrokConfigPaths: [join(tmpdir(), 'no-such-ngrok.yml')], ngrok });
    expect(result).toEqual({ status: 'disabled', reason: TUNNEL_DISABLED_REASON });
    expect(ngrok.calls).toHaveLength(0);
  });

  it.each([
    ['v3 agent.authtoken', 'version: "3"\nagent:\n  authtoken: FROMFILE123\n'],
    ['v2 authtoken', 'version: "2"\nauthtoken: FROMFILE123\n'],
  ])('takes the authtoken from an ngrok config file (%s)', async (_, text) => {
    const file = join(mkdtempSync(join(tmpdir(), 'scalp-ngrok-')), 'ngrok.yml');
    writeFileSync(file, text);
    const ngrok = new FakeNgrok();
    const result = await openTunnel({ port: 8888, env: {}, ngrokConfigPaths: [file], ngrok });
    expect(result.status).toBe('open');
    expect(ngrok.calls).toEqual([{ addr: '127.0.0.1:8888', authtoken: 'FROMFILE123' }]);
    await ngrok.closeAll();
  });

  it('opens with NGROK_AUTHTOKEN and returns the public URL', async () => {
    const ngrok = new FakeNgrok();
    const result = await openTunnel({ port: 8888, env: { NGROK_AUTHTOKEN: NGROK_TOKEN }, ngrokConfigPaths: [], ngrok });
    expect(result.status).toBe('open');
    if (result.status === 'open') {
      expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await result.close();
    }
    expect(ngrok.calls[0].authtoken).toBe(NGROK_TOKEN);
  });

  it('fails with a reason from which the authtoken (whole or truncated) is scrubbed', async () => {
    const ngrok = new FakeNgrok([
      new Error(`authentication failed: token ${NGROK_TOKEN} is invalid (starts ${NGROK_TOKEN.slice(0, 12)})`),
    ]);
    const result = await openTunnel({ port: 8888, env: { NGROK_AUTHTOKEN: NGROK_TOKEN }, ngrokConfigPaths: [], ngrok });
    expect(result.status).toBe('failed');
    if (result.status === 'failed') {
      expect(result.reason).toContain('authentication failed');
      expect(result.reason).not.toContain(NGROK_TOKEN.slice(0, 12));
      expect(result.reason).not.toContain(NGROK_TOKEN.slice(-12));
    }
  });

  it('fails instead of hanging when ngrok never answers', async () => {
    const silent: NgrokLike = { forward: () => new Promise(() => {}) };
    const result = await openTunnel({ port: 8888, authtoken: NGROK_TOKEN, env: {}, ngrok: silent, timeoutMs: 20 });
    expect(result).toEqual({ status: 'failed', reason: 'ngrok tunnel failed: no answer from ngrok after 20 ms' });
  });
});

describe('TunnelKeeper', () => {
  it('retries a failed tunnel and reports each status change once, not every retry', async () => {
    const ngrok = new FakeNgrok([new Error('network down'), new Error('network down'), new Error('network down')]);
    const reports: TunnelResult[] = [];
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const keeper = new TunnelKeeper({
      open: () => openTunnel({ port: 8888, authtoken: NGROK_TOKEN, env: {}, ngrok }),
      retryIntervalMs: 5,
      onChange: (result) => {
        reports.push(result);
        if (result.status === 'open') opened();
      },
    });
    expect((await keeper.start()).status).toBe('failed');
    await open;
    expect(reports.map((report) => report.status)).toEqual(['failed', 'open']);
    expect(ngrok.calls).toHaveLength(4);
    await keeper.stop();
    await ngrok.closeAll();
  });

  it('does not retry when the tunnel is disabled', async () => {
    const ngrok = new FakeNgrok();
    const keeper = new TunnelKeeper({ open: () => openTunnel({ port: 1, env: {}, ngrokConfigPaths: [], ngrok }), retryIntervalMs: 1 });
    expect((await keeper.start()).status).toBe('disabled');
    await keeper.stop();
    expect(ngrok.calls).toHaveLength(0);
  });
});
