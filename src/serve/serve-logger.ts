/** Where the serve layer reports what happens (tunnel up/down, server errors). Library code never prints. */
export interface ServeLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that drops everything (the default). */
export const SILENT_LOGGER: ServeLogger = { info: () => {}, warn: () => {} };
