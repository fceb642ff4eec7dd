import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** Folders whose code decides a backtest result: a change in any of them must invalidate cached results. */
const RESULT_CODE = ['indicators', 'engine', 'strategies', 'research'] as const;

let memo: string | undefined;

/**
 * The code version in the reproducibility stamp and the result-cache key: package.json's version plus a short
 * hash of the code that computes results (compiled or source files of indicators, engine, strategies, research),
 * so an edited strategy or kernel is never served from a cache filled by the old code.
 */
export function codeVersion(): string {
  if (memo) return memo;
  const hash = createHash('sha256');
  for (const folder of RESULT_CODE) {
    const dir = new URL(`../${folder}/`, import.meta.url);
    for (const name of readdirSync(dir).filter((file) => /\.(js|ts)$/.test(file) && !file.endsWith('.d.ts')).sort()) {
      hash.update(`${folder}/${name}\0`).update(readFileSync(new URL(name, dir)));
    }
  }
  memo = `${packageVersion()}+${hash.digest('hex').slice(0, 10)}`;
  return memo;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'dev';
  } catch {
    return 'dev';
  }
}
