/** A timestamped line on stderr, for long-running commands (stdout stays for results). */
export function logLine(line: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}
