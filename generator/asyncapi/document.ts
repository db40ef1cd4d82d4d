/**
 * The AsyncAPI 3.0 document of a repository, as plain JSON. Pure: computed from the Catalog, the
 * registration view (the exact whole-message schemas we register) and the lock's semvers.
 *
 * Layout: one channel per topic (address = topic), a `send` and a `receive` operation per channel,
 * one message per event type (every major), the envelope schemas and the shared definitions under
 * `components/schemas` (shared ones referenced by `$ref`, never copied into each payload).
 */
import type { ContractsConfig } from '../core/config.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { Catalog, EventContract } from '../load/index.js';
import { bundleEventSchema, parsePointer } from '../load/index.js';
import { followLocalRefs } from '../core/json-pointer.js';
import type { RegistrationUnit } from '../registration/index.js';
import { buildRegistrationView, mapRefs } from '../registration/index.js';
import { compareCodePoints as byCodePoint } from '../core/order.js';

export const ASYNCAPI_VERSION = '3.0.0';
/** Kafka bindings version (AsyncAPI bindings repository). */
export const KAFKA_BINDING_VERSION = '0.5.0';

export interface AsyncApiInput {
  catalog: Catalog;
  /** eventType → semver of its latest lock revision (`<N>.0.0` when absent). */
  versions?: ReadonlyMap<string, string>;
}

export interface AsyncApiDocument {
  document: JsonObject;
  /** Event types left out because they cannot be registered (see the registration view's diagnostics). */
  skipped: string[];
}

