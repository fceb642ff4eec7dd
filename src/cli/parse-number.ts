import { workersOverCap } from '../config/runtime-config.js';
import { UsageError } from '../core/errors.js';

/** A whole number >= 1, or a UsageError naming the flag. */
export function parsePositiveInt(value: string, flag: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(`${flag}: expected a whole number >= 1, got "${value}"`);
  }
  return number;
}

/** A TCP port 1-65535 (Node throws a RangeError deep inside listen() otherwise). */
export function parsePort(value: string, flag: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !(number >= 1 && number <= 65_535)) {
    throw new UsageError(`${flag}: expected a port from 1 to 65535, got "${value}"; e.g. ${flag} 8888 (or set runtime.html_port)`);
  }
  return number;
}

/** Worker threads: a whole number >= 1 and at most 4 x cores (see maxWorkers). */
export function parseWorkers(value: string, flag: string): number {
  const workers = parsePositiveInt(value, flag);
  const overCap = workersOverCap(workers);
  if (overCap) throw new UsageError(`${flag}: ${overCap}`);
  return workers;
}
