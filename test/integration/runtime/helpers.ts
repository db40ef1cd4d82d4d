// Shared pieces of the runtime integration tests: descriptors for a small event family, a polling wait, and a
// stand-in for a Confluent-compatible registry (the few endpoints @kafkajs/confluent-schema-registry and the runtime
// call) until the embedded registry exists.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll } from 'vitest';
import {
  createPublisher,
  silentLogger,
  validatorFromAjv,
  type Consumer,
  type Envelope,
  type EventDescriptor,
  type Logger,
} from '../../../runtime/src/index.js';
import { kafkaBrokers } from '../../infra/kafka.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
export const newAjv = (): Ajv2020 => addFormats(new Ajv2020({ strict: false }));

export interface ItemPickedV1 {
  orderId: string;
  seq: number;
  sku: string;
}
export interface ItemPickedV2 {
  orderId: string;
  seq: number;
  skus: string[];
}
export type ItemPicked = Envelope<ItemPickedV1, 'item.picked.v1'> | Envelope<ItemPickedV2, 'item.picked.v2'>;

export const dataSchemaV1 = {
  type: 'object',
  required: ['orderId', 'seq', 'sku'],
  properties: { orderId: { type: 'string' }, seq: { type: 'integer' }, sku: { type: 'string' } },
};
export const dataSchemaV2 = {
  type: 'object',
  required: ['orderId', 'seq', 'skus'],
  properties: { orderId: { type: 'string' }, seq: { type: 'integer' }, skus: { type: 'array', items: { type: 'string' } } },
};
const closed = (s: object): object => ({ ...s, additionalProperties: false });

/** The registered schema: the whole envelope with the contract as `data`. */
export function envelopeSchema(eventType: string, data: object): object {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://contracts.example/${eventType}.json`,
    title: eventType,
    type: 'object',
    required: ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'data'],
    properties: {
      eventId: { type: 'string', format: 'uuid' },
      eventType: { const: eventType },
      eventVersion: { type: 'string' },
      timestamp: { type: 'string', format: 'date-time' },
      source: { type: 'string' },
      correlationId: { type: 'string' },
      traceId: { type: 'string' },
      data,
    },
  };
}

export function descriptors(topic: string): {
  v1: EventDescriptor<'item.picked.v1', ItemPickedV1>;
  v2: EventDescriptor<'item.picked.v2', ItemPickedV2>;
} {
  return {
    v1: {
      eventType: 'item.picked.v1',
      eventVersion: '1.0.0',
      topic,
      subject: `${topic}-item.picked.v1`,
      partitionKey: (d) => d.orderId,
      validate: validatorFromAjv<ItemPickedV1>(newAjv().compile(closed(dataSchemaV1))),
      registeredSchema: { schema: JSON.stringify(envelopeSchema('item.picked.v1', dataSchemaV1)), references: [] },
    },
    v2: {
      eventType: 'item.picked.v2',
      eventVersion: '2.0.0',
      topic,
      subject: `${topic}-item.picked.v2`,
      partitionKey: (d) => d.orderId,
      validate: validatorFromAjv<ItemPickedV2>(newAjv().compile(closed(dataSchemaV2))),
      registeredSchema: { schema: JSON.stringify(envelopeSchema('item.picked.v2', dataSchemaV2)), references: [] },
    },
  };
}

/** Tolerant (consumer-side) validators: open objects. */
export const tolerantValidators = {
  'item.picked.v1': validatorFromAjv(newAjv().compile(dataSchemaV1)),
  'item.picked.v2': validatorFromAjv(newAjv().compile(dataSchemaV2)),
};

/** Polling: the one helper every integration test uses. */
export { waitFor } from '../../support/wait.js';

/** Logger that fails loudly on errors the test did not expect (kafkajs noise at WARN is ignored). */
export function testLogger(errors: string[] = []): Logger {
  return { ...silentLogger, error: (m) => errors.push(m) };
}

