// Interoperation with @kafkajs/confluent-schema-registry on the real broker, both ways, through a stand-in registry:
// its decode reads what our publisher framed; our consumer reads what its encode wrote.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, createPublisher, type AnyEnvelope, type Consumer } from '../../../runtime/src/index.js';
import { createTopic, kafkaBrokers, kafkaClient, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import {
  dataSchemaV1,
  descriptors,
  envelopeSchema,
  newAjv,
  startStandInRegistry,
  testLogger,
  tolerantValidators,
  waitFor,
  type ItemPicked,
  type StandInRegistry,
} from './helpers.js';

describe('interop with @kafkajs/confluent-schema-registry', () => {
  let registry: StandInRegistry;
  let theirs: SchemaRegistry;
  const cleanups: (() => Promise<void>)[] = [];

  // Its JSON support compiles each schema with the ajv instance given; 2020-12 and formats need Ajv2020 + ajv-formats,
  // and a fresh instance per schema avoids "schema with key or id already exists".
  const newClient = (): SchemaRegistry =>
    new SchemaRegistry(
      { host: registry.url },
      { [SchemaType.JSON]: { ajvInstance: { addSchema: () => undefined, compile: (s: object) => newAjv().compile(s) } as never } },
    );

  beforeAll(async () => {
    registry = await startStandInRegistry();
    theirs = newClient();
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await registry.close();
  });

  it('its decode reads the events our publisher framed (schema id looked up in the registry)', async () => {
    const topic = await createTopic(uniqueTopic('rt.interop.out'), 1);
    const { v1 } = descriptors(topic);
    const { id } = await theirs.register({ type: SchemaType.JSON, schema: v1.registeredSchema!.schema }, { subject: v1.subject });
    const publisher = createPublisher({ brokers: kafkaBrokers(), clientId: 'rt-interop', registryUrl: registry.url, logger: testLogger() });
    cleanups.push(() => publisher.disconnect());
    const sent = await publisher.publish(v1, { orderId: 'o-1', seq: 1, sku: 'ABC' }, { correlationId: 'corr' });
    expect(registry.requests).toContain(`POST /subjects/${v1.subject}`);

    const raw = kafkaClient('rt-interop-raw').consumer({ groupId: uniqueGroupId('rt-interop') });
    const reader = newClient(); // a fresh client: it must fetch the schema by the id in our frame
    const decoded: unknown[] = [];
    await raw.connect();
    cleanups.push(() => raw.disconnect());
    await raw.subscribe({ topic, fromBeginning: true });
    await raw.run({ eachMessage: async ({ message }) => void decoded.push(await reader.decode(message.value!)) });
    await waitFor('their decode', () => decoded.length === 1);
    expect(id).toBe(registry.ids.get(v1.subject));
    expect(decoded[0]).toEqual(sent);
    expect(registry.requests).toContain(`GET /schemas/ids/${id}`);
  });

  it('our consumer reads what its encode wrote, including a later revision with an extra field', async () => {
    const topic = await createTopic(uniqueTopic('rt.interop.in'), 1);
    // A later, compatible revision of v1 (an optional field added) registered by a producer we do not control.
    const v1_1 = envelopeSchema('item.picked.v1', {
      ...dataSchemaV1,
      properties: { ...dataSchemaV1.properties, picker: { type: 'string' } },
    });
    const { id } = await theirs.register({ type: SchemaType.JSON, schema: JSON.stringify(v1_1) }, { subject: `${topic}-item.picked.v1` });
    const envelope = (seq: number, data: object): AnyEnvelope => ({
      eventId: crypto.randomUUID(),
      eventType: 'item.picked.v1',
      eventVersion: '1.1.0',
      timestamp: new Date().toISOString(),
      source: 'their-producer',
      data: { orderId: 'o-9', seq, sku: 'Z', ...data },
    });
    const producer = kafkaClient('rt-interop-their-producer').producer();
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const values = [await theirs.encode(id, envelope(1, {})), await theirs.encode(id, envelope(2, { picker: 'ann' }))];
    await producer.send({ topic, messages: values.map((value) => ({ key: 'o-9', value })) });

    const got: { seq: number; schemaId: number | undefined; data: unknown }[] = [];
    const consumer: Consumer<ItemPicked> = createConsumer<ItemPicked>({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('rt-interop-in'),
      topics: [topic],
      fromBeginning: true,
      validators: tolerantValidators,
      onInvalid: 'fail',
      logger: testLogger(),
    }).on('item.picked.v1', (e, ctx) => {
      got.push({ seq: e.data.seq, schemaId: ctx.schemaId, data: e.data });
    });
    cleanups.push(() => consumer.stop());
    await consumer.start();
    await waitFor('our consumer', () => got.length === 2);
    expect(got).toEqual([
      { seq: 1, schemaId: id, data: { orderId: 'o-9', seq: 1, sku: 'Z' } },
      { seq: 2, schemaId: id, data: { orderId: 'o-9', seq: 2, sku: 'Z', picker: 'ann' } },
    ]);
  });
});
