/**
 * A real redis-server per test file, on a free loopback port, with nothing persisted (--save '' --appendonly no)
 * and the eviction policy BullMQ requires. .ci/run installs Debian's redis-server; a machine without it fails
 * these tests with one message saying so (they are never skipped).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  readonly pid: number;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (a crash: nothing flushed) and wait for the exit. */
  kill(): Promise<void>;
}

/** redis-server on PATH (or /usr/bin, /usr/sbin), else undefined. */
export function redisServerBinary(): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  return folders.map((folder) => join(folder, 'redis-server')).find((file) => existsSync(file));
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts redis-server and resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerBinary();
  if (binary === undefined) throw new Error('redis-server is not installed (apt-get install redis-server); the queue tests need a real one');
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onOutput = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', onOutput);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Ready to accept connections')) done(resolve);
    }, 20);
    const deadline = setTimeout(() => done(() => reject(new Error(`redis-server did not start on port ${port}:\n${output}`))), 10_000);
    const onExit = (code: number | null) => done(() => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)));
    const done = (settle: () => void) => {
      clearInterval(timer);
      clearTimeout(deadline);
      child.off('exit', onExit);
      settle();
    };
    child.once('exit', onExit);
  });
  child.stdout?.off('data', onOutput);
  child.stdout?.resume();
  const signal = async (name: NodeJS.Signals) => {
    child.kill(name);
    await exited(child);
  };
  return { port, url: `redis://127.0.0.1:${port}`, pid: child.pid as number, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
