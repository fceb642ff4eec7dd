import { readFileSync } from 'node:fs';
import { CANDLE_COLUMNS, type Candles, allocateCandles, candleCount } from '../core/candles.js';
import { DataIntegrityError } from '../core/errors.js';

/** The header of every candle CSV (the shared data format and the csv_mirror). */
export const CANDLES_CSV_HEADER = CANDLE_COLUMNS.join(',');

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
/** Powers of ten that are exact doubles (10^0..10^22): m / 10^k is then correctly rounded. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_EXACT_MANTISSA = 2 ** 53;

/**
 * Parses candle CSV (`timestamp,open,high,low,close,volume`, epoch ms, one candle per line) with one pass over the
 * bytes and no string per line. Plain decimals take the exact fast path (integer mantissa below 2^53 divided by an
 * exact power of ten, which IEEE division rounds correctly, so the result equals `Number(text)` bit for bit);
 * anything else (exponents, very long mantissas) falls back to `Number()` for that field.
 * `source` names the file in error messages.
 */
export function parseCandlesCsv(input: string | Uint8Array, source = '<csv>'): Candles {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let position = skipHeader(bytes, source);
  const candles = allocateCandles(countLines(bytes, position));
  const columns = CANDLE_COLUMNS.map((name) => candles[name]);
  const end = bytes.length;
  let row = 0;
  let line = 2;
  while (position < end) {
    if (bytes[position] === NEWLINE || bytes[position] === CARRIAGE_RETURN) {
      position++;
      if (bytes[position - 1] === NEWLINE) line++;
      continue;
    }
    for (let c = 0; c < 6; c++) {
      const start = position;
      let negative = false;
      if (bytes[position] === MINUS) {
        negative = true;
        position++;
      }
      let mantissa = 0;
      let digits = 0;
      let decimals = -1;
      let byte = bytes[position];
      for (; position < end; byte = bytes[++position]) {
        const digit = byte - ZERO;
        if (digit >= 0 && digit <= 9) {
          mantissa = mantissa * 10 + digit;
          digits++;
          if (decimals >= 0) decimals++;
        } else if (byte === DOT && decimals < 0) decimals = 0;
        else break;
      }
      const terminator = position < end ? bytes[position] : NEWLINE;
      const expected = c < 5 ? terminator === COMMA : terminator === NEWLINE || terminator === CARRIAGE_RETURN;
      let value: number;
      if (expected && digits > 0 && mantissa < MAX_EXACT_MANTISSA && decimals <= 22) {
        value = decimals > 0 ? mantissa / EXACT_POWERS_OF_TEN[decimals] : mantissa;
        if (negative) value = -value;
      } else {
        while (position < end && bytes[position] !== COMMA && bytes[position] !== NEWLINE && bytes[position] !== CARRIAGE_RETURN) position++;
        value = slowNumber(bytes, start, position);
        const stop = position < end ? bytes[position] : NEWLINE;
        const ok = c < 5 ? stop === COMMA : stop !== COMMA;
        if (!ok) throw fieldError(source, line, c < 5 ? 'has fewer than 6 fields' : 'has more than 6 fields');
      }
      if (!Number.isFinite(value)) {
        const text = Buffer.from(bytes.subarray(start, position)).toString('utf8');
        throw fieldError(source, line, `${CANDLE_COLUMNS[c]} "${text}" is not a finite number`);
      }
      columns[c][row] = value;
      if (c < 5) position++;
    }
    row++;
  }
  return row === candleCount(candles) ? candles : trimCandles(candles, row);
}

/** Reads and parses a candle CSV file; errors name the file and the line. */
export function readCandlesCsv(file: string): Candles {
  return parseCandlesCsv(readFileSync(file), file);
}

/**
 * Candle CSV text with the standard header; numbers in JavaScript's shortest round-trip form, so parsing the text
 * gives back the same doubles bit for bit.
 */
export function formatCandlesCsv(candles: Candles): string {
  const rows = candleCount(candles);
  const lines = new Array<string>(rows + 1);
  lines[0] = CANDLES_CSV_HEADER;
  const { timestamp, open, high, low, close, volume } = candles;
  for (let i = 0; i < rows; i++) {
    lines[i + 1] = `${timestamp[i]},${open[i]},${high[i]},${low[i]},${close[i]},${volume[i]}`;
  }
  return `${lines.join('\n')}\n`;
}

function skipHeader(bytes: Uint8Array, source: string): number {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3; // UTF-8 byte order mark
  let end = bytes.indexOf(NEWLINE, start);
  if (end < 0) end = bytes.length;
  const header = Buffer.from(bytes.subarray(start, end)).toString('utf8').trim();
  if (header !== CANDLES_CSV_HEADER) {
    throw new DataIntegrityError(source, `line 1: expected the header "${CANDLES_CSV_HEADER}", found "${header.slice(0, 80)}"`);
  }
  return end + 1;
}

/** Upper bound of data rows: non-empty lines after the header. */
function countLines(bytes: Uint8Array, from: number): number {
  let lines = 0;
  let lineHasData = false;
  for (let i = from; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === NEWLINE) {
      if (lineHasData) lines++;
      lineHasData = false;
    } else if (byte !== CARRIAGE_RETURN) lineHasData = true;
  }
  return lineHasData ? lines + 1 : lines;
}

function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  const text = Buffer.from(bytes.subarray(start, end)).toString('latin1').trim();
  return text === '' ? Number.NaN : Number(text);
}

function fieldError(source: string, line: number, problem: string): DataIntegrityError {
  return new DataIntegrityError(source, `line ${line}: ${problem}; expected "${CANDLES_CSV_HEADER}" with numbers`);
}

function trimCandles(candles: Candles, rows: number): Candles {
  const trimmed = allocateCandles(rows);
  for (const name of CANDLE_COLUMNS) trimmed[name].set(candles[name].subarray(0, rows));
  return trimmed;
}
