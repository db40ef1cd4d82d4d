import { describe, expect, it } from 'vitest';
import { pinoLogger } from '../../../runtime/src/index.js';

type Call = [level: string, fields: unknown, message: unknown];

/** pino's LogFn overloads, so the test also proves a real pino instance type-checks as the adapter's input. */
interface LogFn {
  <T extends object>(obj: T, msg?: string, ...args: unknown[]): void;
  (msg: string, ...args: unknown[]): void;
}

/** A pino-shaped fake: methods read `this` like pino's do, so a detached call would throw. */
class FakePino {
  readonly calls: Call[] = [];
  readonly error: LogFn = function (this: FakePino, fields: unknown, message?: unknown) {
    this.calls.push(['error', fields, message]);
  };
  readonly warn: LogFn = function (this: FakePino, fields: unknown, message?: unknown) {
    this.calls.push(['warn', fields, message]);
  };
  readonly info: LogFn = function (this: FakePino, fields: unknown, message?: unknown) {
    this.calls.push(['info', fields, message]);
  };
  readonly debug: LogFn = function (this: FakePino, fields: unknown, message?: unknown) {
    this.calls.push(['debug', fields, message]);
  };
}

describe('pinoLogger', () => {
  const boom = new Error('boom');
  it.each([
    { name: 'no fields', level: 'warn', fields: undefined, want: {} },
    { name: 'plain fields', level: 'info', fields: { eventId: 'e1', attempt: 2 }, want: { eventId: 'e1', attempt: 2 } },
    { name: 'error moves to err', level: 'error', fields: { eventType: 't', error: boom }, want: { eventType: 't', err: boom } },
    { name: 'err already set: kept as is', level: 'error', fields: { error: boom, err: 'x' }, want: { error: boom, err: 'x' } },
    { name: 'non-Error error field kept', level: 'debug', fields: { error: 'text' }, want: { error: 'text' } },
  ] as const)('$name: calls $level(fields, message) on the pino object', ({ level, fields, want }) => {
    const pino = new FakePino();
    const logger = pinoLogger(pino);
    logger[level]?.('something happened', fields);
    expect(pino.calls).toEqual([[level, want, 'something happened']]);
  });

  it('leaves info/debug undefined when the target has none (so the runtime skips building their messages)', () => {
    const calls: Call[] = [];
    const logger = pinoLogger({
      error: (fields, message) => calls.push(['error', fields, message]),
      warn: (fields, message) => calls.push(['warn', fields, message]),
    });
    expect(logger.info).toBeUndefined();
    expect(logger.debug).toBeUndefined();
    logger.error('bad');
    expect(calls).toEqual([['error', {}, 'bad']]);
  });
});
