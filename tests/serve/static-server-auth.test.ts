import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { authFromEnv, startStaticServer, type StaticServer } from '../../src/serve/index.js';
import { rawRequest } from './raw-request.js';
import { createSiteFixture } from './site-fixture.js';

const TOKEN = 'correct-horse-battery-staple';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('static server auth', () => {
  let fixture: { base: string; root: string };
  let server: StaticServer;

  beforeAll(async () => {
    fixture = createSiteFixture();
    server = await startStaticServer({ root: fixture.root, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(fixture.base, { recursive: true, force: true });
  });

  describe('with an access token', () => {
    beforeAll(() => server.setAccessControl({ token: TOKEN }));

    it.each([
      ['no credentials', {}, 401],
      ['a wrong bearer token', { Authorization: 'Bearer wrong' }, 401],
      ['a wrong cookie', { Cookie: 'scalp_access=wrong' }, 401],
      ['the right bearer token', { Authorization: `Bearer ${TOKEN}` }, 200],
      ['the right cookie', { Cookie: `other=1; scalp_access=${TOKEN}` }, 200],
    ])('answers %s (%j) with %i', async (_, headers, status) => {
      const response = await rawRequest(server.port, '/dashboard.html', { headers });
      expect(response.status).toBe(status);
      if (status === 401) {
        expect(response.headers['www-authenticate']).toContain('Bearer');
        expect(response.text).not.toContain('scalp dashboard</h1>');
      }
    });

    it('turns ?token= into an HttpOnly cookie and redirects to the same page without the token', async () => {
      const login = await rawRequest(server.port, `/assets/figure.json?token=${TOKEN}&v=3`);
      expect(login.status).toBe(302);
      expect(login.headers.location).toBe('/assets/figure.json?v=3');
      const cookie = login.headers['set-cookie'];
      expect(cookie).toMatch(/^scalp_access=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
      const next = await rawRequest(server.port, '/dashboard.html', { headers: { Cookie: cookie.split(';')[0] } });
      expect(next.status).toBe(200);
      expect(next.headers['cache-control']).toBe('private, no-cache');
    });

    it('marks the cookie Secure when the request came over https through a tunnel', async () => {
      const login = await rawRequest(server.port, `/?token=${TOKEN}`, { headers: { 'X-Forwarded-Proto': 'https' } });
      expect(login.headers.location).toBe('/dashboard.html');
      expect(login.headers['set-cookie']).toContain('; Secure');
    });

    it('answers a wrong ?token= with 401 and no cookie', async () => {
      const response = await rawRequest(server.port, '/dashboard.html?token=nope');
      expect(response.status).toBe(401);
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('never redirects off-site after a token login', async () => {
      const response = await rawRequest(server.port, `//evil.example/x?token=${TOKEN}`);
      expect(response.headers.location).toBe('/dashboard.html');
    });
  });

  describe('with basic auth', () => {
    beforeAll(() => server.setAccessControl({ basic: { user: 'trader', password: 's3cret:colon' } }));

    it.each([
      ['no credentials', {}, 401],
      ['a wrong password', { Authorization: basic('trader', 'guess') }, 401],
      ['a wrong user', { Authorization: basic('admin', 's3cret:colon') }, 401],
      ['the right user and password', { Authorization: basic('trader', 's3cret:colon') }, 200],
    ])('answers %s (%j) with %i', async (_, headers, status) => {
      const response = await rawRequest(server.port, '/dashboard.html', { headers });
      expect(response.status).toBe(status);
      if (status === 401) expect(response.headers['www-authenticate']).toBe('Basic realm="scalp dashboard", charset="UTF-8"');
    });
  });

  describe('with a token required only for forwarded requests', () => {
    beforeAll(() => server.setAccessControl({ token: TOKEN }, 'forwarded'));

    it.each([
      ['a browser on loopback', {}, 200],
      ['a request through ngrok', { 'X-Forwarded-For': '203.0.113.9' }, 401],
      ['a request with an ngrok header', { 'ngrok-skip-browser-warning': '1' }, 401],
      ['a request through ngrok with the token', { 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${TOKEN}` }, 200],
    ])('answers %s (%j) with %i', async (_, headers, status) => {
      expect((await rawRequest(server.port, '/dashboard.html', { headers })).status).toBe(status);
    });
  });
});

describe('authFromEnv', () => {
  it.each([
    [{}, undefined],
    [{ SCALP_ACCESS_TOKEN: 'abcdefghijklmnop' }, { token: 'abcdefghijklmnop', basic: undefined }],
    [{ SCALP_BASIC_AUTH: 'me:pass:word' }, { token: undefined, basic: { user: 'me', password: 'pass:word' } }],
    [{ SCALP_ACCESS_TOKEN: ` ${TOKEN} `, SCALP_BASIC_AUTH: 'a:b' }, { token: TOKEN, basic: { user: 'a', password: 'b' } }],
  ])('reads %j', (env, expected) => {
    expect(authFromEnv(env)).toEqual(expected);
  });

  it.each(['t', 'abc', 'fifteen-chars-x'])('refuses SCALP_ACCESS_TOKEN=%s: shorter than 16 characters', (token) => {
    expect(() => authFromEnv({ SCALP_ACCESS_TOKEN: token })).toThrow(ConfigError);
    expect(() => authFromEnv({ SCALP_ACCESS_TOKEN: token })).toThrow(
      new RegExp(`SCALP_ACCESS_TOKEN: ${token.length} characters is too short; use at least 16`),
    );
  });

  it.each(['nocolon', ':pass', 'user:'])('rejects SCALP_BASIC_AUTH=%s with a ConfigError naming the variable', (value) => {
    expect(() => authFromEnv({ SCALP_BASIC_AUTH: value })).toThrow(ConfigError);
    expect(() => authFromEnv({ SCALP_BASIC_AUTH: value })).toThrow(/SCALP_BASIC_AUTH.*user:password/);
  });
});

describe('a weak access token', () => {
  it('is refused by the server itself, whatever its source', async () => {
    const fixture = createSiteFixture();
    await expect(startStaticServer({ root: fixture.root, port: 0, auth: { token: 'short' } })).rejects.toThrow(/at least 16/);
    const server = await startStaticServer({ root: fixture.root, port: 0 });
    expect(() => server.setAccessControl({ token: 'short' })).toThrow(/at least 16/);
    await server.close();
    rmSync(fixture.base, { recursive: true, force: true });
  });
});
