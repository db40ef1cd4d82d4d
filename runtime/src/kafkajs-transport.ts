// The only file that imports kafkajs: everything else speaks the Transport interfaces.
import kafkajs from 'kafkajs';
import type { IHeaders, KafkaConfig, LogEntry, Message, ProducerConfig, ConsumerConfig } from 'kafkajs';
import { readKafkaEnv, requireBrokers } from './env.js';
import { consoleLogger, type Logger } from './logger.js';
import type { AdminPort, Compression, ConsumerPort, IncomingMessage, ProducerPort, Transport } from './transport.js';

const { Kafka, CompressionTypes, Partitioners, logLevel } = kafkajs;

export interface KafkaTransportOptions {
  /** @default env KAFKA_BROKERS */
  brokers?: string[];
  /** @default env KAFKA_CLIENT_ID, then 'event-contracts' */
  clientId?: string;
  /** kafkajs WARN and ERROR entries are routed here. @default consoleLogger */
  logger?: Logger;
  /** Extra kafkajs KafkaConfig (ssl, sasl, retry, …), passed through. */
  kafka?: Partial<KafkaConfig>;
  /** Extra kafkajs ProducerConfig, passed through. */
  producer?: ProducerConfig;
  /** Extra kafkajs ConsumerConfig (sessionTimeout, …), passed through; groupId is set by the runtime. */
  consumer?: Partial<ConsumerConfig>;
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
        if (level === logLevel.ERROR) logger.error(`kafkajs: ${message}`, fields);
        else if (level === logLevel.WARN) logger.warn(`kafkajs: ${message}`, fields);
      },
    ...options.kafka,
  });

  return {
    producer(): ProducerPort {
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...options.producer });
      return {
        connect: () => producer.connect(),
        disconnect: () => producer.disconnect(),
        async send(request) {
          await producer.sendBatch({
            // Our OutgoingMessage is structurally a kafkajs Message: no copy.
            topicMessages: request.batches as { topic: string; messages: Message[] }[],
            compression: COMPRESSION[request.compression],
          });
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
            ...(request.partitionsConsumedConcurrently === undefined
              ? {}
              : { partitionsConsumedConcurrently: request.partitionsConsumedConcurrently }),
            eachMessage: async ({ topic, partition, message }) => {
              const incoming: IncomingMessage = {
                topic,
                partition,
                offset: message.offset,
                key: message.key,
                value: message.value,
                headers: headersToStrings(message.headers),
                timestamp: message.timestamp,
              };
              await request.eachMessage(incoming);
            },
          }),
      };
    },
    admin(): AdminPort {
      const admin = kafka.admin();
      return {
        connect: () => admin.connect(),
        disconnect: () => admin.disconnect(),
        createTopics: (request) => admin.createTopics({ topics: request.topics, waitForLeaders: true }),
      };
    },
  };
}
