/**
 * User strategy modules in Redis: a worker on another machine has no runtime.strategies_dir, so the coordinator
 * puts each compiled module (one self-contained ES module, see strategies/_user-module-loader.ts) under its source
 * hash, and the worker writes it to a local cache folder and imports it from there. Packages the module imports
 * must be installed where the worker runs, as they must be for the coordinator.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { Redis } from 'ioredis';
import { ConfigError } from '../../core/index.js';
import type { StrategySource } from '../../strategies/index.js';
import { moduleKey } from './queue-names.js';

/** What a job says about its user strategy module: enough to find it in Redis and to name it in errors. */
export interface ModuleReference {
  readonly file: string;
  readonly hash: string;
}

/** Where workers keep the modules they fetched. */
export function queueModuleCacheDir(): string {
  return join(tmpdir(), 'scalp-queue-modules');
}

/** Puts the compiled module of `source` under its hash (refreshing its expiry when it is there already). */
export async function putModule(redis: Redis, source: StrategySource, ttlSeconds: number): Promise<ModuleReference> {
  const key = moduleKey(source.hash);
  if ((await redis.expire(key, ttlSeconds)) === 0) await redis.set(key, readFileSync(source.entry, 'utf8'), 'EX', ttlSeconds);
  return { file: source.file, hash: source.hash };
}

/** Fetches the module (once per cache folder) and returns the source a worker imports it from. */
export async function fetchModule(redis: Redis, reference: ModuleReference, cacheDir = queueModuleCacheDir()): Promise<StrategySource> {
  const entry = join(cacheDir, `${basename(reference.file, extname(reference.file))}-${reference.hash}.mjs`);
  if (!existsSync(entry)) {
    const text = await redis.get(moduleKey(reference.hash));
    if (text === null) {
      throw new ConfigError(reference.file, '', `its compiled module (Redis key ${moduleKey(reference.hash)}) is gone from the queue; run the backtest again: the coordinator puts it back`);
    }
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${entry}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(temp, text);
    renameSync(temp, entry);
  }
  return { file: reference.file, hash: reference.hash, entry };
}
