import type { AnyEnvelope } from '../envelope.js';
import type { IdempotencyStore } from '../idempotency/store.js';
import type { Logger } from '../logger.js';
import type { IncomingMessage, Transport } from '../transport.js';
import type { Validator } from '../validation.js';

export interface MessageContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Set once the value is decoded; undefined for plain (unframed) JSON. */
  readonly schemaId: number | undefined;
  readonly message: IncomingMessage;
  /** The W3C `traceparent` of the message; events published inside the handler continue this trace. */
  readonly traceparent: string | undefined;
}

/** What a handler receives besides the event. */
export interface HandlerContext<Tx = unknown> extends MessageContext {
  /** 1 on the first delivery attempt, 2 on the first retry, … */
  readonly attempt: number;
  /**
   * The idempotency store's transaction (PostgreSQL store): write the effect with it and it commits together with the
   * "processed" mark. undefined without a store or with the in-memory store.
   */
  readonly tx: Tx | undefined;
}

export type SkipReason = 'undecodable' | 'unknown-event-type' | 'schema-mismatch' | 'invalid' | 'handler-error' | 'unhandled' | 'duplicate';

/** Why a message was dead-lettered (the `dlq_reason` header). */
export type DeadLetterReason = 'undecodable' | 'unknown-event-type' | 'schema-mismatch' | 'invalid' | 'handler-error';

/**
 * What happened to one message. 'handled', 'skipped' and 'dead-lettered' commit the offset ('dead-lettered' only once
 * the dead-letter topic acknowledged the copy); 'failed' makes the transport redeliver the message (not committed).
 * `attempts` counts handler attempts (retries + 1) where the handler ran.
 */
export type MessageOutcome =
  | { status: 'handled'; eventType: string; eventId: string; attempts?: number }
  | { status: 'skipped'; reason: SkipReason; eventType?: string; eventId?: string; error?: Error }
  | {
      status: 'dead-lettered';
      reason: DeadLetterReason;
      deadLetterTopic: string;
      eventType?: string;
      eventId?: string;
      error: Error;
      attempts: number;
    }
  | { status: 'failed'; eventType?: string; eventId?: string; error: Error; attempts?: number };

/**
 * Seen by `onOutcome` (never returned by `process`): a failed attempt that will be retried after `delayMs`. With
 * `stage: 'schema-check'` the schema registry could not be asked (the partition waits for it, without attempt limit);
 * without `stage` the handler failed.
 */
export interface RetryingOutcome {
  status: 'retrying';
  stage?: 'schema-check';
  eventType: string;
  eventId: string;
  /** The attempt that failed (1 = the first delivery; with stage 'schema-check', the registry lookup that failed). */
  attempt: number;
  delayMs: number;
  error: Error;
}

export type ObservedOutcome = MessageOutcome | RetryingOutcome;

/**
 * Wraps the per-message pipeline (decode → dispatch → validate → retries/idempotency/handler); the first middleware is
 * outermost.
 */
export type ConsumerMiddleware = (ctx: MessageContext, next: () => Promise<MessageOutcome>) => Promise<MessageOutcome>;

/**
 * 'dead-letter': copy the original message to the dead-letter topic, then commit. 'skip': log a warning and commit
 * (the message is lost to inspection). 'fail': outcome 'failed' (not committed; kafkajs restarts and redelivers).
 */
export type Policy = 'dead-letter' | 'skip' | 'fail';

export type EventHandler<E extends AnyEnvelope, Tx = unknown> = (event: E, ctx: HandlerContext<Tx>) => void | Promise<void>;

/** In-process retries of a failing handler (the partition waits; heartbeats continue). */
export interface RetryPolicy {
  /** Handler attempts in total, the first included; 1 = no retry. @default 5 */
  attempts?: number;
  /** Delay before the first retry. @default 200 */
  initialDelayMs?: number;
  /** Each retry waits `multiplier` times longer than the previous one. @default 2 */
  multiplier?: number;
  /** Cap on one delay. @default 30_000 */
  maxDelayMs?: number;
  /** Random spread of each delay, as a fraction (0.2 = ±20 %), so failing consumers do not retry in step. @default 0.2 */
  jitter?: number;
  /**
   * Whether an error is worth retrying. @default `error.retriable !== false` (a `NonRetriableError`, or any error with
   * `retriable: false` such as kafkajs's own, goes straight to the dead-letter topic).
   */
  retriable?: (error: Error) => boolean;
}

