import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeUrlFiles } from '../../src/serve/index.js';

describe('writeUrlFiles', () => {
  it('lists the local URL, then the public one, and writes ngrok_url.txt while a tunnel is up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalp-urls-'));
    await writeUrlFiles(dir, { localUrl: 'http://localhost:8888/dashboard.html', publicUrl: 'https://ab.ngrok.app/dashboard.html' });
    expect(readFileSync(join(dir, 'dashboard_url.txt'), 'utf8')).toBe(
      'http://localhost:8888/dashboard.html\nhttps://ab.ngrok.app/dashboard.html\n',
    );
    expect(readFileSync(join(dir, 'ngrok_url.txt'), 'utf8')).toBe('https://ab.ngrok.app/dashboard.html\n');
  });

  it('removes ngrok_url.txt and keeps only the local URL when the tunnel is gone, leaving no temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalp-urls-'));
    await writeUrlFiles(dir, { localUrl: 'http://localhost:8888/dashboard.html', publicUrl: 'https://ab.ngrok.app/dashboard.html' });
    await writeUrlFiles(dir, { localUrl: 'http://localhost:8888/dashboard.html' });
    expect(readFileSync(join(dir, 'dashboard_url.txt'), 'utf8')).toBe('http://localhost:8888/dashboard.html\n');
    expect(existsSync(join(dir, 'ngrok_url.txt'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['dashboard_url.txt']);
  });
});
