/**
 * Handlebars templates, compiled with `{noEscape: true, strict: true}` (render.ts). They only
 * iterate and print fields of the view model (view-model.ts); every value was escaped for its
 * context before it got here. Kept as TypeScript strings so the build ships them with the code.
 * This file holds the README template and the registry; the code templates are in templates-code.ts.
 */
import { createHash } from 'node:crypto';
import { INDEX_D_TS, INDEX_JS, TYPES_D_TS, VALIDATOR_JS } from './templates-code.js';

export const README_MD = `# {{names.packageName}}

{{bannerMd}}

Typed events of the {{domainCode}} domain: a publisher with one method per event type, a consumer
that dispatches by event type to typed handlers, the \`data\` and envelope types, and validators
precompiled at generate time (strict on the producer side, tolerant on the consumer side).

## Events

| Event type | Version | Topic | Partition key | Registry subject |
|---|---|---|---|---|
{{#each events}}
| {{eventTypeCode}}{{deprecatedMd}} | {{eventVersionCode}} | {{topicCode}} | {{partitionKeyCode}} | {{subjectCode}} |
{{/each}}

## Install

{{readmeFence}}sh
npm install {{names.packageName}}
{{readmeFence}}

The package depends on \`@event-contracts/runtime\` (envelope, Confluent wire framing, kafkajs transport) and nothing
else: validators are precompiled, types are plain declarations.

## Publishing

{{readmeFence}}ts
import { {{names.publisherFactory}}, type {{first.names.dataType}} } from '{{names.packageName}}';

// brokers/clientId default to KAFKA_BROKERS / KAFKA_CLIENT_ID; schema ids come from SCHEMA_REGISTRY_URL.
const events = {{names.publisherFactory}}({ source: 'my-service' });

const data: {{first.names.dataType}} = {{first.exampleArgJson}};

// Awaitable: validates, frames, sends to {{first.topicLiteral}} keyed by {{first.partitionKeyLiteral}}; resolves with the envelope once acknowledged.
await events.{{first.names.publishMethod}}(data);

// Fire-and-forget: failures go to the logger and the onError hook.
events.{{first.names.emitMethod}}(data);

// By name (typed: the event type picks the payload type).
await events.publish({{first.eventTypeLiteral}}, data);

await events.disconnect();
{{readmeFence}}

## Consuming

{{readmeFence}}ts
import { {{names.consumerFactory}} } from '{{names.packageName}}';

// groupId defaults to KAFKA_CONSUMER_GROUP_ID; topics default to every topic of this package.
const consumer = {{names.consumerFactory}}({ groupId: 'my-service' });
consumer.on({{first.eventTypeLiteral}}, async (event) => {
  // event.data is typed from the contract; event.eventType is the literal {{first.eventTypeLiteral}}.
});
await consumer.start();
{{readmeFence}}

Unknown properties are ignored on the consumer side (a later compatible revision never fails
validation); the producer side rejects properties the contract does not declare.

Every major of an event type as the latest one (\`onLatest\`):

{{readmeFence}}ts
{{#each readmeFamilies}}
consumer.onLatest({{familyLiteral}}, async (event, ctx) => {
  // event is the latest major ({{chainCode}}); ctx.arrived.eventType / .major say what was on the wire.
});
{{/each}}
{{readmeFence}}

Events of earlier majors are converted by the migrations compiled into this package (\`migrations/\`), each
step's output validated strictly; a migration that throws or returns an invalid event fails that event like a
handler error. Publishers can bridge a new major to the previous one until its sunset:
\`{{names.publisherFactory}}({ bridge: [/* {{names.bridgeableType}} */] })\`.

## Delivery

Safe by default, no code needed: a failing handler is retried (5 attempts, 200 ms × 2ⁿ ± 20 %, cap 30 s) while its
partition waits, so order per key is kept; after the last attempt — and at once for poison messages (undecodable,
unknown event type, a schema id registered for another event type, invalid) or a \`NonRetriableError\` — the original message goes to \`<topic>.dlq\` with headers saying
why (\`dlq_reason\`, \`dlq_error_message\`, \`dlq_attempts\`, …), and only then is the offset committed. SIGTERM/SIGINT stop
the consumer gracefully (the in-flight message is committed) and flush the publisher. Every event carries a
\`traceparent\`; events published inside a handler continue the trace of the message. With OpenTelemetry (an SDK
registered), each sent event is a \`send <topic>\` PRODUCER span and each handler attempt a \`process <topic>\` CONSUMER span,
its child. If the schema registry is down when a message's schema id must be checked, the partition waits and asks
again with backoff (never dead-lettered).

{{readmeFence}}ts
import { createMemoryIdempotencyStore, NonRetriableError } from '@event-contracts/runtime';

const consumer = {{names.consumerFactory}}({
  groupId: 'my-service',
  idempotency: createMemoryIdempotencyStore(),         // a redelivered eventId is skipped ('duplicate')
  retry: { attempts: 8, maxDelayMs: 10_000 },
  onOutcome: (outcome) => metrics.count(outcome.status), // handled | skipped | dead-lettered | failed | retrying
});
consumer.on({{first.eventTypeLiteral}}, async (event, ctx) => {
  if (ctx.attempt > 1) logger.warn('retrying', { eventId: event.eventId });
  // throw new NonRetriableError('…') for a failure another attempt cannot fix
});
{{readmeFence}}

Inspect and replay dead letters with \`contracts dlq inspect --topic <topic>.dlq\` and \`contracts dlq replay …\`;
create the topics and their \`.dlq\` with \`contracts topics apply --brokers …\`. Opt out with \`deadLetter: false\`,
\`retry: false\`, \`handleSignals: false\`. Logs go to \`console\` unless you pass \`logger\`; for pino use
\`logger: pinoLogger(pino())\` (\`pinoLogger\` from \`@event-contracts/runtime\`: pino takes fields first).

## Transactional outbox

Write the event in the same database transaction as the state change; the relay publishes it after the commit
(never for a rollback), in insertion order per key, with an idempotent producer. Apply the runtime's migration once
(\`node_modules/@event-contracts/runtime/sql/outbox.sql\`) and run \`contracts outbox relay --database-url …\`.

{{readmeFence}}ts
// node-postgres: a client inside BEGIN … COMMIT
await client.query('BEGIN');
// … your business writes on the same client …
await events.outbox.add(client, { eventType: {{first.eventTypeLiteral}}, data });
await client.query('COMMIT');

// Prisma: the tx of an interactive transaction (raw SQL; no Prisma model needed)
await prisma.$transaction(async (tx) => {
  // … your business writes on tx …
  await events.outbox.add(tx, { eventType: {{first.eventTypeLiteral}}, data });
});
{{readmeFence}}

The relay delivers at least once (a crash between the broker's acknowledgement and the "sent" mark sends a batch
again): consume with a PostgreSQL idempotency store (\`createPostgresIdempotencyStore\`, migration \`sql/idempotency.sql\`)
so a repeat is dropped by \`eventId\`.

## Environment

| variable | used for |
|---|---|
| \`KAFKA_BROKERS\` | comma-separated bootstrap servers (publisher and consumer) |
| \`KAFKA_CLIENT_ID\` | Kafka client id, and the envelope's \`source\` when none is given |
| \`KAFKA_CONSUMER_GROUP_ID\` | the consumer group when \`groupId\` is not given |
| \`SCHEMA_REGISTRY_URL\` | where schema ids are looked up (by the registered schema text) |

## Event reference
{{#each events}}

### {{eventTypeCode}}

{{#each descriptionMd}}
{{this}}
{{/each}}

- Version: {{eventVersionCode}}{{deprecatedMd}}
- Topic: {{topicCode}}
- Partition key (Kafka message key): {{partitionKeyCode}}
- Schema: {{fileCode}}
{{#if hasExample}}

Example \`data\`:

{{examplesFence}}json
{{exampleJson}}
{{examplesFence}}
{{/if}}
{{/each}}
`;

export const TEMPLATE_SOURCES = { indexJs: INDEX_JS, indexDts: INDEX_D_TS, typesDts: TYPES_D_TS, validatorJs: VALIDATOR_JS, readme: README_MD } as const;
export type TemplateName = keyof typeof TEMPLATE_SOURCES;

/** Fingerprint of the templates: part of every package's input hash, so a template change regenerates. */
export const TEMPLATES_FINGERPRINT = createHash('sha256').update(JSON.stringify(TEMPLATE_SOURCES)).digest('hex').slice(0, 16);
