/**
 * The code templates of a generated package (index.js, index.d.ts, types.d.ts, validator and
 * serializer modules); the README template and the registry are in templates.ts. Same rules:
 * compiled with `{noEscape: true, strict: true}` (render.ts), they only print fields of the
 * view model (view-model.ts), every value already escaped for its context.
 */

export const INDEX_JS = `{{banner}}
import { buildFamilies, createConsumer, createOutbox, createPublisher, familyOf, readKafkaEnv, registerLatest, validatorFromAjv, withBridges } from '@event-contracts/runtime';
import { MIGRATIONS } from './migrations/index.js';
{{#each events}}
import { strict as {{names.strictValidator}}, tolerant as {{names.tolerantValidator}} } from {{validatorImportLiteral}};
import { serialize as {{names.serializer}} } from {{serializerImportLiteral}};
{{/each}}

/** The Kafka key: the value at x-partition-key, as a string (JSON for non-strings); null when absent. */
function keyOf(value) {
  return value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);
}

/** An own property of an object, else undefined (never inherited ones). */
function own(value, key) {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}
{{#each events}}

/**
{{#each docComment}}
 * {{this}}
{{/each}}
 */
export const {{names.descriptor}} = Object.freeze({
  eventType: {{eventTypeLiteral}},
  eventVersion: {{eventVersionLiteral}},
  topic: {{topicLiteral}},
  subject: {{subjectLiteral}},
  partitionKey: (data) => keyOf({{partitionKeyExpr}}),
  validate: validatorFromAjv({{names.strictValidator}}, {{names.strictValidator}}),
  serialize: {{names.serializer}},
  registeredSchema: Object.freeze({
    schema: {{registeredSchemaLiteral}},
    references: Object.freeze({{referencesLiteral}}),
    metadata: {{metadataLiteral}},
  }),
});
{{/each}}

/** Every event type of this package, by event type. */
export const {{names.descriptorsConst}} = Object.freeze({
  __proto__: null,
{{#each events}}
  {{eventTypeLiteral}}: {{names.descriptor}},
{{/each}}
});

/** Every topic this package's events travel on. */
export const {{names.topicsConst}} = Object.freeze([
{{#each topics}}
  {{topicLiteral}},
{{/each}}
]);

/** Event families (every major of one event type) with the migrations between them. */
const FAMILIES = buildFamilies({{names.descriptorsConst}}, MIGRATIONS);

const TOLERANT_VALIDATORS = Object.freeze({
  __proto__: null,
{{#each events}}
  {{eventTypeLiteral}}: validatorFromAjv({{names.tolerantValidator}}, {{names.tolerantValidator}}),
{{/each}}
});

/** Registry subject per event type: the consumer checks a frame's schema id belongs to its envelope's event type. */
const SUBJECTS = Object.freeze(Object.fromEntries(Object.values({{names.descriptorsConst}}).map((d) => [d.eventType, d.subject])));

function descriptorOf(eventType) {
  const def = typeof eventType === 'string' && Object.prototype.hasOwnProperty.call({{names.descriptorsConst}}, eventType) ? {{names.descriptorsConst}}[eventType] : undefined;
  if (def === undefined) {
    throw new TypeError('Unknown event type ' + JSON.stringify(eventType) + ' for ' + {{packageNameLiteral}} + '; known: ' + Object.keys({{names.descriptorsConst}}).join(', ') + '.');
  }
  return def;
}

/**
 * A typed publisher with one method per event type, on one producer. Pass \`publisher\` to share
 * a producer (created with \`createPublisher\` from @event-contracts/runtime) across packages.
 */
export function {{names.publisherFactory}}(options = {}) {
  const { publisher: shared, bridge = [], outbox: outboxOptions, ...rest } = options;
  const source = rest.source ?? rest.clientId ?? readKafkaEnv().clientId ?? '';
  const base = shared ?? createPublisher(rest);
  const publisher = withBridges(base, FAMILIES, { eventTypes: bridge, source, ...(rest.logger ? { logger: rest.logger } : {}) });
  // The outbox stores exactly what it is given: bridged copies are a publish-time concern.
  const outbox = createOutbox(base, outboxOptions);
  const outboxItem = (item) => ({ def: descriptorOf(item.eventType), data: item.data, options: item.options });
  return Object.freeze({
{{#each events}}
    {{names.publishMethod}}: (data, publishOptions) => publisher.publish({{names.descriptor}}, data, publishOptions),
    {{names.emitMethod}}: (data, publishOptions) => publisher.emit({{names.descriptor}}, data, publishOptions),
{{/each}}
    publish: (eventType, data, publishOptions) => publisher.publish(descriptorOf(eventType), data, publishOptions),
    emit: (eventType, data, publishOptions) => publisher.emit(descriptorOf(eventType), data, publishOptions),
    publishBatch: (items) => publisher.publishBatch(items.map((item) => ({ def: descriptorOf(item.eventType), data: item.data, options: item.options }))),
    flush: () => publisher.flush(),
    disconnect: () => (shared ? publisher.flush() : publisher.disconnect()),
    outbox: Object.freeze({
      add: (tx, item) => outbox.addMany(tx, [outboxItem(item)]).then((envelopes) => envelopes[0]),
      addMany: (tx, items) => outbox.addMany(tx, items.map(outboxItem)),
    }),
  });
}

/** Same as {{names.publisherFactory}}. */
export const {{names.eventsFactory}} = {{names.publisherFactory}};

/**
 * A consumer of this package's topics (or the subset in \`options.topics\`) that dispatches by
 * event type to typed handlers and validates \`data\` as a tolerant reader.
 */
export function {{names.consumerFactory}}(options = {}) {
  const { topics = {{names.topicsConst}}, ...rest } = options;
  const consumer = createConsumer({ ...rest, topics: [...topics], validators: TOLERANT_VALIDATORS, subjects: SUBJECTS });
  return Object.assign(consumer, {
    onLatest(family, handler) {
      registerLatest(consumer, familyOf(FAMILIES, family), handler);
      return consumer;
    },
  });
}
`;

