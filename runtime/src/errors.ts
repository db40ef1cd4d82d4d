/**
 * The runtime's few error classes. Each carries a stable `code` and the fields a caller needs to decide what to do
 * (retries consult `retriable` and nothing else).
 */
export class EventContractsError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A required option or environment variable is missing or malformed. */
export class ConfigurationError extends EventContractsError {
  constructor(message: string) {
    super('CONFIGURATION', message);
  }
}

/** The framed event value is larger than `maxEventBytes`. */
export class EventTooLargeError extends EventContractsError {
  readonly eventType: string;
  readonly size: number;
  readonly limit: number;
  constructor(eventType: string, size: number, limit: number) {
    super(
      'EVENT_TOO_LARGE',
      `${eventType} is ${size} bytes, over the limit of ${limit} bytes (maxEventBytes). ` +
        'Use the claim-check pattern: store the payload elsewhere (object storage, a database) and publish an event ' +
        'carrying a reference to it; or raise maxEventBytes together with the broker and topic max.message.bytes.',
    );
    this.eventType = eventType;
    this.size = size;
    this.limit = limit;
  }
}

/** No schema id is known for the event's subject and the policy is 'refuse'. */
export class UnknownSchemaIdError extends EventContractsError {
  readonly subject: string;
  readonly eventType: string;
  constructor(eventType: string, subject: string, how: string) {
    super(
      'UNKNOWN_SCHEMA_ID',
      `No schema id is known for subject "${subject}" (${eventType}): ${how}. ` +
        'Register the schema (contracts register), pass schemaIds: {"' +
        subject +
        '": <id>}, or set frameUnknownSchema: "send-unframed" to send plain JSON.',
    );
    this.subject = subject;
    this.eventType = eventType;
  }
}

/** A schema registry request failed. */
export class SchemaRegistryError extends EventContractsError {
  /** HTTP status; undefined for network errors and timeouts. */
  readonly status: number | undefined;
  /** Confluent `error_code` from the response body, when present. */
  readonly errorCode: number | undefined;
  readonly subject: string;
  /** True for network errors, timeouts, HTTP 5xx and 429: the same request may succeed later. */
  readonly retriable: boolean;
  constructor(fields: { message: string; status?: number; errorCode?: number; subject: string; retriable: boolean }) {
    super('SCHEMA_REGISTRY', fields.message);
    this.status = fields.status;
    this.errorCode = fields.errorCode;
    this.subject = fields.subject;
    this.retriable = fields.retriable;
  }
}

export type DecodeFailure = 'empty' | 'magic-byte' | 'truncated' | 'json' | 'envelope';

/** A message value could not be decoded into an envelope. */
export class DecodeError extends EventContractsError {
  readonly reason: DecodeFailure;
  constructor(reason: DecodeFailure, message: string) {
    super('DECODE', message);
    this.reason = reason;
  }
}

/**
 * Thrown by a handler for a failure that another attempt cannot fix (a business rule, a permanently missing record):
 * the consumer does not retry it and dead-letters the message at once.
 */
export class NonRetriableError extends EventContractsError {
  readonly retriable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super('NON_RETRIABLE', message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** Thrown by a handler for a transient failure (a timeout, a lock): retried with backoff. Any other error is too. */
export class RetriableError extends EventContractsError {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super('RETRIABLE', message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** emit() was called with `emitMaxPending` events still unacknowledged: the new event is dropped (not the old ones). */
export class EmitOverflowError extends EventContractsError {
  readonly limit: number;
  readonly retriable = true;
  constructor(limit: number) {
    super(
      'EMIT_OVERFLOW',
      `emit() dropped the event: ${limit} emitted events are still waiting for the broker (emitMaxPending). ` +
        'The broker is slow or away; use publish() to wait for acknowledgements, or raise emitMaxPending.',
    );
    this.limit = limit;
  }
}
