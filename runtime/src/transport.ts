/**
 * The transport seam. The runtime speaks only these interfaces; `kafkajs-transport.ts` is the one adapter (and the
 * only file that imports kafkajs), so a librdkafka-based client can be added as another adapter later.
 */

/** 'gzip' is built into kafkajs; 'snappy', 'lz4' and 'zstd' need a codec registered with kafkajs first. */
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export type MessageHeaders = Record<string, string>;

/** Headers as they are on the wire (a name may repeat); what a dead-letter copy carries over unchanged. */
export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export interface OutgoingMessage {
  key: string | Buffer | null;
  value: Buffer;
  headers: MessageHeaders | RawHeaders;
}

/** An encoded event: string key, framed value, string headers. */
export interface EventMessage extends OutgoingMessage {
  key: string | null;
  value: Buffer;
  headers: MessageHeaders;
}

export interface TopicBatch {
  topic: string;
  messages: OutgoingMessage[];
}

export interface SendRequest {
  batches: TopicBatch[];
  compression: Compression;
}

export interface ProducerPort {
  connect(): Promise<void>;
  send(request: SendRequest): Promise<void>;
  disconnect(): Promise<void>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Header values decoded as UTF-8. */
  headers: Record<string, string | undefined>;
  /** The headers' original bytes (dead-letter copies carry them unchanged); `headers` re-encoded when absent. */
  readonly rawHeaders?: RawHeaders;
  timestamp: string;
}

/** What the transport offers while one message is processed. */
export interface MessageSession {
  /** Keeps the group membership alive while the partition waits (between retries). Rejects when a rebalance began. */
  heartbeat(): Promise<void>;
}

export interface ConsumerPort {
  connect(): Promise<void>;
  subscribe(request: { topics: string[]; fromBeginning: boolean }): Promise<void>;
  /**
   * `eachMessage` resolving means the offset may be committed; rejecting means it must not be, and the transport
   * redelivers the message.
   */
  run(request: { eachMessage: (message: IncomingMessage, session?: MessageSession) => Promise<void>; partitionsConsumedConcurrently?: number }): Promise<void>;
  stop(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  /** Topic-level configuration, e.g. `{ 'retention.ms': '604800000', 'cleanup.policy': 'delete' }`. */
  configs?: Record<string, string>;
}

/** A topic as the cluster has it. */
export interface TopicState {
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** Values of the configuration keys asked for (absent when the broker did not return them). */
  configs: Record<string, string>;
}

export interface AdminPort {
  connect(): Promise<void>;
  createTopics(request: { topics: TopicSpec[] }): Promise<boolean>;
  /** Existing topics among `topics` (missing ones are left out), with the `configKeys` values. */
  describeTopics?(topics: readonly string[], configKeys: readonly string[]): Promise<TopicState[]>;
  disconnect(): Promise<void>;
}

export interface Transport {
  producer(): ProducerPort;
  consumer(groupId: string): ConsumerPort;
  admin?(): AdminPort;
  /**
   * Reads a topic from the beginning to its end as of the call (at most `limit` messages), without a committed
   * consumer group. Rejects with a ConfigurationError when the topic does not exist.
   */
  readTopic?(topic: string, options: { limit: number; timeoutMs?: number }): Promise<IncomingMessage[]>;
}
