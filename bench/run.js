#!/usr/bin/env node
// Runs every bench/*.bench.js (after `npm run build`), prints throughput and ratios, or one JSON object with --json.
// A bench module exports `name` and `async run()` returning rows:
//   { metric, value, unit, baseline?: { name, value }, target?: string }
// ratio = value / baseline.value (for throughput units: higher is better; for ms: lower is better).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));
const log = json ? () => {} : (line) => process.stdout.write(`${line}\n`);

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const results = {};
for (const file of files) {
  const bench = await import(pathToFileURL(join(here, file)).href);
  log(`\n== ${bench.name ?? file} ==`);
  const rows = await bench.run({ log });
  results[bench.name ?? file] = rows.map((row) => ({
    ...row,
    ratio: row.baseline ? row.value / row.baseline.value : undefined,
  }));
  for (const row of results[bench.name ?? file]) {
    const value = formatValue(row.value, row.unit);
    const ratio = row.baseline ? `  ratio ${row.ratio.toFixed(2)}x vs ${row.baseline.name} (${formatValue(row.baseline.value, row.unit)})` : '';
    const target = row.target ? `  [target ${row.target}]` : '';
    log(`  ${row.metric.padEnd(48)} ${value.padStart(16)}${ratio}${target}`);
  }
}
if (json) process.stdout.write(`${JSON.stringify({ node: process.version, cpus: (await import('node:os')).cpus().length, results }, null, 2)}\n`);

function formatValue(value, unit) {
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  if (unit === 's') return `${value.toFixed(2)} s`;
  if (unit === 'MiB') return `${value.toFixed(0)} MiB`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M ${unit}`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k ${unit}`;
  return `${value.toFixed(2)} ${unit}`;
}
