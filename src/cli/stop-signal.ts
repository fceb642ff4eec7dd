/**
 * SIGINT/SIGTERM -> an AbortSignal: the first signal asks work to stop after the current step; a second one
 * exits at once (exit code 130).
 */
export function stopSignalFromProcess(log: (line: string) => void): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      log(`${signal} again: exiting now`);
      process.exit(130);
    }
    log(`${signal}: finishing the current step, then stopping (send it again to exit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

/** Resolves when the signal aborts. */
export function untilStopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
