import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export interface JsonLinesResult<T> {
  readonly lines: T[];
  /** 1-based line numbers that did not parse or failed the schema. */
  readonly badLines: number[];
}

/**
 * Reads a JSON-lines log leniently: blank lines are ignored, a line that is not JSON or fails the schema is
 * skipped and reported by number, and only the last `limit` good lines are kept. Absent file -> no lines.
 */
export function readJsonLines<S extends z.ZodType>(file: string, schema: S, limit: number): JsonLinesResult<z.infer<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], badLines: [] };
    throw error;
  }
  const lines: z.infer<S>[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    try {
      const parsed = schema.safeParse(JSON.parse(raw));
      if (parsed.success) lines.push(parsed.data);
      else badLines.push(index + 1);
    } catch {
      badLines.push(index + 1);
    }
  });
  return { lines: lines.slice(-Math.max(0, limit)), badLines };
}
