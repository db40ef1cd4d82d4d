/** The logging seam: anything with `error` and `warn` (pino, winston, console wrappers) fits. */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  debug?(message: string, fields?: Record<string, unknown>): void;
}

const write =
  (sink: (...args: unknown[]) => void) =>
  (message: string, fields?: Record<string, unknown>): void => {
    if (fields === undefined) sink(`[event-contracts] ${message}`);
    else sink(`[event-contracts] ${message}`, fields);
  };

/** Default logger: console.error / console.warn; info and debug are dropped. */
export const consoleLogger: Logger = { error: write(console.error), warn: write(console.warn) };

export const silentLogger: Logger = { error: () => undefined, warn: () => undefined };
