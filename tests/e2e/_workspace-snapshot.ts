import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file under `dir` with a hash of its content, so "nothing was written" can be checked as "the snapshot
 * after the command equals the one before" (a new, changed or deleted file all show up).
 */
export function snapshotWorkspace(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        files[`${relative(dir, path)}/`] = 'folder';
        walk(path);
      } else {
        files[relative(dir, path)] = createHash('sha1').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(dir);
  return files;
}
