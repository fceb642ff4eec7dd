import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CycleLogLineSchema, type CycleLogLine } from '../config/cycle-log.js';

export function cycleLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'cycles.jsonl');
}

/**
 * Appends one cycle as one JSON line. A single small append with O_APPEND is written whole or (if the process is
 * killed mid-write) leaves a torn last line, which readers skip.
 */
export async function appendCycleLog(dataDir: string, line: CycleLogLine): Promise<void> {
  const file = cycleLogPath(dataDir);
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(CycleLogLineSchema.parse(line))}\n`);
}

/** The last `limit` cycles, newest last; torn or invalid lines are skipped. */
export async function readCycleLog(dataDir: string, limit = 50): Promise<CycleLogLine[]> {
  let text: string;
  try {
    text = await readFile(cycleLogPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines: CycleLogLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      const parsed = CycleLogLineSchema.safeParse(JSON.parse(raw));
      if (parsed.success) lines.push(parsed.data);
    } catch {
      // a torn line from a killed process
    }
  }
  return lines.slice(-limit);
}
