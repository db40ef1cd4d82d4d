import type { AnyEventDescriptor, EventDescriptor } from './descriptor.js';
import { DEFAULT_MAX_EVENT_BYTES, finishEvent, serializeFor, type EncodedEvent, type PublishOptions, type SerializedEvent } from './encode.js';
import type { AnyEnvelope, Envelope } from './envelope.js';
import { readKafkaEnv, requireRegistryUrl, requireSource } from './env.js';
import { ConfigurationError, EmitOverflowError, EventContractsError, UnknownSchemaIdError } from './errors.js';
import type { UnknownSchemaPolicy } from './framing.js';
import { createKafkaTransport } from './kafkajs-transport.js';
import { startSendSpans } from './trace.js';
import { onShutdownSignal } from './lifecycle/signals.js';
import { consoleLogger, type Logger } from './logger.js';
import { createSchemaIdResolver } from './schema-ids.js';
import { ValidationError } from './validation.js';
import type { Compression, OutgoingMessage, ProducerPort, Transport } from './transport.js';

export interface PublisherOptions {
  /** @default a kafkajs transport from `brokers` / KAFKA_BROKERS (owned: disconnect() closes it) */
  transport?: Transport;
  /** @default env KAFKA_BROKERS */
  brokers?: string[];
  /** @default env KAFKA_CLIENT_ID */
  clientId?: string;
  /** envelope.source. @default clientId, then env KAFKA_CLIENT_ID */
  source?: string;
  /** Schema ids by subject; they win over the registry. */
  schemaIds?: Readonly<Record<string, number>>;
  /**
   * @default env SCHEMA_REGISTRY_URL. Required (ConfigurationError at creation) unless `schemaIds` are given or
   * `frameUnknownSchema: 'send-unframed'` chooses plain JSON explicitly.
   */
  registryUrl?: string;
  /** @default 5000 */
  registryTimeoutMs?: number;
  /** Limit on the (framed) value size. @default 1_000_000 */
  maxEventBytes?: number;
  /** @default 'gzip' */
  compression?: Compression;
  /**
   * What to do with an event whose subject has no known schema id: 'refuse' (UnknownSchemaIdError) or
   * 'send-unframed' (plain JSON; also the explicit choice that lets a publisher run without a registry).
   * @default 'refuse'
   */
  frameUnknownSchema?: UnknownSchemaPolicy;
  /** @default consoleLogger */
  logger?: Logger;
  /** Called for every emit() failure, after logger.error. Exceptions it throws are swallowed. */
  onError?: (error: Error, context: { eventType: string; eventId?: string }) => void;
  /** emit() sends the events queued within this window as one batch. @default 0 (the current tick) */
  emitLingerMs?: number;
  /** emit() sends early once this many events are queued. @default 1000 */
  emitMaxBatch?: number;
  /** …or once the queued JSON reaches this many characters (keeps a send under the broker's request limits). @default 524288 */
  emitMaxBatchBytes?: number;
  /**
   * emit() accepts at most this many events not yet acknowledged by the broker (queued or in flight). Overflow policy:
   * the new event is dropped and reported (EmitOverflowError to logger.error and onError); accepted events are never
   * dropped. Use publish() for back-pressure. @default 10_000
   */
  emitMaxPending?: number;
  /**
   * On SIGTERM/SIGINT, flush what emit() accepted and disconnect (after the consumers of this process stopped), then
   * let the signal take its default course unless the application listens to it. `false` to own your signals.
   * @default true
   */
  handleSignals?: boolean;
}

export interface BatchItem<TType extends string = string, TData = unknown> {
  def: EventDescriptor<TType, TData>;
  data: TData;
  options?: PublishOptions;
}

export interface Publisher {
  /** Resolves with the envelope once the broker acknowledged the event. */
  publish<TType extends string, TData>(def: EventDescriptor<TType, TData>, data: TData, options?: PublishOptions): Promise<Envelope<TData, TType>>;
  /**
   * Fire-and-forget: validates and serialises now (a snapshot of `data`), sends with the other events of this tick in
   * one request; never throws, never waits. Failures go to logger.error, then onError.
   */
  emit<TType extends string, TData>(def: EventDescriptor<TType, TData>, data: TData, options?: PublishOptions): void;
  /** One send for many events, grouped per topic (order kept per topic). All items are encoded before anything is sent. */
  publishBatch(items: readonly BatchItem<string, any>[]): Promise<AnyEnvelope[]>;
  /** Validates, serialises and frames an event without sending it (what the transactional outbox stores). */
  encode<TType extends string, TData>(def: EventDescriptor<TType, TData>, data: TData, options?: PublishOptions): Promise<EncodedEvent<TData, TType>>;
  /** Sends queued emits and waits for every in-flight send. */
  flush(): Promise<void>;
  /** flush(), then disconnects the producer. */
  disconnect(): Promise<void>;
}

