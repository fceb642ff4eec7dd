/** data/logs/demotions.jsonl: the strategies the forward test took out of the active set, one JSON line each. */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DemotionLogLineSchema, type DemotionLogLine } from '../config/demotion-log.js';

export function demotionLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'demotions.jsonl');
}

/** Appends demotions (one O_APPEND write per line, so concurrent appenders never interleave within a line). */
export function appendDemotions(file: string, lines: readonly DemotionLogLine[]): void {
  if (lines.length === 0) return;
  mkdirSync(dirname(file), { recursive: true });
  for (const line of lines) appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/** Every valid line, oldest first; an unreadable line (a torn write) is skipped, a missing file is no demotion. */
export function readDemotions(file: string): DemotionLogLine[] {
  if (!existsSync(file)) return [];
  const lines: DemotionLogLine[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      const parsed = DemotionLogLineSchema.safeParse(JSON.parse(text));
      if (parsed.success) lines.push(parsed.data);
    } catch {
      // a line cut by a kill mid-write: the others still count
    }
  }
  return lines;
}