export const INDEX_D_TS = `{{banner}}
import type { Consumer, ConsumerOptions, EventDescriptor, EventHandler, LatestHandler, OutboxOptions, OutboxTransaction, Publisher, PublisherOptions, PublishOptions, RetryPolicy } from '@event-contracts/runtime';
import type {
{{#each typeImports}}
  {{this}},
{{/each}}
} from './types.js';

export type * from './types.js';
{{#each events}}

/**
{{#each docComment}}
 * {{this}}
{{/each}}
 */
export declare const {{names.descriptor}}: EventDescriptor<{{eventTypeLiteral}}, {{names.dataType}}>;
{{/each}}

/** Every event type of this package, by event type. */
export declare const {{names.descriptorsConst}}: {
{{#each events}}
  readonly {{eventTypeLiteral}}: typeof {{names.descriptor}};
{{/each}}
};

/** Every topic this package's events travel on. */
export declare const {{names.topicsConst}}: readonly {{names.topicType}}[];

/** One item of \`publishBatch\`. */
export type {{names.batchItemType}} = {
  [K in keyof {{names.dataMapType}}]: { eventType: K; data: {{names.dataMapType}}[K]; options?: PublishOptions };
}[keyof {{names.dataMapType}}];

export interface {{names.publisherOptionsType}} extends PublisherOptions {
  /** Share one producer across packages: a publisher from \`createPublisher\`. Not disconnected by \`disconnect()\`. */
  publisher?: Publisher;
  /**
   * Event types also published in their previous major (made by the downcast migration) until that major's
   * sunset; the bridge stops by itself after it. @default []
   */
  bridge?: readonly {{names.bridgeableType}}[];
  /** Transactional outbox settings (the table \`outbox.add\` writes to). */
  outbox?: OutboxOptions;
}

/** Event types that have a downcast migration (what \`bridge\` accepts). */
export type {{names.bridgeableType}} = {{bridgeableUnion}};

export interface {{names.publisherType}} {
{{#each events}}
  /** Publishes {{eventTypeComment}}; resolves once the broker acknowledged.{{deprecatedComment}} */
  {{names.publishMethod}}(data: {{names.dataType}}, options?: PublishOptions): Promise<{{names.envelopeType}}>;
  /** Fire-and-forget {{eventTypeComment}}: never throws, failures go to the logger and \`onError\`.{{deprecatedComment}} */
  {{names.emitMethod}}(data: {{names.dataType}}, options?: PublishOptions): void;
{{/each}}
  /** Publishes any event type of this package by name. */
  publish<K extends keyof {{names.dataMapType}}>(eventType: K, data: {{names.dataMapType}}[K], options?: PublishOptions): Promise<Extract<{{names.unionType}}, { eventType: K }>>;
  /** Fire-and-forget by name. */
  emit<K extends keyof {{names.dataMapType}}>(eventType: K, data: {{names.dataMapType}}[K], options?: PublishOptions): void;
  /** One send for all items; one invalid item rejects the batch and nothing is sent. */
  publishBatch(items: readonly {{names.batchItemType}}[]): Promise<{{names.unionType}}[]>;
  flush(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * The transactional outbox: \`add(tx, event)\` writes the framed event into the outbox table through \`tx\` (a
   * node-postgres client inside BEGIN…COMMIT, or the \`tx\` of a Prisma interactive \`$transaction\`); the relay
   * (\`contracts outbox relay\`) publishes it once \`tx\` commits, never when it rolls back.
   */
  readonly outbox: {
    add<K extends keyof {{names.dataMapType}}>(tx: OutboxTransaction, event: { eventType: K; data: {{names.dataMapType}}[K]; options?: PublishOptions }): Promise<Extract<{{names.unionType}}, { eventType: K }>>;
    /** Several events in one INSERT, in this order. */
    addMany(tx: OutboxTransaction, events: readonly {{names.batchItemType}}[]): Promise<{{names.unionType}}[]>;
  };
}

export declare function {{names.publisherFactory}}(options?: {{names.publisherOptionsType}}): {{names.publisherType}};
export declare const {{names.eventsFactory}}: typeof {{names.publisherFactory}};

/**
 * Retries (5 attempts with backoff), dead-letter topics (\`<topic>.dlq\`), graceful shutdown on SIGTERM/SIGINT are on by
 * default. \`Tx\` is the transaction type of the \`idempotency\` store, handed to handlers as \`ctx.tx\`.
 */
export interface {{names.consumerOptionsType}}<Tx = unknown> extends Omit<ConsumerOptions<Tx>, 'topics' | 'validators' | 'retryByEventType'> {
  /** @default every topic of this package */
  topics?: readonly {{names.topicType}}[];
  /** Retries per event type of this package, over \`retry\`. */
  retryByEventType?: { readonly [K in {{names.unionType}}['eventType']]?: RetryPolicy | false };
}

/** Event family (event type without \`.v<N>\`) → its latest major's envelope and the envelope of every major. */
export interface {{names.latestMapType}} {
{{#each families}}
  {{familyLiteral}}: { latest: {{latestEnvelope}}; any: {{anyEnvelopeUnion}} };
{{/each}}
}

export interface {{names.consumerType}}<Tx = unknown> extends Consumer<{{names.unionType}}, Tx> {
  on<K extends {{names.unionType}}['eventType']>(eventType: K, handler: EventHandler<Extract<{{names.unionType}}, { eventType: K }>, Tx>): {{names.consumerType}}<Tx>;
  /**
   * One handler for every major of a family, typed with the latest: earlier majors are upcast through the
   * migrations first (validated strictly after each step); \`ctx.arrived\` says which major arrived. A failing
   * migration is a handler failure (onHandlerError) for that event only.
   */
  onLatest<F extends keyof {{names.latestMapType}}>(family: F, handler: LatestHandler<{{names.latestMapType}}[F]['latest'], {{names.latestMapType}}[F]['any'], Tx>): {{names.consumerType}}<Tx>;
}

export declare function {{names.consumerFactory}}<Tx = unknown>(options?: {{names.consumerOptionsType}}<Tx>): {{names.consumerType}}<Tx>;
`;

export const TYPES_D_TS = `{{banner}}
import type { Envelope } from '@event-contracts/runtime';

{{dataTypes}}
{{#each events}}

/** The envelope of {{eventTypeComment}}. */
export type {{names.envelopeType}} = Envelope<{{names.dataType}}, {{eventTypeLiteral}}>;
{{/each}}
{{#each topics}}

/** Every event type on topic {{topicComment}}, discriminated by \`eventType\`. */
export type {{unionType}} = {{envelopeUnion}};
{{/each}}

/** Every event type of this package, discriminated by \`eventType\`. */
export type {{names.unionType}} = {{envelopeUnion}};

/** Event type → its \`data\` type. */
export interface {{names.dataMapType}} {
{{#each events}}
  {{eventTypeLiteral}}: {{names.dataType}};
{{/each}}
}

/** The topics of this package. */
export type {{names.topicType}} = {{topicUnion}};
`;

export const VALIDATOR_JS = `{{banner}}
{{code}}`;
