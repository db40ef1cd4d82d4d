/**
 * Few error classes with fields. User errors (bad input, bad flags) are ContractsError
 * and are printed without a stack trace; anything else is an internal error.
 */
export class ContractsError extends Error {
  override name = 'ContractsError';
  constructor(
    message: string,
    /** What the user can do about it, printed under the message. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Bad flags or arguments: exit code 2. */
export class UsageError extends ContractsError {
  override name = 'UsageError';
}

/** A file the user pointed at cannot be read or parsed: exit code 2. */
export class InputError extends ContractsError {
  override name = 'InputError';
  constructor(
    message: string,
    readonly file: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}
