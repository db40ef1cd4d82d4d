// @event-contracts/runtime — the hand-written machinery generated event packages build on. See ../API.md.
export type { Envelope, AnyEnvelope, BuildEnvelopeOptions } from './envelope.js';
export { buildEnvelope, checkEnvelope } from './envelope.js';
export type { EventDescriptor, AnyEventDescriptor, RegisteredSchema, SchemaMetadata, SchemaReference } from './descriptor.js';
export type { ValidationIssue, Validator, AjvLikeError, AjvLikeValidate } from './validation.js';
export { ValidationError, validatorFromAjv, issuesFromAjv, formatIssues } from './validation.js';
export type { DecodeFailure } from './errors.js';
export {
  EventContractsError,
  ConfigurationError,
  EventTooLargeError,
  UnknownSchemaIdError,
  SchemaRegistryError,
  DecodeError,
  NonRetriableError,
  RetriableError,
  EmitOverflowError,
} from './errors.js';
export type { UnknownSchemaPolicy, Unframed } from './framing.js';
export { frame, unframe, MAGIC_BYTE, FRAME_HEADER_BYTES } from './framing.js';
export type { SchemaIdResolver, SchemaIdResolverOptions } from './schema-ids.js';
export { createSchemaIdResolver } from './schema-ids.js';
export type {
  Compression,
  MessageHeaders,
  OutgoingMessage,
  EventMessage,
  RawHeaders,
  MessageSession,
  TopicSpec,
  TopicState,
  TopicBatch,
  SendRequest,
  ProducerPort,
  IncomingMessage,
  ConsumerPort,
  AdminPort,
  Transport,
} from './transport.js';
export type { KafkaTransportOptions } from './kafkajs-transport.js';
export { createKafkaTransport } from './kafkajs-transport.js';
export type { Logger, FieldsFirstLogger } from './logger.js';
export { consoleLogger, pinoLogger, silentLogger } from './logger.js';
export type { PublishOptions, EncodeOptions, EncodedEvent, SerializedEvent } from './encode.js';
export { encodeEvent, serializeEvent, finishEvent, DEFAULT_MAX_EVENT_BYTES } from './encode.js';
export type { PublisherOptions, Publisher, BatchItem } from './publisher.js';
export { createPublisher } from './publisher.js';
export type {
  MessageContext,
  HandlerContext,
  MessageOutcome,
  RetryingOutcome,
  ObservedOutcome,
  SkipReason,
  DeadLetterReason,
  ConsumerMiddleware,
  Policy,
  EventHandler,
  RetryPolicy,
  DeadLetterOptions,
  ConsumerOptions,
  Consumer,
} from './consumer.js';
export { createConsumer, decodeEvent } from './consumer.js';
export { DLQ_HEADERS, defaultDeadLetterTopic, deadLetterHeaders } from './consumer/dead-letter.js';
export type { DeadLetter } from './consumer/dead-letter.js';
export { isRetriable } from './consumer/retry.js';
export type { MemoryIdempotencyStoreOptions } from './idempotency/memory.js';
export { createMemoryIdempotencyStore } from './idempotency/memory.js';
export { activeTraceparent, childTraceparent } from './trace.js';
export type { DeadLetterView, ReplayFilter, ReplayItem } from './dlq/index.js';
export { viewDeadLetter, planReplay, NotADeadLetterTopicError } from './dlq/index.js';
export { jsonString, jsonNumber, jsonAny } from './json-writer.js';
export type { KafkaEnv } from './env.js';
export { readKafkaEnv, requireBrokers, requireGroupId, requireSource } from './env.js';
export type { IdempotencyStore, IdempotencyKey } from './idempotency/store.js';
export type { PostgresIdempotencyOptions, PostgresTransaction } from './idempotency/postgres.js';
export { createPostgresIdempotencyStore, DEFAULT_IDEMPOTENCY_TABLE } from './idempotency/postgres.js';
export type { SqlClient, SqlPool, Migration } from './pg/connect.js';
export { migrationPath } from './pg/connect.js';
export type { Outbox, OutboxOptions, OutboxTransaction, OutboxExecutor, PrismaTransactionLike } from './outbox/writer.js';
export { createOutbox, outboxExecutor, OutboxError, DEFAULT_OUTBOX_TABLE } from './outbox/writer.js';
export type { OutboxRelay, OutboxRelayOptions, OutboxRelayStats } from './outbox/relay.js';
export { startOutboxRelay, OUTBOX_LANES } from './outbox/relay.js';
export type {
  MigrationContext,
  EventMigration,
  MigrationSource,
  MigrationTable,
  ArrivedAs,
  LatestContext,
  LatestHandler,
  EventFamily,
  BridgeOptions,
} from './upcast/index.js';
export {
  buildFamilies,
  splitEventType,
  sunsetPassed,
  MigrationError,
  migrationContext,
  runMigration,
  upcastEnvelope,
  registerLatest,
  familyOf,
  withBridges,
  BRIDGED_FROM_HEADER,
} from './upcast/index.js';
