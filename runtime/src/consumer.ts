import { checkEnvelope, type AnyEnvelope } from './envelope.js';
import { readKafkaEnv, requireGroupId } from './env.js';
import { DecodeError } from './errors.js';
import { FRAME_HEADER_BYTES, MAGIC_BYTE, unframe } from './framing.js';
import { createKafkaTransport } from './kafkajs-transport.js';
import { consoleLogger, type Logger } from './logger.js';
import type { ConsumerPort, IncomingMessage, Transport } from './transport.js';
import { formatIssues, ValidationError, type Validator } from './validation.js';

export interface MessageContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Set once the value is decoded; undefined for plain (unframed) JSON. */
  readonly schemaId: number | undefined;
  readonly message: IncomingMessage;
}

export type SkipReason = 'undecodable' | 'unknown-event-type' | 'invalid' | 'handler-error' | 'unhandled' | 'duplicate';

/**
 * What happened to one message. 'handled' and 'skipped' commit the offset; 'failed' makes the transport redeliver
 * the message (the offset is not committed).
 */
export type MessageOutcome =
  | { status: 'handled'; eventType: string; eventId: string }
  | { status: 'skipped'; reason: SkipReason; eventType?: string; eventId?: string; error?: Error }
  | { status: 'failed'; eventType?: string; eventId?: string; error: Error };

/**
 * Wraps the per-message pipeline (decode → dispatch → validate → handler); the first middleware is outermost.
 * The seam for retries (call next() again), a DLQ (send to `<topic>.dlq` on 'failed'/'skipped', return 'skipped')
 * and idempotency (read ctx.headers.ce_id; return {status:'skipped', reason:'duplicate'} without calling next()).
 */
export type ConsumerMiddleware = (ctx: MessageContext, next: () => Promise<MessageOutcome>) => Promise<MessageOutcome>;

/** 'skip': log a warning and commit the offset. 'fail': outcome 'failed' (not committed; redelivered). */
export type Policy = 'skip' | 'fail';

export type EventHandler<E extends AnyEnvelope> = (event: E, ctx: MessageContext) => void | Promise<void>;

export interface ConsumerOptions {
  /** @default a kafkajs transport from `brokers` / KAFKA_BROKERS (owned: stop() closes it) */
  transport?: Transport;
  /** @default env KAFKA_BROKERS */
  brokers?: string[];
  /** @default env KAFKA_CLIENT_ID */
  clientId?: string;
  /** @default env KAFKA_CONSUMER_GROUP_ID */
  groupId?: string;
  topics: readonly string[];
  /** Tolerant consumer-side validators of `data`, by eventType. A type with neither validator nor handler is unknown. */
  validators?: Readonly<Record<string, Validator<unknown>>>;
  /** @default 'skip' */
  onUndecodable?: Policy;
  /** @default 'skip' */
  onUnknownEventType?: Policy;
  /** Consumer-side validation failed. @default 'skip' */
  onInvalid?: Policy;
  /** A handler threw. @default 'fail' (redelivered) */
  onHandlerError?: Policy;
  middleware?: readonly ConsumerMiddleware[];
  /** Called with every outcome (metrics). Exceptions it throws are logged and ignored. */
  onOutcome?: (outcome: MessageOutcome, ctx: MessageContext) => void;
  /** @default false */
  fromBeginning?: boolean;
  /** @default 1 */
  partitionsConsumedConcurrently?: number;
  /** @default consoleLogger */
  logger?: Logger;
}

export interface Consumer<TEvents extends AnyEnvelope = AnyEnvelope> {
  on<K extends TEvents['eventType']>(eventType: K, handler: EventHandler<Extract<TEvents, { eventType: K }>>): Consumer<TEvents>;
  /** Connects, subscribes and runs; resolves once running. */
  start(): Promise<void>;
  /** Stops and disconnects. */
  stop(): Promise<void>;
  /** Runs one message through middleware and the pipeline; never throws. */
  process(message: IncomingMessage): Promise<MessageOutcome>;
}

/** Pure decode: unframe → JSON.parse → envelope check. Throws DecodeError. */
export function decodeEvent(value: Buffer | null): { schemaId: number | undefined; envelope: AnyEnvelope } {
  const holder = { schemaId: undefined as number | undefined };
  const envelope = decodeInto(value, holder);
  return { schemaId: holder.schemaId, envelope };
}

