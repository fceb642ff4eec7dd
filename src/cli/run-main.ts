import { ScalpError, describeError } from '../core/errors.js';

/**
 * The one catch at the top: a ScalpError becomes its message and exit code, anything else a stack trace and 70.
 * This is the only place that sets process.exitCode.
 */
export async function runMain(action: () => Promise<number | void>): Promise<void> {
  try {
    const code = await action();
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    if (error instanceof ScalpError) {
      process.stderr.write(`scalp: ${describeError(error)}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`scalp: internal error, please report it with this trace:\n${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 70;
    }
  }
}
