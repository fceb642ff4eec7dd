import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candlesFromRows, type CandleRow } from '../../src/core/candles.js';
import { DataIntegrityError } from '../../src/core/errors.js';
import { assessCandles } from '../../src/data/data-quality.js';
import { changeManifestEntry, type ManifestEntry, ManifestSchema, manifestPath, readManifest, updateManifestEntry } from '../../src/data/manifest.js';
import { useTempDir } from '../io/fixtures/temp-dir.js';

const H = 3_600_000;
const bar = (t: number, volume = 1): CandleRow => [t, 1, 1, 1, 1, volume];

describe('assessCandles', () => {
  it.each([
    ['no candles', [], '1h', { rows: 0, first: null, last: null, gaps: [], missing_total: 0, zero_volume: 0, misaligned: 0 }],
    ['a complete series', [bar(0), bar(H), bar(2 * H)], '1h', { rows: 3, first: 0, last: 2 * H, gaps: [], missing_total: 0 }],
    [
      'one missing candle',
      [bar(0), bar(2 * H)],
      '1h',
      { gaps: [{ from: H, to: H, missing: 1 }], missing_total: 1 },
    ],
    [
      'two gaps',
      [bar(0), bar(4 * H), bar(5 * H), bar(7 * H)],
      '1h',
      { gaps: [{ from: H, to: 3 * H, missing: 3 }, { from: 6 * H, to: 6 * H, missing: 1 }], missing_total: 4 },
    ],
    ['zero-volume candles', [bar(0, 0), bar(H, 0), bar(2 * H, 5)], '1h', { zero_volume: 2 }],
    ['off-grid open times', [bar(0), bar(H + 60_000), bar(2 * H)], '1h', { misaligned: 1, rows: 3 }],
    ['minute candles', [bar(0), bar(60_000), bar(180_000)], '1m', { gaps: [{ from: 120_000, to: 120_000, missing: 1 }] }],
  ] as const)('reports %s', (_name, rows, tf, expected) => {
    expect(assessCandles(candlesFromRows(rows as unknown as CandleRow[]), tf)).toMatchObject(expected);
  });
});

const entry = (pair: string, tf: string, rows = 10): ManifestEntry => ({
  pair,
  tf,
  rows,
  first: 0,
  last: (rows - 1) * H,
  gaps: [],
  missing_total: 0,
  zero_volume: 0,
  last_fetch: '2026-01-01T00:00:00.000Z',
  source: 'sim',
  simulated: true,
});

describe('manifest', () => {
  const tempDir = useTempDir();

  it('reads as empty when there is no manifest yet', async () => {
    expect((await readManifest(tempDir())).entries).toEqual({});
  });

  it('adds and replaces entries keyed by "<PAIR>|<TF>" and stamps updated_at', async () => {
    await updateManifestEntry(tempDir(), entry('BTC/USDT', '1h'));
    await updateManifestEntry(tempDir(), entry('ETH/USDT', '5m'));
    await updateManifestEntry(tempDir(), { ...entry('BTC/USDT', '1h', 20), unfilled_gaps: [{ from: H, to: H, missing: 1 }] });
    const manifest = await readManifest(tempDir());
    expect(Object.keys(manifest.entries).sort()).toEqual(['BTC/USDT|1h', 'ETH/USDT|5m']);
    expect(manifest.entries['BTC/USDT|1h']).toMatchObject({ rows: 20, unfilled_gaps: [{ missing: 1 }] });
    expect(Date.now() - Date.parse(manifest.updated_at)).toBeLessThan(60_000);
    expect(ManifestSchema.parse(JSON.parse(readFileSync(manifestPath(tempDir()), 'utf8')))).toEqual(manifest);
  });

  it('changes an entry from the one there now, so concurrent runs add to its records', async () => {
    const row = { timestamp: H, open: 0, high: 1, low: 1, close: 1, volume: 1, rule: 'price_not_positive', reason: 'open is 0', quarantined_at: 'now' };
    await Promise.all(
      [1, 2, 3].map((k) =>
        changeManifestEntry(tempDir(), 'BTC/USDT', '1h', (current) => ({
          ...(current ?? entry('BTC/USDT', '1h')),
          quarantined_rows: [...(current?.quarantined_rows ?? []), { ...row, timestamp: k * H }],
        })),
      ),
    );
    const rows = (await readManifest(tempDir())).entries['BTC/USDT|1h'].quarantined_rows ?? [];
    expect(rows.map((r) => r.timestamp).sort((a, b) => a - b)).toEqual([H, 2 * H, 3 * H]);
  });

  it('keeps every entry when many updates run at once', async () => {
    const pairs = Array.from({ length: 12 }, (_, i) => `P${i}/USDT`);
    await Promise.all(pairs.map((pair) => updateManifestEntry(tempDir(), entry(pair, '1m'))));
    expect(Object.keys((await readManifest(tempDir())).entries)).toHaveLength(12);
  });

  it.each([
    ['broken JSON', '{"entries": ', 'not valid JSON'],
    ['a wrong field', JSON.stringify({ updated_at: 'x', entries: { 'A|1h': { ...entry('A', '1h'), rows: -1 } } }), 'entries.A|1h.rows: '],
  ])('reports %s as a DataIntegrityError naming the file and key', async (_kind, text, problem) => {
    writeFileSync(manifestPath(tempDir()), text);
    const error = await readManifest(tempDir()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataIntegrityError);
    expect((error as DataIntegrityError).file).toBe(join(tempDir(), 'manifest.json'));
    expect((error as DataIntegrityError).problem).toContain(problem);
    expect((error as DataIntegrityError).problem).toContain('scalp backfill');
  });
});
