import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempPathFor, writeFileAtomic } from '../io/atomic-write.js';

/** templates/ at the repo root; the same relative URL works from src/report and dist/report. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Client files concatenated, in order, into assets/dashboard.js. */
const CLIENT_FILES = ['client/figures.js', 'client/detail-text.js', 'client/page.js'];

export interface WrittenAsset {
  /** Path relative to the output folder, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
  /** False when the file on disk already had this content. */
  readonly written: boolean;
}

export function shortHash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 12);
}

function sameContent(file: string, data: Buffer): boolean {
  try {
    if (statSync(file).size !== data.byteLength) return false;
    return readFileSync(file).equals(data);
  } catch {
    return false;
  }
}

/** Writes `text` atomically unless the file already holds exactly that content. */
export async function writeIfChanged(outDir: string, relativePath: string, text: string): Promise<WrittenAsset> {
  const data = Buffer.from(text);
  const file = join(outDir, relativePath);
  const unchanged = sameContent(file, data);
  if (!unchanged) await writeFileAtomic(file, data);
  return { path: relativePath, bytes: data.byteLength, written: !unchanged };
}

/** Copies the plotly bundle to assets/plotly.min.js when it differs; returns it with its content hash. */
export async function copyPlotly(outDir: string): Promise<WrittenAsset & { version: string }> {
  const source = createRequire(import.meta.url).resolve('plotly.js-dist-min');
  const data = readFileSync(source);
  const relativePath = 'assets/plotly.min.js';
  const target = join(outDir, relativePath);
  const unchanged = sameContent(target, data);
  if (!unchanged) {
    await mkdir(dirname(target), { recursive: true });
    const temp = tempPathFor(target);
    await copyFile(source, temp);
    await rename(temp, target);
  }
  return { path: relativePath, bytes: data.byteLength, written: !unchanged, version: shortHash(data) };
}

/** The client script (figure builders + page wiring) as one file. */
export function clientScript(): string {
  return CLIENT_FILES.map((file) => readFileSync(join(TEMPLATES_DIR, file), 'utf8')).join('\n');
}

/** Removes detail scripts of results that are no longer in the summary. Returns how many were removed. */
export function removeStaleDetails(outDir: string, keep: ReadonlySet<string>): number {
  const folder = join(outDir, 'assets', 'details');
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.js') || keep.has(`assets/details/${basename(name)}`)) continue;
    unlinkSync(join(folder, name));
    removed++;
  }
  return removed;
}