export interface DeadLetterOptions {
  /** The dead-letter topic of a source topic. @default `${topic}.dlq` */
  topic?: (sourceTopic: string) => string;
  /**
   * At start: 'create' a missing dead-letter topic (same partition count as its source), 'check' that it exists, or
   * 'off'. Either way a topic that is missing and cannot be created fails start(). @default 'create'
   */
  ensure?: 'create' | 'check' | 'off';
}

export interface ConsumerOptions<Tx = unknown> {
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
  /** Dead-letter topics (on by default); `false` opts out, and the poison policies then default to 'skip'. */
  deadLetter?: DeadLetterOptions | false;
  /** @default 'dead-letter' ('skip' with deadLetter: false) */
  onUndecodable?: Policy;
  /** @default 'dead-letter' ('skip' with deadLetter: false) */
  onUnknownEventType?: Policy;
  /**
   * Registry subject of each event type (generated consumers pass their descriptors'). With a registry, a framed
   * message whose schema id is not registered under its envelope's event type's subject is poison ('schema-mismatch').
   */
  subjects?: Readonly<Record<string, string>>;
  /**
   * Checks schema ids against `subjects` (`GET /schemas/ids/{id}/versions`, cached per id); `false` or no URL = no
   * check (plain JSON mode). A failed lookup (registry down, timeout, 5xx) is not poison: the partition waits and
   * asks again with `registryBackoff`, without attempt limit, and nothing is dead-lettered.
   * @default env SCHEMA_REGISTRY_URL
   */
  registryUrl?: string | false;
  /**
   * Backoff between schema-id lookups while the registry cannot answer (`attempts` and `retriable` do not apply: an
   * outage is retried until it ends or the consumer stops). @default { initialDelayMs: 200, multiplier: 2, maxDelayMs: 10_000, jitter: 0.2 }
   */
  registryBackoff?: Pick<RetryPolicy, 'initialDelayMs' | 'multiplier' | 'maxDelayMs' | 'jitter'>;
  /** The schema id does not belong to the event type. @default 'dead-letter' ('skip' with deadLetter: false) */
  onSchemaMismatch?: Policy;
  /** Consumer-side validation failed. @default 'dead-letter' ('skip' with deadLetter: false) */
  onInvalid?: Policy;
  /** The handler failed its last attempt (or a non-retriable error). @default 'dead-letter' ('fail' with deadLetter: false) */
  onHandlerError?: Policy;
  /** Retries for every event type; `false` = one attempt. @default {} (5 attempts, 200 ms × 2^n ± 20 %, cap 30 s) */
  retry?: RetryPolicy | false;
  /** Retries per event type, over `retry`. */
  retryByEventType?: Readonly<Record<string, RetryPolicy | false>>;
  /** Processed event ids: a redelivered event is skipped ('duplicate') instead of handled twice. */
  idempotency?: IdempotencyStore<Tx>;
  middleware?: readonly ConsumerMiddleware[];
  /** Called with every outcome, retries included (metrics). Exceptions it throws are logged and ignored. */
  onOutcome?: (outcome: ObservedOutcome, ctx: MessageContext) => void;
  /**
   * Stop gracefully on SIGTERM/SIGINT (finish the in-flight message, commit, leave the group), then let the signal
   * take its default course unless the application listens to it too. `false` for services that own their signals.
   * @default true
   */
  handleSignals?: boolean;
  /** @default false */
  fromBeginning?: boolean;
  /** @default 1 */
  partitionsConsumedConcurrently?: number;
  /** @default consoleLogger */
  logger?: Logger;
}

export interface Consumer<TEvents extends AnyEnvelope = AnyEnvelope, Tx = unknown> {
  on<K extends TEvents['eventType']>(eventType: K, handler: EventHandler<Extract<TEvents, { eventType: K }>, Tx>): Consumer<TEvents, Tx>;
  /** Connects, checks/creates the dead-letter topics, subscribes and runs; resolves once running. */
  start(): Promise<void>;
  /** Stops (the in-flight message finishes and is committed), leaves the group and disconnects. */
  stop(): Promise<void>;
  /** Runs one message through middleware and the pipeline; never throws. */
  process(message: IncomingMessage): Promise<MessageOutcome>;
}
