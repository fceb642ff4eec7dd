import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candleRows } from '../../src/core/candles.js';
import { DataIntegrityError } from '../../src/core/errors.js';
import { CANDLES_CSV_HEADER, formatCandlesCsv, parseCandlesCsv, readCandlesCsv } from '../../src/data/csv-candles.js';
import { columnsOf, syntheticCandles } from '../io/fixtures/synthetic-candles.js';
import { useTempDir } from '../io/fixtures/temp-dir.js';

const HEADER = 'timestamp,open,high,low,close,volume';

describe('parseCandlesCsv', () => {
  it('parses the shared data format', () => {
    const text = `${HEADER}\n1567965420000,10000,10000,10000,10000,0.001\n1567965480000,10344.77,10350.5,10300.01,10310,12.345\n`;
    expect(candleRows(parseCandlesCsv(text))).toEqual([
      [1567965420000, 10000, 10000, 10000, 10000, 0.001],
      [1567965480000, 10344.77, 10350.5, 10300.01, 10310, 12.345],
    ]);
  });

  it.each([
    ['CRLF line ends', `${HEADER}\r\n1,2,3,1,2,5\r\n`],
    ['no final newline', `${HEADER}\n1,2,3,1,2,5`],
    ['blank lines', `${HEADER}\n\n1,2,3,1,2,5\n\n`],
    ['a byte order mark', `\uFEFF${HEADER}\n1,2,3,1,2,5\n`],
  ])('accepts %s', (_kind, text) => {
    expect(candleRows(parseCandlesCsv(text))).toEqual([[1, 2, 3, 1, 2, 5]]);
  });

  it.each([
    '0.1', '0.3', '37388.05', '-12.5', '1e-7', '2.5E+3', '123456789012345678901234', '0.000000000000000000000001234',
    '9007199254740993', '1.7976931348623157e308', '5e-324', '-0', '.5', '7.',
  ])('reads %s exactly as Number() does', (value) => {
    const parsed = parseCandlesCsv(`${HEADER}\n1,${value},1,1,1,1\n`);
    expect(Object.is(parsed.open[0], Number(value))).toBe(true);
  });

  it('round-trips random doubles through formatCandlesCsv bit for bit', () => {
    const candles = syntheticCandles(2000, 11);
    const text = formatCandlesCsv(candles);
    expect(text.startsWith(`${CANDLES_CSV_HEADER}\n`)).toBe(true);
    expect(columnsOf(parseCandlesCsv(text))).toEqual(columnsOf(candles));
  });

  it.each([
    ['a wrong header', 'time,o,h,l,c,v\n1,1,1,1,1,1\n', /line 1: expected the header/],
    ['a short row', `${HEADER}\n1,1,1,1,1,1\n2,1,1\n`, /line 3: has fewer than 6 fields/],
    ['a long row', `${HEADER}\n1,1,1,1,1,1,9\n`, /line 2: has more than 6 fields/],
    ['a word for a price', `${HEADER}\n1,abc,1,1,1,1\n`, /line 2: open "abc" is not a finite number/],
    ['an empty field', `${HEADER}\n1,1,,1,1,1\n`, /line 2: high "" is not a finite number/],
  ])('rejects %s with the line number', (_kind, text, message) => {
    expect(() => parseCandlesCsv(text, 'data/x.csv')).toThrow(DataIntegrityError);
    expect(() => parseCandlesCsv(text, 'data/x.csv')).toThrow(message);
  });
});

describe('readCandlesCsv', () => {
  const tempDir = useTempDir();
  it('reads a file and names it in errors', () => {
    const file = join(tempDir(), '1h.csv');
    writeFileSync(file, `${HEADER}\n3600000,1.5,2,1,1.75,10\n`);
    expect(candleRows(readCandlesCsv(file))).toEqual([[3600000, 1.5, 2, 1, 1.75, 10]]);
    writeFileSync(file, 'nope\n');
    expect(() => readCandlesCsv(file)).toThrow(`${file}: line 1`);
  });
});