/**
 * The fixture of the broker tests of `item.picked`: an unframed publisher on the shared broker and a
 * list to push consumers into; all of them are stopped after the enclosing describe block.
 */
export function publisherAndConsumers(
  clientId: string,
  options: Partial<Parameters<typeof createPublisher>[0]> = {},
): { publisher: ReturnType<typeof createPublisher>; consumers: Consumer<ItemPicked>[] } {
  const consumers: Consumer<ItemPicked>[] = [];
  const publisher = createPublisher({ frameUnknownSchema: 'send-unframed', brokers: kafkaBrokers(), clientId, logger: testLogger(), ...options });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await publisher.disconnect();
  });
  return { publisher, consumers };
}

export interface StandInRegistry {
  url: string;
  /** subject → id, for schemas registered through the stand-in. */
  ids: Map<string, number>;
  requests: string[];
  close(): Promise<void>;
}

/**
 * A Confluent-compatible registry stand-in: POST /subjects/{s}/versions (register), POST /subjects/{s} (lookup),
 * GET /schemas/ids/{id}, GET/PUT /config/{s}. Ids are content-addressed (same text → same id), as in Confluent's registry.
 */
export async function startStandInRegistry(): Promise<StandInRegistry> {
  const byText = new Map<string, number>();
  const byId = new Map<number, string>();
  const bySubject = new Map<string, Map<string, number>>();
  const ids = new Map<string, number>();
  const levels = new Map<string, string>();
  const requests: string[] = [];
  const send = (res: import('node:http').ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${url.pathname}`);
      const register = /^\/subjects\/([^/]+)\/versions$/.exec(url.pathname);
      const lookup = /^\/subjects\/([^/]+)$/.exec(url.pathname);
      const byIdPath = /^\/schemas\/ids\/(\d+)$/.exec(url.pathname);
      const config = /^\/config\/([^/]+)$/.exec(url.pathname);
      if (config) {
        const subject = decodeURIComponent(config[1]!);
        if (req.method === 'PUT') {
          const level = (JSON.parse(text) as { compatibility: string }).compatibility;
          levels.set(subject, level);
          return send(res, 200, { compatibility: level });
        }
        const level = levels.get(subject);
        if (level === undefined)
          return send(res, 404, { error_code: 40408, message: `Subject '${subject}' does not have subject-level compatibility configured` });
        return send(res, 200, { compatibilityLevel: level });
      }
      if (req.method === 'POST' && (register || lookup)) {
        const subject = decodeURIComponent((register ?? lookup)![1]!);
        const body = JSON.parse(text) as { schema: string; schemaType?: string };
        if (body.schemaType !== 'JSON') return send(res, 422, { error_code: 42201, message: 'schemaType must be JSON here' });
        const canonical = JSON.stringify(JSON.parse(body.schema));
        if (register) {
          let id = byText.get(canonical);
          if (id === undefined) {
            id = byText.size + 1;
            byText.set(canonical, id);
            byId.set(id, body.schema);
          }
          const versions = bySubject.get(subject) ?? new Map<string, number>();
          versions.set(canonical, id);
          bySubject.set(subject, versions);
          ids.set(subject, id);
          return send(res, 200, { id });
        }
        const versions = bySubject.get(subject);
        if (!versions) return send(res, 404, { error_code: 40401, message: `Subject '${subject}' not found.` });
        const id = versions.get(canonical);
        if (id === undefined) return send(res, 404, { error_code: 40403, message: 'Schema not found' });
        return send(res, 200, { subject, id, version: 1, schemaType: 'JSON', schema: body.schema });
      }
      if (req.method === 'GET' && byIdPath) {
        const schema = byId.get(Number(byIdPath[1]));
        if (schema === undefined) return send(res, 404, { error_code: 40403, message: 'Schema not found' });
        return send(res, 200, { schema, schemaType: 'JSON' });
      }
      return send(res, 404, { error_code: 404, message: `HTTP 404 Not Found: ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ids,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
