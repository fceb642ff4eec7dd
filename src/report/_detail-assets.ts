import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonText, validateConfig } from '../config/load-file.js';
import { ResultDetailSchema, type ResultDetail } from '../config/result-detail-file.js';
import { describeError } from '../core/errors.js';
import type { ResultRowView } from './_results-view.js';
import { writeIfChanged, type WrittenAsset } from './_dashboard-assets.js';
import { buildDetailView } from './_detail-view.js';
import { detailScript } from './detail-asset.js';

/**
 * The payload of one detail script: the detail file (validated) with its formatted text parts (`view`), or why it
 * is missing, plus the row's extras.
 */
function detailPayload(reportsDir: string, row: ResultRowView): unknown {
  const file = join(reportsDir, 'details', `${row.id}.json`);
  if (/[/\\\0]|^\.\.?$/.test(row.id)) return { error: `result id ${JSON.stringify(row.id)} cannot name a detail file`, extras: row.detail };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const problem = missing ? `no detail file ${file}: run \`scalp backtest\` again to regenerate it` : `cannot read ${file}: ${describeError(error)}`;
    return { error: problem, extras: row.detail };
  }
  let detail: ResultDetail;
  try {
    detail = validateConfig(file, ResultDetailSchema, parseJsonText(file, text));
  } catch (error) {
    return { error: `detail file is corrupt: ${describeError(error)}`, extras: row.detail };
  }
  return { detail, view: buildDetailView(detail), extras: row.detail };
}

/**
 * Writes one `assets/details/<name>.js` per result (`window.scalpDetail(id, {...})`), only when its content
 * changed. A missing or corrupt detail file becomes a script carrying the error, so the page says why.
 */
export async function writeDetailAssets(
  outDir: string,
  reportsDir: string,
  rows: readonly ResultRowView[],
): Promise<{ assets: WrittenAsset[]; version: string }> {
  const assets: WrittenAsset[] = [];
  const hash = createHash('sha256');
  for (const row of rows) {
    const text = detailScript(row.id, detailPayload(reportsDir, row));
    hash.update(row.detailSrc).update('\0').update(text);
    assets.push(await writeIfChanged(outDir, row.detailSrc, text));
  }
  // The page asks for details with ?v=<version>: a new content gives a new URL, so year-long caching stays correct.
  return { assets, version: hash.digest('hex').slice(0, 12) };
}
