// The only file that imports kafkajs: everything else speaks the Transport interfaces.
import kafkajs from 'kafkajs';
import type { IHeaders, ISocketFactory, KafkaConfig, KafkaMessage, LogEntry, Message, ProducerConfig, ConsumerConfig } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import { readKafkaEnv, requireBrokers } from './env.js';
import { ConfigurationError } from './errors.js';
import { consoleLogger, type Logger } from './logger.js';
import type { AdminPort, Compression, ConsumerPort, IncomingMessage, ProducerPort, RawHeaders, TopicState, Transport } from './transport.js';

const { Kafka, CompressionTypes, Partitioners, logLevel, ConfigResourceTypes } = kafkajs;

export interface KafkaTransportOptions {
  /** @default env KAFKA_BROKERS */
  brokers?: string[];
  /** @default env KAFKA_CLIENT_ID, then 'event-contracts' */
  clientId?: string;
  /** kafkajs WARN and ERROR entries are routed here. @default consoleLogger */
  logger?: Logger;
  /** Extra kafkajs KafkaConfig (ssl, sasl, retry, …), passed through. */
  kafka?: Partial<KafkaConfig>;
  /**
   * Extra kafkajs ProducerConfig, passed through. The default producer is idempotent (acks=-1, one request in flight
   * per broker, kafkajs's unlimited retries): a retried send is never written twice and never reordered.
   */
  producer?: ProducerConfig;
  /** Extra kafkajs ConsumerConfig (sessionTimeout, …), passed through; groupId is set by the runtime. */
  consumer?: Partial<ConsumerConfig>;
}

/** kafkajs warns when an idempotent producer's retries are bounded; see `createKafkaTransport` for why it is safe here. */
const BOUNDED_RETRIES_WARNING = 'Limiting retries for the idempotent producer';

/**
 * A kafkajs socket factory (kafkajs's own, plus a switch) that can be shut: every open socket is destroyed and every
 * new one fails. A send kafkajs keeps retrying after its owner gave up on it (kafkajs has no cancellation) can then
 * never be acknowledged later, e.g. when the broker comes back, so its messages are not written behind the owner's
 * back. Used by the outbox relay's bounded stop().
 */
export function createSocketGate(): { socketFactory: ISocketFactory; shut(): void } {
  const open = new Set<Socket>();
  let shut = false;
  const socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    if (shut) throw new Error('the client was stopped (socket gate shut)');
    const socket: Socket = ssl
      ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    return socket;
  };
  return {
    socketFactory,
    shut() {
      shut = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
  };
}

const COMPRESSION: Record<Compression, number> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

function headersToStrings(headers: IHeaders | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (!headers) return out;
  for (const name of Object.keys(headers)) {
    const v = headers[name];
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    out[name] = one === undefined ? undefined : typeof one === 'string' ? one : one.toString('utf8');
  }
  return out;
}

/**
 * A kafkajs message seen through `IncomingMessage`. Headers are decoded to strings on first read: most messages go
 * through the pipeline without anyone reading them, and decoding six Buffers per message is measurable.
 */
class KafkajsIncoming implements IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  readonly rawHeaders: RawHeaders;
  #headers: Record<string, string | undefined> | undefined;
  constructor(topic: string, partition: number, message: KafkaMessage) {
    this.topic = topic;
    this.partition = partition;
    this.offset = message.offset;
    this.key = message.key;
    this.value = message.value;
    this.timestamp = message.timestamp;
    this.rawHeaders = message.headers ?? {};
  }
  get headers(): Record<string, string | undefined> {
    if (this.#headers === undefined) this.#headers = headersToStrings(this.rawHeaders);
    return this.#headers;
  }
}

