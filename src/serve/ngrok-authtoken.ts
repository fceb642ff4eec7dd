import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The usual places of the ngrok agent's config file: `$NGROK_CONFIG`, `$XDG_CONFIG_HOME/ngrok/ngrok.yml`
 * (default `~/.config`), macOS `~/Library/Application Support/ngrok/ngrok.yml`, legacy `~/.ngrok2/ngrok.yml`.
 */
export function ngrokConfigPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? homedir();
  const paths = env.NGROK_CONFIG ? env.NGROK_CONFIG.split(',').map((path) => path.trim()).filter(Boolean) : [];
  paths.push(join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'ngrok', 'ngrok.yml'));
  paths.push(join(home, 'Library', 'Application Support', 'ngrok', 'ngrok.yml'));
  paths.push(join(home, '.ngrok2', 'ngrok.yml'));
  return paths;
}

/** The authtoken of the first readable ngrok config file (v2 `authtoken:` or v3 `agent.authtoken:`), if any. */
export function readNgrokConfigAuthtoken(paths: readonly string[]): string | undefined {
  for (const path of paths) {
    let document: unknown;
    try {
      document = parse(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    if (typeof document !== 'object' || document === null) continue;
    const record = document as { authtoken?: unknown; agent?: { authtoken?: unknown } };
    const token = record.authtoken ?? record.agent?.authtoken;
    if (typeof token === 'string' && token.trim() !== '') return token.trim();
  }
  return undefined;
}

/** The ngrok authtoken to use: explicit option, then `NGROK_AUTHTOKEN`, then the agent's config file. */
export function resolveNgrokAuthtoken(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  configPaths: readonly string[] = ngrokConfigPaths(env),
): string | undefined {
  const fromEnv = env.NGROK_AUTHTOKEN?.trim();
  return explicit?.trim() || fromEnv || readNgrokConfigAuthtoken(configPaths);
}

/**
 * Removes every occurrence of each secret from a message, and any word of 8+ characters that is a piece of
 * one (ngrok error texts sometimes echo a truncated authtoken).
 */
export function scrubSecrets(message: string, secrets: readonly (string | undefined)[]): string {
  let scrubbed = message;
  for (const secret of secrets) {
    if (!secret) continue;
    scrubbed = scrubbed.split(secret).join('***');
    scrubbed = scrubbed.replace(/[A-Za-z0-9_-]{8,}/g, (word) => (secret.includes(word) ? '***' : word));
  }
  return scrubbed;
}
