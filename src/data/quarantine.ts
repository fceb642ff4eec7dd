import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative } from 'node:path';

/** `<dataDir>/quarantine/`: where damaged files go instead of being deleted. */
export function quarantineDir(dataDir: string): string {
  return join(dataDir, 'quarantine');
}

/**
 * Where `file` goes in quarantine: the same path under `<dataDir>/quarantine/` with the time in its name, so a
 * second damaged version never overwrites the first: data/ohlcv/BTCUSDT/1m.parquet ->
 * data/quarantine/ohlcv/BTCUSDT/1m.2026-01-10T12-00-30-000Z.parquet.
 */
export function quarantinePathFor(dataDir: string, file: string, at: Date): string {
  const inside = relative(dataDir, file);
  const folder = inside.startsWith('..') || isAbsolute(inside) ? '' : dirname(inside);
  const extension = extname(file);
  const stamp = at.toISOString().replaceAll(':', '-').replace('.', '-');
  return join(quarantineDir(dataDir), folder, `${basename(file, extension)}.${stamp}${extension}`);
}

/**
 * Moves `file` and those of its `companions` that exist (its cache, its CSV mirror) into quarantine with one
 * stamp, by rename: nothing is copied half-way and nothing is deleted. Returns the new path of `file`.
 */
export async function moveToQuarantine(dataDir: string, file: string, companions: readonly string[] = []): Promise<string> {
  const at = new Date();
  const target = quarantinePathFor(dataDir, file, at);
  await mkdir(dirname(target), { recursive: true });
  await rename(file, target);
  for (const companion of companions) {
    if (!existsSync(companion)) continue;
    // a companion named after the file keeps its extra suffix: 1m.parquet.cols -> 1m.<stamp>.parquet.cols
    const moved = companion.startsWith(file) ? `${target}${companion.slice(file.length)}` : quarantinePathFor(dataDir, companion, at);
    await rename(companion, moved);
  }
  return target;
}
