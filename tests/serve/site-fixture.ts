import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Marker that every secret file contains; no response may ever carry it. */
export const SECRET_MARKER = 'TOPSECRET';

export const DASHBOARD_HTML = '<!doctype html><html><body><h1>scalp dashboard</h1><script>var x = 1;</script></body></html>\n';

/**
 * A temp folder laid out like the repo: `site/` is the served root (dashboard, assets, plus config, data,
 * reports and dot files that must never be served) and secrets sit beside it. Returns the root.
 */
export function createSiteFixture(): { base: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), 'scalp-serve-'));
  const root = join(base, 'site');
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };
  write(join(root, 'dashboard.html'), DASHBOARD_HTML + '<!-- padding -->'.repeat(200));
  write(join(root, 'dashboard_url.txt'), 'http://localhost:8888/dashboard.html\n');
  write(join(root, 'assets', 'plotly.min.js'), 'window.Plotly = {};\n'.repeat(100));
  write(join(root, 'assets', 'figure.json'), JSON.stringify({ data: [1, 2, 3] }));
  write(join(root, 'assets', 'logo.png'), '\x89PNG fake');
  write(join(root, '.env'), `NGROK_AUTHTOKEN=${SECRET_MARKER}-dotenv\n`);
  write(join(root, 'assets', '.hidden.json'), `"${SECRET_MARKER}-hidden"`);
  write(join(root, 'assets', 'notes.yaml'), `${SECRET_MARKER}-yaml\n`);
  write(join(root, 'config', 'config.yaml'), `key: ${SECRET_MARKER}-inner-config\n`);
  write(join(root, 'data', 'x'), `${SECRET_MARKER}-data\n`);
  write(join(root, 'reports', 'summary.json'), `{"s":"${SECRET_MARKER}-report"}`);
  write(join(base, 'config', 'config.yaml'), `key: ${SECRET_MARKER}-outer-config\n`);
  write(join(base, 'config.yaml'), `key: ${SECRET_MARKER}-neighbour\n`);
  write(join(base, 'secret.txt'), `${SECRET_MARKER}-outside\n`);
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.txt'));
  symlinkSync(join(root, 'config', 'config.yaml'), join(root, 'assets', 'config.json'));
  symlinkSync(base, join(root, 'assets', 'up'));
  symlinkSync(join(root, 'assets', 'figure.json'), join(root, 'assets', 'alias.json'));
  return { base, root };
}
