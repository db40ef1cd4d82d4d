// The publisher's schema-id lookup (POST /subjects/{subject}) against a real Confluent-compatible registry
// (Apicurio's ccompat API), and the framed result read back by @kafkajs/confluent-schema-registry from that registry.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, describe, expect, it } from 'vitest';
import { createPublisher, createSchemaIdResolver, unframe, UnknownSchemaIdError, type SendRequest, type Transport } from '../../../runtime/src/index.js';
import { apicurioUrl, uniqueSubject } from '../../infra/apicurio.js';
import { descriptors, newAjv, testLogger } from './helpers.js';

/** Captures what would be sent: this file is about the registry, not the broker. */
function capturingTransport(): Transport & { sends: SendRequest[] } {
  const sends: SendRequest[] = [];
  return {
    sends,
    producer: () => ({ connect: async () => undefined, disconnect: async () => undefined, send: async (r) => void sends.push(r) }),
    consumer: () => {
      throw new Error('not used');
    },
  };
}

describe('schema id lookup against Apicurio (Confluent-compatible API)', () => {
  const url = apicurioUrl();
  const topic = uniqueSubject('rt.lookup');
  const { v1, v2 } = descriptors(topic);
  const transport = capturingTransport();
  const publisher = createPublisher({ transport, source: 'rt-lookup', registryUrl: url, logger: testLogger() });
  afterAll(() => publisher.disconnect());

  it('finds the id of a registered schema and frames with it; their decode reads it from the registry', async () => {
    const response = await fetch(`${url}/subjects/${encodeURIComponent(v1.subject)}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: v1.registeredSchema!.schema, schemaType: 'JSON', references: [] }),
    });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: number };

    expect(await createSchemaIdResolver({ registryUrl: url }).resolve(v1)).toBe(id);
    const envelope = await publisher.publish(v1, { orderId: 'o-1', seq: 1, sku: 'A' });
    const value = transport.sends[0]!.batches[0]!.messages[0]!.value;
    expect(unframe(value).schemaId).toBe(id);

    const theirs = new SchemaRegistry(
      { host: url },
      { [SchemaType.JSON]: { ajvInstance: { addSchema: () => undefined, compile: (s: object) => newAjv().compile(s) } as never } },
    );
    expect(await theirs.decode(value)).toEqual(envelope);
  });

  it('an unregistered schema is refused with a message naming the subject and the fix', async () => {
    const error = await publisher.publish(v2, { orderId: 'o-1', seq: 1, skus: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSchemaIdError);
    expect((error as Error).message).toMatch(new RegExp(`subject "${v2.subject.replace(/\./g, '\\.')}".*has no such schema under this subject`));
  });
});
