import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commitFileAtomic,
  removeOrphanTempFiles,
  tempPathFor,
  writeFileAtomic,
  writeFileAtomicSync,
} from '../../src/io/atomic-write.js';
import { useTempDir } from './fixtures/temp-dir.js';

describe('writeFileAtomic', () => {
  const tempDir = useTempDir();

  it.each([
    ['text', 'hello\n', Buffer.from('hello\n')],
    ['bytes', new Uint8Array([1, 2, 3]), Buffer.from([1, 2, 3])],
    ['parts', [new Uint8Array([1, 2]), new Uint8Array([3])], Buffer.from([1, 2, 3])],
  ] as const)('writes %s and creates missing folders', async (_kind, data, expected) => {
    const file = join(tempDir(), 'a', 'b', 'out.bin');
    await writeFileAtomic(file, data);
    expect(readFileSync(file)).toEqual(expected);
  });

  it('replaces an existing file and leaves no temp file behind', async () => {
    const file = join(tempDir(), 'out.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new');
    writeFileAtomicSync(file, 'newer');
    expect(readFileSync(file, 'utf8')).toBe('newer');
    expect(readdirSync(tempDir())).toEqual(['out.json']);
  });

  it('names temp files beside the target with pid and a random suffix', () => {
    const temp = tempPathFor('/data/ohlcv/BTCUSDT/1m.parquet');
    expect(temp).toMatch(new RegExp(`^/data/ohlcv/BTCUSDT/1m\\.parquet\\.tmp-${process.pid}-[0-9a-f]{12}$`));
    expect(tempPathFor('/x/y')).not.toBe(tempPathFor('/x/y'));
  });

  it('commits a file written by another writer over the target', async () => {
    const file = join(tempDir(), 'final.parquet');
    writeFileSync(file, 'old');
    const temp = tempPathFor(file);
    writeFileSync(temp, 'complete');
    await commitFileAtomic(temp, file);
    expect(readFileSync(file, 'utf8')).toBe('complete');
    expect(existsSync(temp)).toBe(false);
  });

  it('removes temp files of dead writers but keeps those of live ones', () => {
    const file = join(tempDir(), '1m.parquet');
    const dead = `${file}.tmp-999999-abcdef`;
    const mine = tempPathFor(file);
    writeFileSync(dead, 'partial');
    writeFileSync(mine, 'in progress');
    expect(removeOrphanTempFiles(file)).toEqual([dead]);
    expect(existsSync(mine)).toBe(true);
  });
});