/** Component keys must match `^[a-zA-Z0-9.\-_]+$`. */
export function componentKey(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Build the document. Pure and deterministic: every map is filled in sorted order. */
export function buildAsyncApiDocument(input: AsyncApiInput): AsyncApiDocument {
  const { catalog } = input;
  const view = buildRegistrationView(catalog);
  const sharedKeys = new Map<string, string>();
  for (const u of view.units) if (u.kind === 'shared' && u.referenceName) sharedKeys.set(u.referenceName, componentKey(u.subject));
  const schemas: JsonObject = {};
  const messages: JsonObject = {};
  const byTopic = new Map<string, string[]>();
  const units = new Map(view.units.filter((u) => u.kind === 'event').map((u) => [u.eventType as string, u]));

  for (const u of view.units) if (u.kind === 'shared') schemas[componentKey(u.subject)] = componentSchema(u, componentKey(u.subject), sharedKeys);
  const skipped: string[] = [];
  for (const event of catalog.events) {
    const unit = units.get(event.eventType);
    if (!unit) {
      skipped.push(event.eventType);
      continue;
    }
    const key = componentKey(event.eventType);
    const payload = componentSchema(unit, key, sharedKeys);
    if (event.deprecated) payload.deprecated = true;
    schemas[key] = payload;
    messages[key] = message(catalog, event, unit, key, input.versions?.get(event.eventType) ?? `${event.version}.0.0`);
    byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), key]);
  }

  const channels: JsonObject = {};
  const operations: JsonObject = {};
  for (const topic of [...byTopic.keys()].sort(byCodePoint)) {
    const id = componentKey(topic);
    const keys = byTopic.get(topic) as string[];
    const channelMessages: JsonObject = {};
    for (const k of keys) channelMessages[k] = { $ref: `#/components/messages/${k}` };
    channels[id] = {
      address: topic,
      title: topic,
      description: `Kafka topic \`${topic}\`: ${keys.length === 1 ? 'one event type' : `${keys.length} event types`}, told apart by the \`ce_type\` header and the envelope's \`eventType\`.`,
      messages: channelMessages,
      bindings: {
        kafka: {
          topic,
          partitions: catalog.config.topics.partitions,
          replicas: catalog.config.topics.replicationFactor,
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    const refs = keys.map((k) => ({ $ref: `#/channels/${id}/messages/${k}` }));
    operations[`send.${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      title: `Publish to ${topic}`,
      summary: `Producers publish ${keys.join(', ')} to \`${topic}\` with the generated publisher.`,
      messages: refs,
    };
    operations[`receive.${id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      title: `Consume ${topic}`,
      summary: `Consumers read \`${topic}\` with the generated consumer, dispatching on \`eventType\`.`,
      messages: refs,
    };
  }

  const document: JsonObject = {
    asyncapi: ASYNCAPI_VERSION,
    info: info(catalog.config),
    defaultContentType: 'application/json',
  };
  const servers = serversOf(catalog.config);
  if (servers) document.servers = servers;
  document.channels = channels;
  document.operations = operations;
  document.components = { schemas: sortKeys(schemas), messages: sortKeys(messages) };
  return { document, skipped };
}

function info(config: ContractsConfig): JsonObject {
  const a = config.asyncapi;
  return {
    title: a.title ?? `${config.packageScope} event contracts`,
    version: a.version ?? '1.0.0',
    description:
      a.description ??
      'Every event type of this contracts repository. Each message is the whole envelope registered in the schema registry (`data` is the contract); payloads are framed with the Confluent wire format (magic byte + 4-byte schema id).',
  };
}

/** Servers only when configured: a broker address is never guessed. */
function serversOf(config: ContractsConfig): JsonObject | undefined {
  const names = Object.keys(config.asyncapi.servers).sort(byCodePoint);
  if (names.length === 0) return undefined;
  const out: JsonObject = {};
  for (const name of names) {
    const s = config.asyncapi.servers[name] as { host: string; protocol?: string; description?: string };
    out[componentKey(name)] = { host: s.host, protocol: s.protocol ?? 'kafka', ...(s.description ? { description: s.description } : {}) };
  }
  return out;
}

/**
 * A registered schema as a component: `$schema` and `$id` dropped (AsyncAPI's schema format is a superset of
 * draft-07 and the parser accepts no other draft), refs to shared definitions point at their
 * component, local refs are made absolute within the document.
 */
function componentSchema(unit: RegistrationUnit, key: string, sharedKeys: ReadonlyMap<string, string>): JsonObject {
  const schema = mapRefs(unit.schema, (ref) => {
    if (ref.startsWith('#')) return `#/components/schemas/${key}${ref.slice(1)}`;
    const hash = ref.indexOf('#');
    const name = hash < 0 ? ref : ref.slice(0, hash);
    const target = sharedKeys.get(name);
    return target ? `#/components/schemas/${target}${hash < 0 ? '' : ref.slice(hash + 1)}` : undefined;
  }) as JsonObject;
  delete schema.$schema;
  // A registered shared schema carries `$id` = its reference name; inside the document that would change the
  // base URI refs resolve against, and components are addressed by pointer anyway.
  delete schema.$id;
  return schema;
}

function message(catalog: Catalog, event: EventContract, unit: RegistrationUnit, key: string, semver: string): JsonObject {
  const title = typeof event.schema.title === 'string' ? event.schema.title : event.eventType;
  const out: JsonObject = {
    name: event.eventType,
    title,
    summary: `${event.eventType} on topic ${event.topic}${event.deprecated ? ` (deprecated${event.sunset ? `, sunset ${event.sunset}` : ''})` : ''}`,
  };
  if (typeof event.schema.description === 'string') out.description = event.schema.description;
  out.contentType = 'application/json';
  out.headers = headersSchema(event);
  out.payload = { $ref: `#/components/schemas/${key}` };
  out.correlationId = { description: 'Set when the publisher passes a correlation id.', location: '$message.header#/correlation_id' };
  out.bindings = {
    kafka: {
      key: keySchema(catalog, event),
      schemaIdLocation: 'payload',
      schemaIdPayloadEncoding: 'confluent',
      schemaLookupStrategy: catalog.config.subjectNameStrategy,
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  };
  const tags: JsonObject[] = [{ name: `domain:${event.domain}` }];
  if (event.owner) tags.push({ name: `owner:${event.owner}` });
  if (event.deprecated) tags.push({ name: 'deprecated' });
  out.tags = tags;
  const examples = event.examples.slice(0, 10).map((data, i) => example(event, semver, data, i));
  if (examples.length > 0) out.examples = examples;
  out['x-event-type'] = event.eventType;
  out['x-event-version'] = semver;
  out['x-registry-subject'] = unit.subject;
  out['x-schema-file'] = event.file;
  if (event.owner) out['x-owner'] = event.owner;
  if (event.deprecated) out['x-deprecated'] = true;
  if (event.sunset) out['x-sunset'] = event.sunset;
  return out;
}

/** The CloudEvents (Kafka binary mode) headers the generated publisher writes. */
function headersSchema(event: EventContract): JsonObject {
  const text = (description: string, extra: JsonObject = {}): JsonObject => ({ type: 'string', description, ...extra });
  return {
    type: 'object',
    required: ['ce_id', 'ce_type', 'ce_source', 'ce_time', 'ce_specversion', 'content-type'],
    properties: {
      ce_id: text('CloudEvents id: the envelope eventId.', { format: 'uuid' }),
      ce_type: text('CloudEvents type: the event type.', { const: event.eventType }),
      ce_source: text('CloudEvents source: the envelope source (the publishing service).'),
      ce_time: text('CloudEvents time: the envelope timestamp.', { format: 'date-time' }),
      ce_specversion: text('CloudEvents spec version.', { const: '1.0' }),
      'content-type': text('Payload content type.', { const: 'application/json' }),
      traceparent: text('W3C trace context, when the publisher has a trace.', { pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' }),
      correlation_id: text('The envelope correlationId, when set.'),
    },
  };
}

/** The record key: the value at `x-partition-key` inside `data`, sent as a string. */
function keySchema(catalog: Catalog, event: EventContract): JsonObject {
  if (!event.partitionKey) return { type: 'string', description: 'No `x-partition-key` declared: the key is null (round-robin partitioning).' };
  const base: JsonObject = { type: 'string', description: `The value of \`data${event.partitionKey}\`, as a string.`, 'x-partition-key': event.partitionKey };
  const target = schemaAt(catalog, event, event.partitionKey);
  if (target && target.type === 'string')
    for (const k of ['format', 'pattern', 'minLength', 'maxLength'] as const) if (target[k] !== undefined) base[k] = target[k] as JsonValue;
  return base;
}

/** The property schema a pointer into instances of `data` names, following local refs of the bundle. */
function schemaAt(catalog: Catalog, event: EventContract, pointer: string): JsonObject | undefined {
  let bundled: JsonObject;
  try {
    bundled = bundleEventSchema(catalog, event.eventType);
  } catch {
    return undefined;
  }
  const follow = (node: JsonValue | undefined): JsonValue | undefined => followLocalRefs(bundled, node);
  let node: JsonValue | undefined = follow(bundled);
  for (const token of parsePointer(pointer) ?? []) {
    const props = isJsonObject(node) ? node.properties : undefined;
    node = follow(isJsonObject(props) ? props[token] : undefined);
  }
  return isJsonObject(node) ? node : undefined;
}

function example(event: EventContract, semver: string, data: JsonValue, i: number): JsonObject {
  const eventId = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
  const headers: JsonObject = {
    ce_id: eventId,
    ce_type: event.eventType,
    ce_source: 'example-service',
    ce_time: '2026-01-01T00:00:00Z',
    ce_specversion: '1.0',
    'content-type': 'application/json',
  };
  return {
    name: `example-${i + 1}`,
    summary: `Example ${i + 1} from ${event.file}`,
    headers,
    payload: { eventId, eventType: event.eventType, eventVersion: semver, timestamp: '2026-01-01T00:00:00Z', source: 'example-service', data },
  };
}

function sortKeys(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o).sort(byCodePoint)) out[k] = o[k] as JsonValue;
  return out;
}
