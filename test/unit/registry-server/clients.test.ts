/**
 * Real, unmodified third-party clients against the embedded registry, in-process on port 0:
 * @kafkajs/confluent-schema-registry and Confluent's own @confluentinc/schemaregistry serde.
 */
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { JsonDeserializer, JsonSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRegistry, type TestRegistry } from './helpers.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const BASE = 'https://contracts.example/schemas';
const MONEY = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${BASE}/money.json`,
  type: 'object',
  properties: { amount: { type: 'number' }, currency: { type: 'string', minLength: 3, maxLength: 3 } },
  required: ['amount', 'currency'],
};
const orderSchema = (version: number, extra: Record<string, unknown> = {}) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${BASE}/order.v${version}.json`,
  title: 'OrderPlaced',
  type: 'object',
  properties: {
    orderId: { type: 'string', format: 'uuid' },
    total: { $ref: `${BASE}/money.json` },
    ...extra,
  },
  required: ['orderId', 'total'],
});
const MONEY_REF = [{ name: `${BASE}/money.json`, subject: 'money', version: 1 }];
const ORDER = { orderId: '2b0f1c52-3f0e-4a57-9d0e-6f1a3c1b9e11', total: { amount: 12.5, currency: 'EUR' } };

/** kafkajs' client compiles every schema on one Ajv unless given a fresh one per compile (libraries.md). */
function freshAjvPerSchema() {
  let pending: [object, string | undefined][] = [];
  return {
    addSchema(schema: object, key?: string) {
      pending.push([schema, key]);
      return this;
    },
    compile(schema: object) {
      const ajv = addFormats(new Ajv2020({ strict: false }));
      for (const [s, key] of pending) if (!ajv.getSchema(key ?? '')) ajv.addSchema(s, key);
      pending = [];
      return ajv.compile(schema);
    },
  };
}

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry();
  const money = await registry.register('money', MONEY);
  expect(money.body).toMatchObject({ id: 1, version: 1 });
});
afterAll(async () => {
  await registry.close();
});

describe('@kafkajs/confluent-schema-registry 4.1.0', () => {
  const client = () => new SchemaRegistry({ host: registry.url, retry: { retries: 0 } }, { [SchemaType.JSON]: { ajvInstance: freshAjvPerSchema() } } as any);

  it('registers with references, sets the subject level on first registration, and round-trips encode/decode', async () => {
    const sr = client();
    const first = await sr.register(
      { type: SchemaType.JSON, schema: JSON.stringify(orderSchema(1)), references: MONEY_REF },
      { subject: 'orders-value', compatibility: COMPATIBILITY.FULL_TRANSITIVE },
    );
    expect((await registry.call('GET', '/config/orders-value')).body.compatibilityLevel).toBe('FULL_TRANSITIVE');
    // A compatible second version (description only) under the now-configured level.
    const second = await sr.register(
      { type: SchemaType.JSON, schema: JSON.stringify({ ...orderSchema(2), description: 'An order was placed.' }), references: MONEY_REF },
      { subject: 'orders-value', compatibility: COMPATIBILITY.FULL_TRANSITIVE },
    );
    expect(second.id).not.toBe(first.id);
    expect(await sr.getLatestSchemaId('orders-value')).toBe(second.id);

    const encoded = await sr.encode(second.id, ORDER);
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(second.id);
    expect(JSON.parse(encoded.subarray(5).toString('utf8'))).toEqual(ORDER);
    // A fresh client learns the schema (and its reference) from the registry by id.
    expect(await client().decode(encoded)).toEqual(ORDER);
    await expect(sr.encode(second.id, { ...ORDER, orderId: 'not-a-uuid' })).rejects.toThrow(/invalid payload/);
  });

  it('registers with NONE and updateConfig:false, and surfaces a 409 for an incompatible schema', async () => {
    const sr = client();
    const v1 = { type: 'object', properties: { n: { type: 'string' } } };
    await sr.register({ type: SchemaType.JSON, schema: JSON.stringify(v1) }, { subject: 'plain', compatibility: COMPATIBILITY.NONE, updateConfig: false });
    expect((await registry.call('GET', '/config/plain')).body.error_code).toBe(40408);
    await sr.register({ type: SchemaType.JSON, schema: JSON.stringify(v1) }, { subject: 'strict', compatibility: COMPATIBILITY.BACKWARD });
    const breaking = { type: 'object', properties: { n: { type: 'integer' } } };
    await expect(
      sr.register({ type: SchemaType.JSON, schema: JSON.stringify(breaking) }, { subject: 'strict', compatibility: COMPATIBILITY.BACKWARD }),
    ).rejects.toMatchObject({ status: 409 });
    const verdict = await sr['api'].Subject.compatible({ subject: 'strict', body: { schemaType: 'JSON', schema: JSON.stringify(breaking) } });
    expect(verdict.data()).toEqual({ is_compatible: false });
  });
});

describe('@confluentinc/schemaregistry 1.10.1', () => {
  it('JSON serializer and deserializer frame and read messages with ids from the embedded registry', async () => {
    const client = new SchemaRegistryClient({ baseURLs: [registry.url] });
    const registered = await client.register('payments-value', { schemaType: 'JSON', schema: JSON.stringify(orderSchema(1)), references: MONEY_REF });
    expect(await client.getId('payments-value', { schemaType: 'JSON', schema: JSON.stringify(orderSchema(1)), references: MONEY_REF })).toBe(registered);

    const latest = new JsonSerializer(client, SerdeType.VALUE, { useLatestVersion: true, validate: true, formats: fullFormats } as any);
    const bytes = await latest.serialize('payments', ORDER);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(registered);

    const byId = new JsonSerializer(client, SerdeType.VALUE, { useSchemaId: registered, validate: true, formats: fullFormats } as any);
    expect(await byId.serialize('payments', ORDER)).toEqual(bytes);

    const reader = new JsonDeserializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, {
      validate: true,
      formats: fullFormats,
    } as any);
    expect(await reader.deserialize('payments', bytes)).toEqual(ORDER);
    await expect(latest.serialize('payments', { ...ORDER, total: { amount: 'twelve' } })).rejects.toThrow(/Invalid message/);

    const metadata = await client.getLatestSchemaMetadata('payments-value');
    expect(metadata).toMatchObject({ id: registered, version: 1, subject: 'payments-value', schemaType: 'JSON' });
    expect(await client.testSubjectCompatibility('payments-value', { schemaType: 'JSON', schema: JSON.stringify(orderSchema(2)), references: MONEY_REF })).toBe(
      true,
    );
  });
});
