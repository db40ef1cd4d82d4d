import type { Validator } from './validation.js';

export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** Confluent schema metadata: the contract's owner, partition key, sunset, … as registered with the schema. */
export interface SchemaMetadata {
  readonly properties: Readonly<Record<string, string>>;
}

/** The registered schema text (the whole envelope), its references and metadata, for the registry lookup. */
export interface RegisteredSchema {
  readonly schema: string;
  readonly references?: readonly SchemaReference[];
  /** Part of the schema's identity in registries that keep metadata, so the lookup sends it. */
  readonly metadata?: SchemaMetadata;
}

/** What generated code supplies per event type. */
export interface EventDescriptor<TType extends string = string, TData = unknown> {
  /** `<domain>.<action>.v<N>` */
  readonly eventType: TType;
  /** Semver of the contract revision, e.g. '1.2.0'. */
  readonly eventVersion: string;
  readonly topic: string;
  /** Registry subject, e.g. `<topic>-<eventType>` (TopicRecordNameStrategy). */
  readonly subject: string;
  /** The Kafka key: the value at `x-partition-key`, as a string; null sends without a key. */
  readonly partitionKey: (data: TData) => string | null;
  /** Strict, producer-side validator of `data` (not of the envelope). */
  readonly validate: Validator<TData>;
  readonly registeredSchema?: RegisteredSchema;
  /**
   * Optional schema-compiled serializer of (validated) `data` to JSON text, generated with
   * `serializerModuleSource` from `@event-contracts/runtime/codegen`; JSON.stringify when absent.
   */
  readonly serialize?: (data: TData) => string;
}

export type AnyEventDescriptor = EventDescriptor<string, any>;