export function createKafkaTransport(options: KafkaTransportOptions = {}): Transport {
  const logger = options.logger ?? consoleLogger;
  const kafka = new Kafka({
    clientId: options.clientId ?? readKafkaEnv().clientId ?? 'event-contracts',
    brokers: requireBrokers(options.brokers),
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...fields } = log;
        // A bounded retry budget is safe: a producer whose send failed is replaced by a new one (see producer()).
        if (level === logLevel.WARN && typeof message === 'string' && message.startsWith(BOUNDED_RETRIES_WARNING)) return;
        if (level === logLevel.ERROR) logger.error(`kafkajs: ${message}`, fields);
        else if (level === logLevel.WARN) logger.warn(`kafkajs: ${message}`, fields);
      },
    ...options.kafka,
  });

  return {
    producer(): ProducerPort {
      const create = () =>
        kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, ...options.producer });
      // After a failed send the idempotent producer is replaced by a new one (a new producer id). kafkajs keeps the
      // sequence numbers of a failed batch, so the next batch would reuse them: the broker would take it for a retry
      // of the failed one (which may have been written) and acknowledge it without writing it. Found by the broker
      // restart test (test/integration/delivery/lifecycle.test.ts): 1 acknowledged event of 420 lost before this.
      let current = { producer: create(), connected: undefined as Promise<void> | undefined };
      const ready = (c: typeof current): Promise<void> =>
        (c.connected ??= c.producer.connect().catch((error: unknown) => {
          c.connected = undefined;
          throw error;
        }));
      return {
        connect: () => ready(current),
        disconnect: () => current.producer.disconnect(),
        async send(request) {
          const c = current;
          try {
            await ready(c);
            await c.producer.sendBatch({
              // Our OutgoingMessage is structurally a kafkajs Message: no copy.
              topicMessages: request.batches as { topic: string; messages: Message[] }[],
              compression: COMPRESSION[request.compression],
              acks: -1, // every in-sync replica: an acknowledged event survives the loss of the leader
            });
          } catch (error) {
            if (current === c) {
              current = { producer: create(), connected: undefined };
              void c.producer.disconnect().catch(() => undefined);
            }
            throw error;
          }
        },
      };
    },
    consumer(groupId): ConsumerPort {
      const consumer = kafka.consumer({ ...options.consumer, groupId });
      return {
        connect: () => consumer.connect(),
        disconnect: () => consumer.disconnect(),
        stop: () => consumer.stop(),
        subscribe: (request) => consumer.subscribe({ topics: request.topics, fromBeginning: request.fromBeginning }),
        run: (request) =>
          consumer.run({
            ...(request.partitionsConsumedConcurrently === undefined ? {} : { partitionsConsumedConcurrently: request.partitionsConsumedConcurrently }),
            eachMessage: ({ topic, partition, message, heartbeat }) => request.eachMessage(new KafkajsIncoming(topic, partition, message), { heartbeat }),
          }),
      };
    },
    admin(): AdminPort {
      const admin = kafka.admin();
      return {
        connect: () => admin.connect(),
        disconnect: () => admin.disconnect(),
        createTopics: (request) =>
          admin.createTopics({
            topics: request.topics.map(({ configs, ...t }) => ({
              ...t,
              ...(configs ? { configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) } : {}),
            })),
            waitForLeaders: true,
          }),
        async describeTopics(topics, configKeys): Promise<TopicState[]> {
          const existing = new Set(await admin.listTopics());
          const present = topics.filter((t) => existing.has(t));
          if (present.length === 0) return [];
          const metadata = await admin.fetchTopicMetadata({ topics: present });
          const configs =
            configKeys.length === 0
              ? { resources: [] }
              : await admin.describeConfigs({
                  includeSynonyms: false,
                  resources: present.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: [...configKeys] })),
                });
          const byTopic = new Map(configs.resources.map((r) => [r.resourceName, r.configEntries]));
          return metadata.topics.map((t) => ({
            topic: t.name,
            partitions: t.partitions.length,
            replicationFactor: t.partitions[0]?.replicas.length ?? 0,
            configs: Object.fromEntries((byTopic.get(t.name) ?? []).map((e) => [e.configName, e.configValue])),
          }));
        },
      };
    },
    readTopic: (topic, { limit, timeoutMs = 60_000 }) => readTopic(kafka, topic, limit, timeoutMs),
  };
}

/** Every partition from its low to its high watermark (as of the call), through a throwaway group that never commits. */
async function readTopic(kafka: InstanceType<typeof Kafka>, topic: string, limit: number, timeoutMs: number): Promise<IncomingMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `contracts-read-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  try {
    if (!(await admin.listTopics()).includes(topic)) {
      throw new ConfigurationError(`Topic "${topic}" does not exist on the cluster. Check the name (dead-letter topics are named <topic>.dlq).`);
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
    const out: IncomingMessage[] = [];
    if (remaining.size === 0 || limit <= 0) return out;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Reading ${topic} did not reach its end within ${timeoutMs} ms.`)), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            if (end === undefined || out.length >= limit) return;
            out.push(new KafkajsIncoming(topic, partition, message));
            if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0 || out.length >= limit) done();
          },
        })
        .catch(reject);
    });
    return out.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
