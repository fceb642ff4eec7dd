import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SCALP_BIN = join(REPO_ROOT, 'bin/scalp.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `scalp` binary (npm test builds first) in `cwd`, like a user would. */
export function runScalp(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SCALP_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/**
 * A fresh project folder with the shipped config/ (simulated exchange), optionally with runtime overrides
 * appended as YAML lines under `runtime:`.
 */
export function createWorkspace(runtimeOverrides: Record<string, unknown> = {}, simOverrides: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalp-e2e-'));
  mkdirSync(join(dir, 'config'));
  cpSync(join(REPO_ROOT, 'config'), join(dir, 'config'), {
    recursive: true,
    filter: (source) => !/strategies\.yml/.test(source),
  });
  const runtime = { exchange: 'sim', ...runtimeOverrides };
  const lines = ['runtime:', ...Object.entries(runtime).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)];
  lines.push('sim:', ...Object.entries({ seed: 42, ...simOverrides }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`));
  writeFileSync(join(dir, 'config', 'config.yaml'), `${lines.join('\n')}\n`);
  return dir;
}
