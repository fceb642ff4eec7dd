import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/serve/index.js';
import { rawRequest } from './raw-request.js';
import { createSiteFixture, DASHBOARD_HTML, SECRET_MARKER } from './site-fixture.js';

describe('startStaticServer', () => {
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

  it('serves the dashboard as UTF-8 HTML with no-cache, an ETag and security headers', async () => {
    const response = await rawRequest(server.port, '/dashboard.html');
    expect(response.status).toBe(200);
    expect(response.text.startsWith(DASHBOARD_HTML)).toBe(true);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, no-cache');
    expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(response.headers['last-modified']).toBeTruthy();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('reports its local URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('gzips when the client accepts it, and not when gzip has q=0', async () => {
    const zipped = await rawRequest(server.port, '/dashboard.html', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.raw.length).toBeLessThan(zipped.text.length);
    expect(zipped.text.startsWith(DASHBOARD_HTML)).toBe(true);
    const refusedGzip = await rawRequest(server.port, '/dashboard.html', { headers: { 'Accept-Encoding': 'gzip;q=0' } });
    expect(refusedGzip.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a matching If-None-Match and 200 with a new ETag after the file changes', async () => {
    const first = await rawRequest(server.port, '/assets/figure.json');
    const again = await rawRequest(server.port, '/assets/figure.json', { headers: { 'If-None-Match': first.headers.etag } });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    const file = join(fixture.root, 'assets', 'figure.json');
    writeFileSync(file, JSON.stringify({ data: [4, 5, 6, 7] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const changed = await rawRequest(server.port, '/assets/figure.json', { headers: { 'If-None-Match': first.headers.etag } });
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.text)).toEqual({ data: [4, 5, 6, 7] });
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  it.each([
    ['/assets/plotly.min.js', 'text/javascript; charset=utf-8', 'public, no-cache'],
    ['/assets/plotly.min.js?v=2.35.2', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/figure.json', 'application/json; charset=utf-8', 'public, no-cache'],
    ['/assets/logo.png', 'image/png', 'public, no-cache'],
    ['/dashboard_url.txt', 'text/plain; charset=utf-8', 'public, no-cache'],
  ])('serves %s as %s with Cache-Control %s', async (target, contentType, cacheControl) => {
    const response = await rawRequest(server.port, target);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(contentType);
    expect(response.headers['cache-control']).toBe(cacheControl);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await rawRequest(server.port, '/dashboard.html', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers['content-length'])).toBeGreaterThan(DASHBOARD_HTML.length);
    expect(response.raw.length).toBe(0);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s with 405 and Allow: GET, HEAD', async (method) => {
    const response = await rawRequest(server.port, '/dashboard.html', { method, headers: { 'Content-Length': '0' } });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('redirects / to /dashboard.html', async () => {
    const response = await rawRequest(server.port, '/');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/dashboard.html');
  });

  it('serves a symlink that stays inside assets/', async () => {
    const response = await rawRequest(server.port, '/assets/alias.json');
    expect(response.status).toBe(200);
  });

  it.each([
    '/../config/config.yaml',
    '/%2e%2e/config/config.yaml',
    '/%2e%2e%2fconfig%2fconfig.yaml',
    '/..%2f..%2fetc%2fpasswd',
    '/%252e%252e%252fconfig.yaml',
    '/..%2fconfig.yaml',
    '/%2e%2e/config.yaml',
    '/assets/..%5c..%5cconfig.yaml',
    '/assets\\..\\..\\secret.txt',
    '/dashboard.html%00/../../secret.txt',
    '/.env',
    '/assets/.hidden.json',
    '/assets/notes.yaml',
    '/data/x',
    '/config/config.yaml',
    '/reports/summary.json',
    '/assets/leak.txt',
    '/assets/config.json',
    '/assets/up/secret.txt',
    '/assets/up/site/config/config.yaml',
    '/etc/passwd',
    '//etc/passwd',
    'http://127.0.0.1/../secret.txt',
  ])('refuses %s and leaks nothing', async (target) => {
    const response = await rawRequest(server.port, target, { headers: { 'Accept-Encoding': 'gzip' } });
    expect([400, 403, 404]).toContain(response.status);
    expect(response.text).not.toContain(SECRET_MARKER);
    expect(response.text).not.toContain('root:');
  });

  it('refuses a raw NUL byte in the request target', async () => {
    const response = await rawRequest(server.port, '/dashboard.html\0../secret.txt');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.text).not.toContain(SECRET_MARKER);
  });
});
