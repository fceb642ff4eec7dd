import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveDashboard, type DashboardService, type ServeLogger } from '../../src/serve/index.js';
import { FakeNgrok } from './fake-ngrok.js';
import { createSiteFixture, DASHBOARD_HTML } from './site-fixture.js';

const NGROK_TOKEN = 'ngrok-secret-authtoken-0123456789';

function recordingLogger(): ServeLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), warn: (message) => lines.push(message) };
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers, redirect: 'manual' });
}

describe('serveDashboard', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(options: { ngrok: FakeNgrok; env?: NodeJS.ProcessEnv; auth?: { token: string } }) {
    const fixture = createSiteFixture();
    const logger = recordingLogger();
    const service: DashboardService = await serveDashboard({
      root: fixture.root,
      port: 0,
      host: '127.0.0.1',
      env: options.env ?? { NGROK_AUTHTOKEN: NGROK_TOKEN },
      ngrokConfigPaths: [],
      ngrok: options.ngrok,
      auth: options.auth,
      retryIntervalMs: 5,
      logger,
    });
    cleanups.push(async () => {
      await service.close();
      await options.ngrok.closeAll();
      rmSync(fixture.base, { recursive: true, force: true });
    });
    return { fixture, logger, service };
  }

  it('serves locally only, without any ngrok call, when no authtoken is set', async () => {
    const ngrok = new FakeNgrok();
    const { fixture, service, logger } = await start({ ngrok, env: {} });
    expect(service.tunnel.status).toBe('disabled');
    expect(ngrok.calls).toHaveLength(0);
    expect(readFileSync(join(fixture.root, 'dashboard_url.txt'), 'utf8')).toBe(`${service.localUrl}\n`);
    expect(existsSync(join(fixture.root, 'ngrok_url.txt'))).toBe(false);
    expect(logger.lines).toContain('NGROK_AUTHTOKEN is not set: no public tunnel; serving on localhost only');
    expect((await get(service.localUrl)).status).toBe(200);
  });

  it('writes the public URL and requires a generated token for requests through the tunnel', async () => {
    const ngrok = new FakeNgrok();
    const { fixture, service, logger } = await start({ ngrok });
    expect(service.tunnel.status).toBe('open');
    const publicUrl = service.publicUrl as string;
    expect(readFileSync(join(fixture.root, 'dashboard_url.txt'), 'utf8')).toBe(`${service.localUrl}\n${publicUrl}\n`);
    expect(readFileSync(join(fixture.root, 'ngrok_url.txt'), 'utf8')).toBe(`${publicUrl}\n`);

    const link = logger.lines.find((line) => line.includes('?token='));
    expect(logger.lines.filter((line) => line.includes('?token='))).toHaveLength(1);
    const token = new URL(link!.replace(/^public dashboard: /, '')).searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(32);

    expect((await get(publicUrl)).status).toBe(401);
    expect((await get(`${publicUrl}?token=wrong`)).status).toBe(401);
    const login = await get(`${publicUrl}?token=${token}`);
    expect(login.status).toBe(302);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const page = await get(publicUrl, { Cookie: cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(DASHBOARD_HTML.trim().slice(0, 40));
    expect((await get(service.localUrl)).status).toBe(200);
    expect(logger.lines.join('\n')).not.toContain(NGROK_TOKEN);
  });

  it('keeps the configured token instead of generating one, and requires it everywhere', async () => {
    const ngrok = new FakeNgrok();
    const { service, logger } = await start({ ngrok, auth: { token: 'my-own-token-of-24-chars' } });
    expect(logger.lines).toContain(`public dashboard: ${service.publicUrl}`);
    expect((await get(service.localUrl)).status).toBe(401);
    expect((await get(service.publicUrl!, { Authorization: 'Bearer my-own-token-of-24-chars' })).status).toBe(200);
  });

  it('reports a failing tunnel once, retries it, and writes ngrok_url.txt once it opens', async () => {
    const ngrok = new FakeNgrok([new Error(`bad credentials ${NGROK_TOKEN}`), new Error(`bad credentials ${NGROK_TOKEN}`)]);
    const { fixture, service, logger } = await start({ ngrok });
    expect(service.tunnel.status).toBe('failed');
    expect(existsSync(join(fixture.root, 'ngrok_url.txt'))).toBe(false);
    while (service.publicUrl === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readFileSync(join(fixture.root, 'ngrok_url.txt'), 'utf8')).toBe(`${service.publicUrl}\n`);
    expect(logger.lines.filter((line) => line.includes('bad credentials'))).toHaveLength(1);
    expect(logger.lines.join('\n')).not.toContain(NGROK_TOKEN);
    expect(ngrok.calls).toHaveLength(3);
  });

  it('removes ngrok_url.txt when it closes', async () => {
    const ngrok = new FakeNgrok();
    const { fixture, service } = await start({ ngrok });
    await service.close();
    expect(existsSync(join(fixture.root, 'ngrok_url.txt'))).toBe(false);
  });
});
