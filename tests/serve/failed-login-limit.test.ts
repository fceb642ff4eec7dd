import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FailedLoginLimiter } from '../../src/serve/failed-login-limiter.js';
import { startStaticServer, type StaticServerOptions } from '../../src/serve/index.js';
import { rawRequest } from './raw-request.js';
import { createSiteFixture } from './site-fixture.js';

const TOKEN = 'correct-horse-battery-staple';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startServer(options: Partial<StaticServerOptions> = {}) {
  const fixture = createSiteFixture();
  const server = await startStaticServer({ root: fixture.root, port: 0, host: '127.0.0.1', auth: { token: TOKEN }, ...options });
  cleanups.push(async () => {
    await server.close();
    rmSync(fixture.base, { recursive: true, force: true });
  });
  return server;
}

/** A request that came through the tunnel from `client` (ngrok sets the last X-Forwarded-For hop). */
function viaTunnel(client: string, headers: Record<string, string> = {}) {
  return { headers: { 'X-Forwarded-For': `198.51.100.1, ${client}`, ...headers } };
}

describe('failed auth attempts are rate-limited', () => {
  it('answers 429 with Retry-After after 10 wrong tokens, even to the right token, for that client only', async () => {
    const server = await startServer();
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await rawRequest(server.port, `/dashboard.html?token=guess-${attempt}`, viaTunnel('203.0.113.5'));
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const blocked = await rawRequest(server.port, `/dashboard.html?token=${TOKEN}`, viaTunnel('203.0.113.5'));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.text).toMatch(/too many failed logins/i);
    expect(blocked.headers['set-cookie']).toBeUndefined();

    const otherClient = await rawRequest(server.port, '/dashboard.html', viaTunnel('203.0.113.77', { Authorization: `Bearer ${TOKEN}` }));
    expect(otherClient.status).toBe(200);
  });

  it('counts wrong bearer tokens, cookies and basic passwords, not requests that brought no credentials', async () => {
    const server = await startServer({ auth: { token: TOKEN, basic: { user: 'trader', password: 'long-enough-password' } }, failedLoginLimit: { maxFailures: 3, windowMs: 60_000 } });
    for (let attempt = 0; attempt < 5; attempt++) expect((await rawRequest(server.port, '/dashboard.html')).status).toBe(401);
    expect((await rawRequest(server.port, '/dashboard.html', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await rawRequest(server.port, '/dashboard.html', { headers: { Cookie: 'scalp_access=nope' } })).status).toBe(401);
    const basic = `Basic ${Buffer.from('trader:guess').toString('base64')}`;
    expect((await rawRequest(server.port, '/dashboard.html', { headers: { Authorization: basic } })).status).toBe(401);
    expect((await rawRequest(server.port, '/dashboard.html', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(429);
  });

  it('lets the client in again once the window has passed', async () => {
    const server = await startServer({ failedLoginLimit: { maxFailures: 2, windowMs: 300 } });
    for (let attempt = 0; attempt < 2; attempt++) await rawRequest(server.port, '/dashboard.html?token=wrong');
    expect((await rawRequest(server.port, `/dashboard.html?token=${TOKEN}`)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await rawRequest(server.port, `/dashboard.html?token=${TOKEN}`)).status).toBe(302);
  });

  it('never limits a loopback browser that needs no credentials (auth only for forwarded requests)', async () => {
    const server = await startServer({ authScope: 'forwarded', failedLoginLimit: { maxFailures: 1, windowMs: 60_000 } });
    expect((await rawRequest(server.port, '/dashboard.html?token=wrong')).status).toBe(401);
    expect((await rawRequest(server.port, '/dashboard.html?token=wrong')).status).toBe(429);
    expect((await rawRequest(server.port, '/dashboard.html')).status).toBe(200);
  });
});

describe('FailedLoginLimiter', () => {
  it('refuses from the max-th failure until a window after the last one, then forgets', () => {
    let now = 1_000;
    const limiter = new FailedLoginLimiter({ maxFailures: 3, windowMs: 100 }, () => now);
    expect([limiter.recordFailure('a'), limiter.recordFailure('a'), limiter.recordFailure('a')]).toEqual([false, false, true]);
    expect(limiter.retryAfterMs('a')).toBe(100);
    now += 60;
    expect(limiter.retryAfterMs('a')).toBe(40);
    expect(limiter.retryAfterMs('b')).toBe(0);
    now += 40;
    expect(limiter.retryAfterMs('a')).toBe(0);
    expect(limiter.recordFailure('a')).toBe(false);
  });

  it('forgets failures older than the window, and every failure after a success', () => {
    let now = 0;
    const limiter = new FailedLoginLimiter({ maxFailures: 2, windowMs: 100 }, () => now);
    limiter.recordFailure('a');
    now = 150;
    expect(limiter.recordFailure('a')).toBe(false);
    limiter.recordSuccess('a');
    expect(limiter.recordFailure('a')).toBe(false);
  });

  it('keeps memory bounded when guesses come from a flood of addresses', () => {
    const limiter = new FailedLoginLimiter({ maxFailures: 2, windowMs: 60_000 });
    limiter.recordFailure('first');
    limiter.recordFailure('first');
    for (let client = 0; client < 10_000; client++) limiter.recordFailure(`client ${client}`);
    expect(limiter.retryAfterMs('first')).toBe(0);
    expect(limiter.recordFailure('client 9999')).toBe(true);
  });
});