/** decodeEvent without a result object: the schema id goes to `into.schemaId` (the consumer's context). */
function decodeInto(value: Buffer | null, into: { schemaId: number | undefined }): AnyEnvelope {
  if (value === null || value.length === 0) {
    throw new DecodeError('empty', 'The message value is empty (a tombstone?): there is no event to decode.');
  }
  // Framed values are decoded straight from offset 5 (toString with a start offset: no view, no copy of the bytes);
  // anything else goes through unframe().
  let text: string;
  if (value[0] === MAGIC_BYTE && value.length >= FRAME_HEADER_BYTES) {
    into.schemaId = value.readUInt32BE(1);
    text = value.toString('utf8', FRAME_HEADER_BYTES);
  } else {
    text = unframe(value).payload.toString('utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DecodeError('json', `The message value is not valid JSON: ${(error as Error).message}.`);
  }
  const issues = checkEnvelope(parsed);
  if (issues.length > 0) {
    throw new DecodeError('envelope', `The message value is not an event envelope: ${formatIssues(issues)}.`);
  }
  return parsed as AnyEnvelope;
}

class MutableContext implements MessageContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  schemaId: number | undefined = undefined;
  readonly message: IncomingMessage;
  constructor(message: IncomingMessage) {
    this.message = message;
    this.topic = message.topic;
    this.partition = message.partition;
    this.offset = message.offset;
  }
  /** Read from the message when read (a transport may decode headers lazily; most handlers never read them). */
  get headers(): Readonly<Record<string, string | undefined>> {
    return this.message.headers;
  }
  /** Decoded when read (most handlers never read it). */
  get key(): string | null {
    const key = this.message.key;
    return key === null ? null : key.toString('utf8');
  }
}

/** What one event type dispatches to (one Map lookup per message). */
interface Route {
  handler: EventHandler<AnyEnvelope> | undefined;
  validate: Validator<unknown> | undefined;
}

const RESOLVED: Promise<void> = Promise.resolve();

const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