function groupByTopic(encoded: readonly EncodedEvent[]): { topic: string; messages: OutgoingMessage[] }[] {
  // The common case, one topic: one array, no Map.
  const first = encoded[0]!.topic;
  let single = true;
  for (let i = 1; i < encoded.length; i++) {
    if (encoded[i]!.topic !== first) {
      single = false;
      break;
    }
  }
  if (single) {
    const messages = new Array<OutgoingMessage>(encoded.length);
    for (let i = 0; i < encoded.length; i++) messages[i] = encoded[i]!.message;
    return [{ topic: first, messages }];
  }
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const e of encoded) {
    const list = byTopic.get(e.topic);
    if (list) list.push(e.message);
    else byTopic.set(e.topic, [e.message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

export function createPublisher(options: PublisherOptions = {}): Publisher {
  const env = readKafkaEnv();
  const logger = options.logger ?? consoleLogger;
  const source = requireSource(options.source ?? options.clientId);
  const registryUrl = requireRegistryUrl(options);
  const policy: UnknownSchemaPolicy = options.frameUnknownSchema ?? 'refuse';
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const compression = options.compression ?? 'gzip';
  const lingerMs = options.emitLingerMs ?? 0;
  const emitMaxBatch = options.emitMaxBatch ?? 1000;
  const emitMaxBatchBytes = options.emitMaxBatchBytes ?? 512 * 1024;
  const emitMaxPending = options.emitMaxPending ?? 10_000;
  let pending = 0; // emitted, not yet acknowledged or failed
  let unregisterSignals: (() => void) | undefined;
  for (const [subject, id] of Object.entries(options.schemaIds ?? {})) {
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
      throw new ConfigurationError(`schemaIds["${subject}"] is ${String(id)}: a schema id is an integer in 0..2147483647.`);
    }
  }
  const transport =
    options.transport ??
    createKafkaTransport({
      ...(options.brokers ? { brokers: options.brokers } : {}),
      clientId: options.clientId ?? env.clientId ?? source,
      logger,
    });
  const resolver = createSchemaIdResolver({
    ...(options.schemaIds ? { schemaIds: options.schemaIds } : {}),
    ...(registryUrl ? { registryUrl } : {}),
    ...(options.registryTimeoutMs === undefined ? {} : { timeoutMs: options.registryTimeoutMs }),
  });

  let producer: Promise<ProducerPort> | undefined;
  let closed = false;
  const inFlight = new Set<Promise<unknown>>();
  /** emit() snapshots the event (validated, serialised) at call time; ids, framing and the send come later. */
  let queue: { def: AnyEventDescriptor; serialized: SerializedEvent }[] = [];
  let queuedBytes = 0;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let emitChain: Promise<void> = Promise.resolve();

  function connectedProducer(): Promise<ProducerPort> {
    if (!producer) {
      if (options.handleSignals !== false && !unregisterSignals) {
        unregisterSignals = onShutdownSignal('publishers', () => publisher.disconnect());
      }
      const port = transport.producer();
      producer = port.connect().then(
        () => port,
        (error: unknown) => {
          producer = undefined; // the next send tries again
          throw error;
        },
      );
    }
    return producer;
  }

  async function schemaIdFor(def: AnyEventDescriptor): Promise<number | undefined> {
    const cached = resolver.peek(def.subject);
    if (cached !== undefined) return cached;
    const id = await resolver.resolve(def);
    if (id === undefined && policy === 'refuse') {
      const how = !registryUrl
        ? 'it is not in schemaIds and no registry is configured (SCHEMA_REGISTRY_URL)'
        : !def.registeredSchema
          ? 'it is not in schemaIds and the descriptor carries no registeredSchema to look up'
          : `the registry at ${registryUrl} has no such schema under this subject`;
      throw new UnknownSchemaIdError(def.eventType, def.subject, how);
    }
    return id;
  }

  async function encode(item: BatchItem<string, any>): Promise<EncodedEvent> {
    const serialized: SerializedEvent = serializeFor(item.def, item.data, item.options, source);
    return finishEvent(serialized, await schemaIdFor(item.def), maxEventBytes);
  }

  /** Schema ids for the items' subjects; a subject that fails under the policy maps to its error. */
  async function idsFor(items: readonly { def: AnyEventDescriptor }[]): Promise<Map<string, number | undefined | Error>> {
    const ids = new Map<string, number | undefined | Error>();
    for (const item of items) {
      const id = resolver.peek(item.def.subject);
      if (id !== undefined) ids.set(item.def.subject, id);
    }
    for (const item of items) {
      if (ids.has(item.def.subject)) continue;
      try {
        ids.set(item.def.subject, await schemaIdFor(item.def));
      } catch (error) {
        ids.set(item.def.subject, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return ids;
  }

  async function send(encoded: readonly EncodedEvent[]): Promise<void> {
    if (encoded.length === 0) return;
    const p = (async () => {
      const port = await connectedProducer();
      const spans = startSendSpans(encoded); // OpenTelemetry PRODUCER spans (their context becomes the traceparent)
      try {
        await port.send({ batches: groupByTopic(encoded), compression });
      } catch (error) {
        spans?.end(error);
        throw error;
      }
      spans?.end();
    })();
    inFlight.add(p);
    try {
      await p;
    } finally {
      inFlight.delete(p);
    }
  }

  function assertOpen(): void {
    if (closed) throw new EventContractsError('CLOSED', 'The publisher is disconnected: create a new one to publish again.');
  }

  function report(error: unknown, eventType: string, eventId?: string): void {
    const err = error instanceof Error ? error : new Error(String(error));
    try {
      logger.error(`emit of ${eventType} failed: ${err.message}`, { eventType, eventId, error: err });
    } catch {
      // a throwing logger must not break emit()
    }
    try {
      options.onError?.(err, eventId === undefined ? { eventType } : { eventType, eventId });
    } catch {
      // nor a throwing hook
    }
  }

  async function sendQueued(items: { def: AnyEventDescriptor; serialized: SerializedEvent }[]): Promise<void> {
    const ids = await idsFor(items);
    const encoded: EncodedEvent[] = [];
    for (const { def, serialized } of items) {
      try {
        const id = ids.get(def.subject);
        if (id instanceof Error) throw id;
        encoded.push(finishEvent(serialized, id, maxEventBytes));
      } catch (error) {
        report(error, serialized.eventType, serialized.envelope.eventId);
      }
    }
    try {
      await send(encoded);
    } catch (error) {
      for (const e of encoded) report(error, e.envelope.eventType, e.envelope.eventId);
    }
  }

  function drainQueue(): Promise<void> {
    if (timer !== undefined) {
      if (lingerMs > 0) clearTimeout(timer as NodeJS.Timeout);
      else clearImmediate(timer as NodeJS.Immediate);
      timer = undefined;
    }
    const items = queue;
    queue = [];
    queuedBytes = 0;
    if (items.length === 0) return emitChain;
    // Queued batches go out strictly one after another: emit order is send order.
    const p = emitChain.then(() => sendQueued(items)).finally(() => (pending -= items.length));
    emitChain = p;
    inFlight.add(p);
    return p.finally(() => inFlight.delete(p));
  }

  const publisher: Publisher = {
    async publish(def, data, opts) {
      assertOpen();
      const encoded = await encode({ def, data, ...(opts ? { options: opts } : {}) });
      await send([encoded]);
      return encoded.envelope as Envelope<typeof data, typeof def.eventType>;
    },

    emit(def, data, opts) {
      try {
        assertOpen();
        if (pending >= emitMaxPending) throw new EmitOverflowError(emitMaxPending);
        // Serialised now: later changes to `data` by the caller do not change the event.
        const serialized: SerializedEvent = serializeFor(def, data, opts, source);
        queue.push({ def, serialized });
        pending++;
        queuedBytes += serialized.json.length;
        if (queue.length >= emitMaxBatch || queuedBytes >= emitMaxBatchBytes) void drainQueue();
        else if (timer === undefined) {
          timer = lingerMs > 0 ? setTimeout(() => void drainQueue(), lingerMs) : setImmediate(() => void drainQueue());
        }
      } catch (error) {
        report(error, def?.eventType ?? 'unknown event', opts?.eventId);
      }
    },

    async publishBatch(items) {
      assertOpen();
      // Validate everything first (no registry call for a batch that cannot go out), then resolve ids, then frame.
      const n = items.length;
      const serialized = new Array<SerializedEvent>(n);
      for (let i = 0; i < n; i++) {
        const item = items[i]!;
        try {
          serialized[i] = serializeFor(item.def, item.data, item.options, source);
        } catch (error) {
          // Say which item: the caller's list is the only place the failing event can be found.
          if (error instanceof ValidationError) throw new ValidationError(error.eventType, error.side, error.issues, 'data', i);
          throw error;
        }
      }
      // Ids: one lookup per subject (consecutive items usually share it), no intermediate arrays.
      let ids: Map<string, number | undefined | Error> | undefined;
      const encoded = new Array<EncodedEvent>(n);
      const envelopes = new Array<AnyEnvelope>(n);
      let lastSubject: string | undefined;
      let lastId: number | undefined | Error;
      for (let i = 0; i < n; i++) {
        const subject = items[i]!.def.subject;
        if (subject !== lastSubject) {
          lastSubject = subject;
          lastId = resolver.peek(subject);
          if (lastId === undefined) {
            ids ??= await idsFor(items);
            lastId = ids.get(subject);
          }
        }
        if (lastId instanceof Error) throw lastId;
        const e = finishEvent(serialized[i]!, lastId, maxEventBytes);
        encoded[i] = e;
        envelopes[i] = e.envelope;
      }
      await send(encoded);
      return envelopes;
    },

    async encode(def, data, opts) {
      const encoded = await encode({ def, data, ...(opts ? { options: opts } : {}) });
      return encoded as EncodedEvent<typeof data, typeof def.eventType>;
    },

    async flush() {
      await drainQueue();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    async disconnect() {
      if (closed) return;
      unregisterSignals?.();
      unregisterSignals = undefined;
      await publisher.flush();
      closed = true;
      if (producer) {
        const port = await producer.catch(() => undefined);
        producer = undefined;
        await port?.disconnect();
      }
    },
  };
  return publisher;
}
