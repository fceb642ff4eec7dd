import { Command, CommanderError } from 'commander';
import { registerCommands } from './program.js';

// `scalp status | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const program = new Command();
program
  .name('scalp')
  .description('Research toolkit for crypto scalping strategies: data, backtests, honest grades, a phone-friendly dashboard.')
  .option('-c, --config <path>', 'config file (paths inside it resolve relative to its folder)', 'config/config.yaml')
  .showHelpAfterError('(run scalp --help for usage)')
  .addHelpText(
    'after',
    '\nStart here: `scalp run --once` runs one full research cycle (offline on the simulated exchange by default)\n' +
      'and writes dashboard.html; `scalp run` serves it and keeps the loop going. Each step is also its own command.\n\n' +
      'Exit codes: 0 ok, 1 partial failure (some pairs or jobs failed), 2 bad config or flag, 3 corrupt data file,\n' +
      '4 exchange or queue (Redis) unavailable, 5 another loop holds the lock, 6 port in use, 7 strategy refused by the lookahead gate,\n' +
      '70 internal error (please report it).',
  )
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    throw error;
  }
}
