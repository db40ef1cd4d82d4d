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

type Fields = Record<string, unknown>;

/** pino's (and bunyan's) call shape: fields first, message second. Structural: no pino dependency. */
export interface FieldsFirstLogger {
  error(fields: Fields, message: string): void;
  warn(fields: Fields, message: string): void;
  info?(fields: Fields, message: string): void;
  debug?(fields: Fields, message: string): void;
}

/** pino serialises errors only under `err` (stack, type); a plain `error: Error` would log as `{}`. */
const pinoFields = (fields: Fields | undefined): Fields => {
  if (fields === undefined) return {};
  const { error, ...rest } = fields;
  return error instanceof Error && !('err' in rest) ? { ...rest, err: error } : fields;
};

/** Adapts a pino-shaped logger (`logger.error(fields, message)`) to the runtime's `Logger`:
 *  `createConsumer({ logger: pinoLogger(pino()) })`. Methods are called on the original object (pino needs `this`). */
export function pinoLogger(pino: FieldsFirstLogger): Logger {
  const level =
    (name: keyof FieldsFirstLogger) =>
    (message: string, fields?: Fields): void => {
      pino[name]?.(pinoFields(fields), message);
    };
  const logger: Logger = { error: level('error'), warn: level('warn') };
  if (pino.info) logger.info = level('info');
  if (pino.debug) logger.debug = level('debug');
  return logger;
}
