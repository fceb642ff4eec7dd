import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/index.js';

/** Where the dashboard can be opened: always locally, and publicly while a tunnel is up. */
export interface DashboardUrls {
  /** e.g. `http://localhost:8888/dashboard.html`. */
  readonly localUrl: string;
  /** e.g. `https://ab12.ngrok.app/dashboard.html`; absent when no tunnel is open. */
  readonly publicUrl?: string;
}

export const DASHBOARD_URL_FILE = 'dashboard_url.txt';
export const NGROK_URL_FILE = 'ngrok_url.txt';

/**
 * Writes `dashboard_url.txt` (the local URL, then the public one when up; one per line) and `ngrok_url.txt`
 * (the public URL alone), each atomically; removes `ngrok_url.txt` when there is no tunnel.
 */
export async function writeUrlFiles(dir: string, urls: DashboardUrls): Promise<void> {
  const lines = urls.publicUrl === undefined ? [urls.localUrl] : [urls.localUrl, urls.publicUrl];
  await writeFileAtomic(join(dir, DASHBOARD_URL_FILE), `${lines.join('\n')}\n`);
  if (urls.publicUrl === undefined) await rm(join(dir, NGROK_URL_FILE), { force: true });
  else await writeFileAtomic(join(dir, NGROK_URL_FILE), `${urls.publicUrl}\n`);
}
