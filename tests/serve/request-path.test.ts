import { describe, expect, it } from 'vitest';
import { resolveRequestPath } from '../../src/serve/request-path.js';

describe('resolveRequestPath', () => {
  it.each([
    ['/dashboard.html', 'dashboard.html'],
    ['/dashboard_url.txt?x=1', 'dashboard_url.txt'],
    ['/assets/plotly.min.js', 'assets/plotly.min.js'],
    ['/assets/figures/equity-BTCUSDT.json', 'assets/figures/equity-BTCUSDT.json'],
    ['/assets/my%20fig.json'.replace('%20', '_'), 'assets/my_fig.json'],
  ])('serves the allowlisted %s', (target, relativePath) => {
    expect(resolveRequestPath(target)).toEqual({ kind: 'file', relativePath });
  });

  it('redirects the bare root to the dashboard', () => {
    expect(resolveRequestPath('/')).toEqual({ kind: 'redirect', location: '/dashboard.html' });
  });

  it.each([
    '/../config/config.yaml',
    '/%2e%2e/config/config.yaml',
    '/%2e%2e%2fconfig%2fconfig.yaml',
    '/..%2f..%2fetc%2fpasswd',
    '/%252e%252e%252fconfig.yaml',
    '/assets/..%5c..%5cconfig.yaml',
    '/assets\\..\\config\\config.yaml',
    '/dashboard.html%00.txt',
    '/dashboard.html\0',
    '//etc/passwd',
    'http://evil.example/dashboard.html',
    '*',
    '/assets/./plotly.min.js',
    '/assets//plotly.min.js',
    '/assets/%E0%A4%A',
    '/.env',
    '/assets/.hidden.json',
    '/.git/config',
    '/config/config.yaml',
    '/data/x',
    '/reports/summary.json',
    '/assets/notes.yaml',
    '/assets',
    '/assets/',
    '/dashboard.html/',
    '/package.json',
    '/C:/Windows/win.ini',
    '/assets/con:stream.json',
  ])('refuses %s before touching the disk', (target) => {
    const decision = resolveRequestPath(target);
    expect(decision.kind).toBe('refused');
    if (decision.kind === 'refused') expect([403, 404]).toContain(decision.status);
  });
});
