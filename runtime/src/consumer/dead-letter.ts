import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { IncomingMessage, ProducerPort, RawHeaders, Transport } from '../transport.js';
import { waitWithHeartbeat } from './retry.js';
import type { DeadLetterOptions, DeadLetterReason } from './types.js';

/** The headers a dead letter carries besides the original ones: why and where from. */
export const DLQ_HEADERS = {
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  originalTimestamp: 'dlq_original_timestamp',
  consumerGroup: 'dlq_consumer_group',
  reason: 'dlq_reason',
  errorClass: 'dlq_error_class',
  errorMessage: 'dlq_error_message',
  attempts: 'dlq_attempts',
  firstFailureTime: 'dlq_first_failure_time',
  lastFailureTime: 'dlq_last_failure_time',
  /** Set by `contracts dlq replay` on the republished copy: `<dlq topic>/<partition>/<offset>`. */
  replayedFrom: 'dlq_replayed_from',
} as const;

export const defaultDeadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** Kafka caps header sizes only by the message size; an error message of a few KiB is plenty. */
const MAX_ERROR_MESSAGE = 4096;

export interface DeadLetter {
  message: IncomingMessage;
  group: string;
  reason: DeadLetterReason;
  error: Error;
  attempts: number;
  firstFailure: Date;
  lastFailure: Date;
}

/** The original headers (bytes unchanged), then the why-headers (replacing those of an earlier dead-lettering). */
export function deadLetterHeaders(d: DeadLetter): RawHeaders {
  const original: RawHeaders = d.message.rawHeaders ? { ...d.message.rawHeaders } : { ...d.message.headers };
  const m = d.message;
  return {
    ...original,
    [DLQ_HEADERS.originalTopic]: m.topic,
    [DLQ_HEADERS.originalPartition]: String(m.partition),
    [DLQ_HEADERS.originalOffset]: m.offset,
    [DLQ_HEADERS.originalTimestamp]: m.timestamp,
    [DLQ_HEADERS.consumerGroup]: d.group,
    [DLQ_HEADERS.reason]: d.reason,
    [DLQ_HEADERS.errorClass]: d.error.name || d.error.constructor?.name || 'Error',
    [DLQ_HEADERS.errorMessage]: d.error.message.slice(0, MAX_ERROR_MESSAGE),
    [DLQ_HEADERS.attempts]: String(d.attempts),
    [DLQ_HEADERS.firstFailureTime]: d.firstFailure.toISOString(),
    [DLQ_HEADERS.lastFailureTime]: d.lastFailure.toISOString(),
  };
}

export interface DeadLetterWriter {
  topicFor(sourceTopic: string): string;
  /**
   * Writes the copy and resolves once the broker acknowledged it; retries (heartbeating) until then. Resolves false
   * when `signal` aborts first: the message must then stay uncommitted.
   */
  write(d: DeadLetter, signal: AbortSignal, heartbeat: (() => Promise<void>) | undefined): Promise<boolean>;
  /** Fails fast at start when a dead-letter topic is missing and cannot be created. */
  ensureTopics(sourceTopics: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export function createDeadLetterWriter(options: DeadLetterOptions, transport: () => Transport, logger: Logger): DeadLetterWriter {
  const topicFor = options.topic ?? defaultDeadLetterTopic;
  let producer: Promise<ProducerPort> | undefined;

  function connected(): Promise<ProducerPort> {
    if (!producer) {
      const port = transport().producer();
      producer = port.connect().then(
        () => port,
        (error: unknown) => {
          producer = undefined;
          throw error;
        },
      );
    }
    return producer;
  }

  async function write(d: DeadLetter, signal: AbortSignal, heartbeat: (() => Promise<void>) | undefined): Promise<boolean> {
    const topic = topicFor(d.message.topic);
    // A tombstone's copy keeps its null value (kafkajs sends null as is; the port's type speaks of events only).
    const message = { key: d.message.key, value: d.message.value as Buffer, headers: deadLetterHeaders(d) };
    for (let attempt = 1; ; attempt++) {
      try {
        const port = await connected();
        await port.send({ batches: [{ topic, messages: [message] }], compression: 'none' });
        return true;
      } catch (error) {
        const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt - 1, 6));
        logger.error(
          `Writing the dead letter of ${d.message.topic}[${d.message.partition}]@${d.message.offset} to ${topic} failed ` +
            `(attempt ${attempt}; next in ${delay} ms); the partition waits: ${(error as Error).message}`,
          { topic, error },
        );
        if (!(await waitWithHeartbeat(delay, signal, heartbeat))) return false;
      }
    }
  }

  /** A new source topic may not be in every broker's metadata yet: transient errors get two more tries. */
  async function ensureTopics(sourceTopics: readonly string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await ensureOnce(sourceTopics);
      } catch (error) {
        if (error instanceof ConfigurationError || attempt >= 3 || (error as { retriable?: unknown }).retriable === false) throw error;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  async function ensureOnce(sourceTopics: readonly string[]): Promise<void> {
    const ensure = options.ensure ?? 'create';
    if (ensure === 'off') return;
    const t = transport();
    if (!t.admin) {
      logger.warn('The transport has no admin client: dead-letter topics were not checked at start.');
      return;
    }
    const wanted = [...new Set(sourceTopics.map(topicFor))];
    const admin = t.admin();
    await admin.connect();
    try {
      if (!admin.describeTopics) return;
      const states = await admin.describeTopics([...wanted, ...sourceTopics], []);
      const have = new Map(states.map((s) => [s.topic, s]));
      const missing = wanted.filter((dlq) => !have.has(dlq));
      if (missing.length === 0) return;
      const fix = 'Create it with `contracts topics apply --brokers …`, grant the consumer CreateTopics, or choose another deadLetter.topic.';
      if (ensure === 'check') throw new ConfigurationError(`Dead-letter topic ${missing.join(', ')} does not exist. ${fix}`);
      const specs = missing.map((dlq) => {
        const source = sourceTopics.find((s) => topicFor(s) === dlq);
        const partitions = source === undefined ? undefined : have.get(source)?.partitions;
        return partitions ? { topic: dlq, numPartitions: partitions } : { topic: dlq };
      });
      try {
        await admin.createTopics({ topics: specs });
      } catch (error) {
        throw new ConfigurationError(`Dead-letter topic ${missing.join(', ')} does not exist and could not be created (${(error as Error).message}). ${fix}`);
      }
      logger.warn(`Created dead-letter topic ${missing.join(', ')} (broker defaults; \`contracts topics apply\` sets retention).`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async function close(): Promise<void> {
    const p = producer;
    producer = undefined;
    const port = await p?.catch(() => undefined);
    await port?.disconnect();
  }

  return { topicFor, write, ensureTopics, close };
}