export function createConsumer<TEvents extends AnyEnvelope = AnyEnvelope>(options: ConsumerOptions): Consumer<TEvents> {
  const logger = options.logger ?? consoleLogger;
  const groupId = requireGroupId(options.groupId);
  // A Map, not the object: an eventType such as "constructor" must not find an inherited property.
  const validators = new Map<string, Validator<unknown>>(Object.entries(options.validators ?? {}));
  const handlers = new Map<string, EventHandler<AnyEnvelope>>();
  const routes = new Map<string, Route>();
  for (const [eventType, validate] of validators) routes.set(eventType, { handler: undefined, validate });
  const middleware = options.middleware ?? [];
  const onUndecodable = options.onUndecodable ?? 'skip';
  const onUnknownEventType = options.onUnknownEventType ?? 'skip';
  const onInvalid = options.onInvalid ?? 'skip';
  const onHandlerError = options.onHandlerError ?? 'fail';
  const ownsTransport = options.transport === undefined;
  let transport = options.transport;
  let port: ConsumerPort | undefined;

  function where(ctx: MessageContext): string {
    return `${ctx.topic}[${ctx.partition}]@${ctx.offset}`;
  }

  function apply(
    policy: Policy,
    ctx: MessageContext,
    reason: Exclude<SkipReason, 'unhandled' | 'duplicate'>,
    error: Error,
    envelope?: AnyEnvelope,
  ): MessageOutcome {
    const ids = envelope ? { eventType: envelope.eventType, eventId: envelope.eventId } : {};
    const fields = { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset, reason, ...ids, error };
    if (policy === 'skip' && reason !== 'handler-error') {
      logger.warn(`Skipped message ${where(ctx)} (${reason}): ${error.message}`, fields);
      return { status: 'skipped', reason, ...ids, error };
    }
    if (policy === 'skip') {
      logger.error(`Handler failed for ${where(ctx)}; skipped (onHandlerError: 'skip'): ${error.message}`, fields);
      return { status: 'skipped', reason, ...ids, error };
    }
    logger.error(`Message ${where(ctx)} failed (${reason}); it will be redelivered: ${error.message}`, fields);
    return { status: 'failed', ...ids, error };
  }

  /** decode → dispatch → validate → handler. Synchronous up to the handler, so sync handlers cost no extra ticks. */
  function core(ctx: MutableContext): MessageOutcome | Promise<MessageOutcome> {
    let envelope: AnyEnvelope;
    try {
      envelope = decodeInto(ctx.message.value, ctx);
    } catch (error) {
      return apply(onUndecodable, ctx, 'undecodable', error as Error);
    }
    const eventType = envelope.eventType;
    const route = routes.get(eventType);
    const handler = route?.handler;
    const validate = route?.validate;
    if (handler === undefined) {
      if (validate === undefined) {
        const known = [...new Set([...handlers.keys(), ...validators.keys()])].sort().join(', ') || 'none';
        const error = new Error(`No handler or validator for event type "${eventType}" (known: ${known}).`);
        return apply(onUnknownEventType, ctx, 'unknown-event-type', error, envelope);
      }
      logger.debug?.(`No handler for ${eventType}; skipped ${where(ctx)}.`);
      return { status: 'skipped', reason: 'unhandled', eventType, eventId: envelope.eventId };
    }
    if (validate !== undefined && !validate(envelope.data)) {
      return apply(onInvalid, ctx, 'invalid', new ValidationError(eventType, 'consumer', validate.errors ?? []), envelope);
    }
    const handled: MessageOutcome = { status: 'handled', eventType, eventId: envelope.eventId };
    const failed = (error: unknown): MessageOutcome =>
      apply(onHandlerError, ctx, 'handler-error', error instanceof Error ? error : new Error(String(error)), envelope);
    let result: unknown;
    try {
      result = handler(envelope, ctx);
    } catch (error) {
      return failed(error);
    }
    return isThenable(result) ? Promise.resolve(result).then(() => handled, failed) : handled;
  }

  async function chain(ctx: MutableContext, index: number): Promise<MessageOutcome> {
    const mw = middleware[index];
    if (mw === undefined) return core(ctx);
    return mw(ctx, () => chain(ctx, index + 1));
  }

  function settle(outcome: MessageOutcome, ctx: MutableContext): MessageOutcome {
    if (options.onOutcome) {
      try {
        options.onOutcome(outcome, ctx);
      } catch (error) {
        logger.error(`onOutcome hook threw: ${(error as Error).message}`);
      }
    }
    return outcome;
  }

  function crashed(error: unknown, ctx: MutableContext): MessageOutcome {
    const err = error instanceof Error ? error : new Error(String(error));
    logger.error(`Consumer middleware failed for ${where(ctx)}: ${err.message}`, { error: err });
    return settle({ status: 'failed', error: err }, ctx);
  }

  /** The whole per-message path; synchronous (no promise, no closure) when there is no middleware and the handler is. */
  function run(message: IncomingMessage): MessageOutcome | Promise<MessageOutcome> {
    const ctx = new MutableContext(message);
    let result: MessageOutcome | Promise<MessageOutcome>;
    try {
      result = middleware.length === 0 ? core(ctx) : chain(ctx, 0);
    } catch (error) {
      return crashed(error, ctx);
    }
    if (result instanceof Promise) {
      return result.then(
        (o) => settle(o, ctx),
        (error: unknown) => crashed(error, ctx),
      );
    }
    return settle(result, ctx);
  }

  function process(message: IncomingMessage): Promise<MessageOutcome> {
    const result = run(message);
    return result instanceof Promise ? result : Promise.resolve(result);
  }

  const failOnFailed = (outcome: MessageOutcome): void => {
    if (outcome.status === 'failed') throw outcome.error;
  };

  /** The transport's eachMessage: resolves (commit) unless the outcome is 'failed' (redelivery). */
  function eachMessage(message: IncomingMessage): Promise<void> {
    const result = run(message);
    if (result instanceof Promise) return result.then(failOnFailed);
    return result.status === 'failed' ? Promise.reject(result.error) : RESOLVED;
  }

  const consumer: Consumer<TEvents> = {
    on(eventType, handler) {
      const h = handler as unknown as EventHandler<AnyEnvelope>;
      handlers.set(eventType, h);
      routes.set(eventType, { handler: h, validate: validators.get(eventType) });
      return consumer;
    },
    process,
    async start() {
      if (port) throw new Error('The consumer is already started.');
      transport ??= createKafkaTransport({
        ...(options.brokers ? { brokers: options.brokers } : {}),
        clientId: options.clientId ?? readKafkaEnv().clientId ?? groupId,
        logger,
      });
      const p = transport.consumer(groupId);
      port = p;
      try {
        await p.connect();
        await p.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
        await p.run({
          ...(options.partitionsConsumedConcurrently === undefined
            ? {}
            : { partitionsConsumedConcurrently: options.partitionsConsumedConcurrently }),
          eachMessage,
        });
      } catch (error) {
        port = undefined;
        await p.disconnect().catch(() => undefined);
        throw error;
      }
    },
    async stop() {
      const p = port;
      port = undefined;
      if (!p) return;
      await p.stop();
      await p.disconnect();
      if (ownsTransport) transport = undefined;
    },
  };
  return consumer;
}
