import type { AnyEnvelope } from './envelope.js';
import { readKafkaEnv, requireGroupId } from './env.js';
import type { IdempotencyStore } from './idempotency/store.js';
import { MEMORY_FAST_PATH, type MemoryFastPath, type MemoryGroupIds } from './idempotency/memory.js';
import { createKafkaTransport } from './kafkajs-transport.js';
import { onShutdownSignal } from './lifecycle/signals.js';
import { consoleLogger } from './logger.js';
import { otelLoaded, runInTrace } from './trace.js';
import type { ConsumerPort, IncomingMessage, MessageSession, Transport } from './transport.js';
import { ValidationError, type Validator } from './validation.js';
import { MutableContext } from './consumer/context.js';
import { decodeInto } from './consumer/decode.js';
import { askUntilAnswered, createSchemaIdCheck, type SchemaIdCheck } from './consumer/schema-check.js';
import { createDeadLetterWriter, type DeadLetterWriter } from './consumer/dead-letter.js';
import { resolvePolicies } from './consumer/policies.js';
import { backoffDelay, resolveRetry, waitWithHeartbeat, type ResolvedRetry } from './consumer/retry.js';
import type {
  Consumer,
  ConsumerOptions,
  DeadLetterReason,
  EventHandler,
  MessageContext,
  MessageOutcome,
  ObservedOutcome,
  Policy,
  SkipReason,
} from './consumer/types.js';

export type * from './consumer/types.js';
export { decodeEvent } from './consumer/decode.js';

/** What one event type dispatches to (one Map lookup per message). */
interface Route {
  handler: EventHandler<AnyEnvelope> | undefined;
  validate: Validator<unknown> | undefined;
}

const RESOLVED: Promise<void> = Promise.resolve();

const isThenable = (x: unknown): x is PromiseLike<unknown> => typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
const toError = (x: unknown): Error => (x instanceof Error ? x : new Error(String(x)));

