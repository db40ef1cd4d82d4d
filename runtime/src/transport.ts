/**
 * The transport seam. The runtime speaks only these interfaces; `kafkajs-transport.ts` is the one adapter (and the
 * only file that imports kafkajs), so a librdkafka-based client can be added as another adapter later.
 */

/** 'gzip' is built into kafkajs; 'snappy', 'lz4' and 'zstd' need a codec registered with kafkajs first. */
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export type MessageHeaders = Record<string, string>;

export interface OutgoingMessage {
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
  timestamp: string;
}

export interface ConsumerPort {
  connect(): Promise<void>;
  subscribe(request: { topics: string[]; fromBeginning: boolean }): Promise<void>;
  /**
   * `eachMessage` resolving means the offset may be committed; rejecting means it must not be, and the transport
   * redelivers the message.
   */
  run(request: {
    eachMessage: (message: IncomingMessage) => Promise<void>;
    partitionsConsumedConcurrently?: number;
  }): Promise<void>;
  stop(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface AdminPort {
  connect(): Promise<void>;
  createTopics(request: {
    topics: { topic: string; numPartitions?: number; replicationFactor?: number }[];
  }): Promise<boolean>;
  disconnect(): Promise<void>;
}

export interface Transport {
  producer(): ProducerPort;
  consumer(groupId: string): ConsumerPort;
  admin?(): AdminPort;
}
