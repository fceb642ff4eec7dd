import type { Command } from 'commander';

/** Every command is registered here and loaded lazily, so `scalp --help` starts fast. */
export function registerCommands(program: Command): void {
  void program;
}
