import { ScalpError, describeError } from '../core/errors.js';

/**
 * describeError, except that a cause whose first line the message already quotes is left out: DuckDB's errors
 * run over several lines (the SQL, a caret) and the message has already said what went wrong in one.
 */
function messageOf(error: ScalpError): string {
  const cause = error.cause;
  if (cause instanceof Error && error.message.includes(cause.message.split('\n')[0])) return error.message;
  return describeError(error);
}

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
      process.stderr.write(`scalp: ${messageOf(error)}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`scalp: internal error, please report it with this trace:\n${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 70;
    }
  }
}