export function createConsumer<TEvents extends AnyEnvelope = AnyEnvelope, Tx = unknown>(options: ConsumerOptions<Tx>): Consumer<TEvents, Tx> {
  const logger = options.logger ?? consoleLogger;
  const groupId = requireGroupId(options.groupId);
  // A Map, not the object: an eventType such as "constructor" must not find an inherited property.
  const validators = new Map<string, Validator<unknown>>(Object.entries(options.validators ?? {}));
  const handlers = new Map<string, EventHandler<AnyEnvelope>>();
  const routes = new Map<string, Route>();
  for (const [eventType, validate] of validators) routes.set(eventType, { handler: undefined, validate });
  const middleware = options.middleware ?? [];
  const { dlqOn, onUndecodable, onUnknownEventType, onInvalid, onSchemaMismatch, onHandlerError, retryDefault, retryByType } = resolvePolicies(options);
  const subjects = new Map<string, string>(Object.entries(options.subjects ?? {}));
  const registryUrl = options.registryUrl === false ? undefined : (options.registryUrl ?? readKafkaEnv().registryUrl);
  const schemaCheck: SchemaIdCheck | undefined = registryUrl && subjects.size > 0 ? createSchemaIdCheck({ registryUrl }) : undefined;
  const registryBackoff = resolveRetry({ maxDelayMs: 10_000, ...options.registryBackoff, attempts: 1 }, 'registryBackoff');
  const store = options.idempotency as IdempotencyStore<unknown> | undefined;
  // The memory store's synchronous path, bound to this group once (no key object or promise per message).
  const memory: MemoryGroupIds | undefined = (store as { [MEMORY_FAST_PATH]?: MemoryFastPath } | undefined)?.[MEMORY_FAST_PATH]?.forGroup(groupId);
  const ownsTransport = options.transport === undefined;
  let transport = options.transport;
  const transportNow = (): Transport =>
    (transport ??= createKafkaTransport({
      ...(options.brokers ? { brokers: options.brokers } : {}),
      clientId: options.clientId ?? readKafkaEnv().clientId ?? groupId,
      logger,
    }));
  const dlq: DeadLetterWriter | undefined = dlqOn
    ? createDeadLetterWriter(options.deadLetter === false ? {} : (options.deadLetter ?? {}), transportNow, logger)
    : undefined;
  let port: ConsumerPort | undefined;
  let stopping = new AbortController();
  let unregisterSignals: (() => void) | undefined;

  const where = (ctx: MessageContext): string => `${ctx.topic}[${ctx.partition}]@${ctx.offset}`;
  /** The log fields of a retry (of the handler, or of the schema-id lookup). */
  const retryFields = (ctx: MessageContext, ids: { eventType: string; eventId: string }, attempt: number, delayMs: number, error: Error) => ({
    topic: ctx.topic,
    partition: ctx.partition,
    offset: ctx.offset,
    eventType: ids.eventType,
    eventId: ids.eventId,
    attempt,
    delayMs,
    error,
  });
  const idsOf = (envelope?: AnyEnvelope): { eventType?: string; eventId?: string } =>
    envelope ? { eventType: envelope.eventType, eventId: envelope.eventId } : {};

  function observe(outcome: ObservedOutcome, ctx: MessageContext): void {
    if (!options.onOutcome) return;
    try {
      options.onOutcome(outcome, ctx);
    } catch (error) {
      logger.error(`onOutcome hook threw: ${(error as Error).message}`);
    }
  }

  /** The 'skip' and 'fail' policies. */
  function apply(p: Policy, ctx: MessageContext, reason: DeadLetterReason, error: Error, envelope?: AnyEnvelope, attempts?: number): MessageOutcome {
    const ids = idsOf(envelope);
    const fields = { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset, reason, ...ids, error };
    if (p === 'skip') {
      if (reason === 'handler-error') logger.error(`Handler failed for ${where(ctx)}; skipped (onHandlerError: 'skip'): ${error.message}`, fields);
      else logger.warn(`Skipped message ${where(ctx)} (${reason}): ${error.message}`, fields);
      return { status: 'skipped', reason: reason satisfies SkipReason, ...ids, error };
    }
    logger.error(`Message ${where(ctx)} failed (${reason}); it will be redelivered: ${error.message}`, fields);
    return attempts === undefined ? { status: 'failed', ...ids, error } : { status: 'failed', ...ids, error, attempts };
  }

  /** A message that will not be handled: to the dead-letter topic (committed once acknowledged), or the policy. */
  function reject(
    p: Policy,
    ctx: MutableContext,
    reason: DeadLetterReason,
    error: Error,
    envelope?: AnyEnvelope,
    attempts = 0,
    firstFailure?: Date,
  ): MessageOutcome | Promise<MessageOutcome> {
    if (p !== 'dead-letter' || dlq === undefined) return apply(p, ctx, reason, error, envelope, attempts || undefined);
    const now = new Date();
    const letter = { message: ctx.message, group: groupId, reason, error, attempts, firstFailure: firstFailure ?? now, lastFailure: now };
    const ids = idsOf(envelope);
    return dlq.write(letter, stopping.signal, ctx.session?.heartbeat).then((written): MessageOutcome => {
      if (!written) return { status: 'failed', ...ids, error, attempts };
      const deadLetterTopic = dlq.topicFor(ctx.topic);
      logger.warn(`Dead-lettered ${where(ctx)} to ${deadLetterTopic} (${reason}, ${attempts} attempt(s)): ${error.message}`, {
        topic: ctx.topic,
        partition: ctx.partition,
        offset: ctx.offset,
        deadLetterTopic,
        reason,
        attempts,
        ...ids,
        error,
      });
      return { status: 'dead-lettered', reason, deadLetterTopic, ...ids, error, attempts };
    });
  }

  const invoke = (handler: EventHandler<AnyEnvelope>, envelope: AnyEnvelope, ctx: MutableContext): unknown =>
    runInTrace(ctx.traceparent, ctx.headers, () => handler(envelope, ctx), otelLoaded ? ctx.spanInfo(envelope, groupId) : undefined);

  /** Attempts after a failure (and every attempt with an idempotency store): backoff, heartbeats, dead letter. */
  async function attempts(
    ctx: MutableContext,
    envelope: AnyEnvelope,
    handler: EventHandler<AnyEnvelope>,
    retry: ResolvedRetry,
    failed: Error | undefined,
  ): Promise<MessageOutcome> {
    const { eventType, eventId } = envelope;
    let error = failed;
    let firstFailure: Date | undefined;
    for (let attempt = 1; ; attempt++) {
      if (error === undefined) {
        ctx.attempt = attempt;
        try {
          if (store === undefined) await invoke(handler, envelope, ctx);
          else {
            const result = await store.runOnce({ group: groupId, eventId }, async (tx) => {
              ctx.tx = tx;
              try {
                await invoke(handler, envelope, ctx);
              } finally {
                ctx.tx = undefined;
              }
            });
            if (result === 'duplicate') return { status: 'skipped', reason: 'duplicate', eventType, eventId };
          }
          return { status: 'handled', eventType, eventId, attempts: attempt };
        } catch (thrown) {
          error = toError(thrown);
        }
      }
      firstFailure ??= new Date();
      if (attempt >= retry.attempts || !retry.retriable(error)) {
        return reject(onHandlerError, ctx, 'handler-error', error, envelope, attempt, firstFailure);
      }
      const delayMs = backoffDelay(retry, attempt);
      observe({ status: 'retrying', eventType, eventId, attempt, delayMs, error }, ctx);
      logger.warn(
        `Handler failed for ${where(ctx)} (attempt ${attempt} of ${retry.attempts}); retry in ${delayMs} ms: ${error.message}`,
        retryFields(ctx, envelope, attempt, delayMs, error),
      );
      if (!(await waitWithHeartbeat(delayMs, stopping.signal, ctx.session?.heartbeat))) {
        return { status: 'failed', eventType, eventId, error, attempts: attempt };
      }
      error = undefined;
    }
  }

  /** The handler, once, synchronously when it is synchronous and succeeds (the common case costs no extra ticks). */
  function deliver(ctx: MutableContext, envelope: AnyEnvelope, handler: EventHandler<AnyEnvelope>): MessageOutcome | Promise<MessageOutcome> {
    const retry = retryByType.get(envelope.eventType) ?? retryDefault;
    // The memory store's first attempt runs synchronously like no store at all (its id reserved meanwhile).
    const eventId = envelope.eventId;
    if (memory !== undefined) {
      const state = memory.begin(eventId);
      if (state === 'duplicate') return { status: 'skipped', reason: 'duplicate', eventType: envelope.eventType, eventId };
      if (state === 'busy') return attempts(ctx, envelope, handler, retry, undefined);
    } else if (store !== undefined) return attempts(ctx, envelope, handler, retry, undefined);
    const handled: MessageOutcome = { status: 'handled', eventType: envelope.eventType, eventId, attempts: 1 };
    const ok = (): MessageOutcome => {
      memory?.finish(eventId, true);
      return handled;
    };
    const retryAfter = (error: unknown): Promise<MessageOutcome> => {
      memory?.finish(eventId, false);
      return attempts(ctx, envelope, handler, retry, toError(error));
    };
    let result: unknown;
    try {
      result = invoke(handler, envelope, ctx);
    } catch (error) {
      return retryAfter(error);
    }
    if (!isThenable(result)) return ok();
    return Promise.resolve(result).then(ok, retryAfter);
  }

  /** decode → dispatch → validate → deliver. */
  function core(ctx: MutableContext): MessageOutcome | Promise<MessageOutcome> {
    let envelope: AnyEnvelope;
    try {
      envelope = decodeInto(ctx.message.value, ctx);
    } catch (error) {
      return reject(onUndecodable, ctx, 'undecodable', error as Error);
    }
    const eventType = envelope.eventType;
    const route = routes.get(eventType);
    const handler = route?.handler;
    const validate = route?.validate;
    if (handler === undefined) {
      if (validate === undefined) {
        const known = [...new Set([...handlers.keys(), ...validators.keys()])].sort().join(', ') || 'none';
        const error = new Error(`No handler or validator for event type "${eventType}" (known: ${known}).`);
        return reject(onUnknownEventType, ctx, 'unknown-event-type', error, envelope);
      }
      logger.debug?.(`No handler for ${eventType}; skipped ${where(ctx)}.`);
      return { status: 'skipped', reason: 'unhandled', eventType, eventId: envelope.eventId };
    }
    const subject = schemaCheck !== undefined && ctx.schemaId !== undefined ? subjects.get(eventType) : undefined;
    if (subject !== undefined) {
      const belongs = schemaCheck!.belongs(ctx.schemaId!, subject);
      if (belongs !== true) {
        return typeof belongs === 'boolean'
          ? mismatch(ctx, envelope, subject)
          : belongs.then(
              (ok) => (ok ? validateAndDeliver(ctx, envelope, handler, validate) : mismatch(ctx, envelope, subject)),
              (error: unknown) => lookupFailed(ctx, envelope, subject, toError(error), handler, validate),
            );
      }
    }
    return validateAndDeliver(ctx, envelope, handler, validate);
  }

  function validateAndDeliver(
    ctx: MutableContext,
    envelope: AnyEnvelope,
    handler: EventHandler<AnyEnvelope>,
    validate: Validator<unknown> | undefined,
  ): MessageOutcome | Promise<MessageOutcome> {
    if (validate !== undefined && !validate(envelope.data)) {
      return reject(onInvalid, ctx, 'invalid', new ValidationError(envelope.eventType, 'consumer', validate.errors ?? []), envelope);
    }
    return deliver(ctx, envelope, handler);
  }

  function mismatch(ctx: MutableContext, envelope: AnyEnvelope, subject: string): MessageOutcome | Promise<MessageOutcome> {
    const error = new Error(
      `Schema id ${ctx.schemaId} is not registered under subject "${subject}" of event type "${envelope.eventType}": the frame and the envelope disagree.`,
    );
    return reject(onSchemaMismatch, ctx, 'schema-mismatch', error, envelope);
  }

  /** The registry could not say: not poison. The partition waits and asks again, with backoff, until it answers. */
  async function lookupFailed(
    ctx: MutableContext,
    envelope: AnyEnvelope,
    subject: string,
    error: Error,
    handler: EventHandler<AnyEnvelope>,
    validate: Validator<unknown> | undefined,
  ): Promise<MessageOutcome> {
    const { eventType, eventId } = envelope;
    const answer = await askUntilAnswered(schemaCheck!, ctx.schemaId!, subject, error, {
      backoff: registryBackoff,
      signal: stopping.signal,
      heartbeat: ctx.session?.heartbeat,
      onLookupFailed: (err, attempt, delayMs) => {
        observe({ status: 'retrying', stage: 'schema-check', eventType, eventId, attempt, delayMs, error: err }, ctx);
        logger.error(
          `Schema id check for ${where(ctx)} failed (lookup ${attempt}); the partition waits ${delayMs} ms and asks again: ${err.message}`,
          retryFields(ctx, envelope, attempt, delayMs, err),
        );
      },
    });
    if (answer === undefined) return { status: 'failed', eventType, eventId, error }; // stopping: left uncommitted
    return answer ? validateAndDeliver(ctx, envelope, handler, validate) : mismatch(ctx, envelope, subject);
  }

  async function chain(ctx: MutableContext, index: number): Promise<MessageOutcome> {
    const mw = middleware[index];
    if (mw === undefined) return core(ctx);
    return mw(ctx, () => chain(ctx, index + 1));
  }

  function settle(outcome: MessageOutcome, ctx: MutableContext): MessageOutcome {
    observe(outcome, ctx);
    return outcome;
  }

  function crashed(error: unknown, ctx: MutableContext): MessageOutcome {
    const err = toError(error);
    logger.error(`Consumer middleware failed for ${where(ctx)}: ${err.message}`, { error: err });
    return settle({ status: 'failed', error: err }, ctx);
  }

  /** The whole per-message path; synchronous (no promise, no closure) when there is no middleware and the handler is. */
  function run(message: IncomingMessage, session?: MessageSession): MessageOutcome | Promise<MessageOutcome> {
    const ctx = new MutableContext(message, session);
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
  function eachMessage(message: IncomingMessage, session?: MessageSession): Promise<void> {
    const result = run(message, session);
    if (result instanceof Promise) return result.then(failOnFailed);
    return result.status === 'failed' ? Promise.reject(result.error) : RESOLVED;
  }

  const consumer: Consumer<TEvents, Tx> = {
    on(eventType, handler) {
      const h = handler as unknown as EventHandler<AnyEnvelope>;
      handlers.set(eventType, h);
      routes.set(eventType, { handler: h, validate: validators.get(eventType) });
      return consumer;
    },
    process,
    async start() {
      if (port) throw new Error('The consumer is already started.');
      stopping = new AbortController();
      const p = transportNow().consumer(groupId);
      port = p;
      try {
        await dlq?.ensureTopics(options.topics);
        await p.connect();
        await p.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
        await p.run({
          ...(options.partitionsConsumedConcurrently === undefined ? {} : { partitionsConsumedConcurrently: options.partitionsConsumedConcurrently }),
          eachMessage,
        });
      } catch (error) {
        port = undefined;
        await p.disconnect().catch(() => undefined);
        throw error;
      }
      if (options.handleSignals !== false) unregisterSignals = onShutdownSignal('consumers', () => consumer.stop());
    },
    async stop() {
      const p = port;
      port = undefined;
      unregisterSignals?.();
      unregisterSignals = undefined;
      if (!p) return;
      stopping.abort(); // a message waiting for its next retry is left uncommitted (redelivered), not dead-lettered
      await p.stop();
      await p.disconnect();
      await dlq?.close();
      if (ownsTransport) transport = undefined;
    },
  };
  return consumer;
}
