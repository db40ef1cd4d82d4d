/**
 * The end-to-end proof of issue 5: registration, the embedded registry, the committed generated
 * packages and a real Kafka broker, joined.
 *
 *   `contracts register` (in process) puts the example repository's contracts into an embedded
 *   registry → the generated publishers (`generated/*-events`, imported as committed) look their
 *   schema ids up in that registry (`SCHEMA_REGISTRY_URL`) and frame every message with them →
 *   the real broker → the generated consumers read them back; the raw bytes carry exactly the id
 *   the registry answers for the subject, that id serves the envelope schema, and an unmodified
 *   third-party deserializer decodes the message with the schema it fetches by that id.
 *
 * Topics are the contracts' own (`user.created`, `order.placed`, `payments`), shared with other
 * test files on the same broker: every event carries a correlation id with this run's prefix and
 * everything else on the topic is ignored.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { JsonDeserializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublisher,
  createSchemaIdResolver,
  silentLogger,
  UnknownSchemaIdError,
  type AnyEnvelope,
  type AnyEventDescriptor,
  type MessageContext,
  type Publisher,
} from '@event-contracts/runtime';
import { main } from '../../../generator/cli/main.js';
import { startRegistry, type RunningRegistry } from '../../../generator/registry-server/index.js';
import {
  createOrderConsumer,
  createOrderPublisher,
  orderEventDescriptors,
  orderPlacedV1,
  orderPlacedV2,
  type OrderConsumer,
} from '../../../generated/order-events/index.js';
import {
  createPaymentConsumer,
  createPaymentPublisher,
  paymentEventDescriptors,
  paymentProcessedV1,
  type PaymentConsumer,
  type PaymentProcessedV1,
} from '../../../generated/payment-events/index.js';
import { createUserConsumer, createUserPublisher, userCreatedV1, userEventDescriptors, type UserConsumer } from '../../../generated/user-events/index.js';
import { kafkaBrokers, uniqueGroupId } from '../../infra/kafka.js';
import { waitFor } from '../../support/wait.js';
import { captureIO } from '../register/repo-fixture.js';
import { ensureContractTopics, latest, orderV1, orderV2, payment, rawCollector, registryGet, userCreated } from './helpers.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const RUN = randomUUID().slice(0, 8);
/** Every descriptor of the committed packages: what `register` must have put into the registry. */
const DESCRIPTORS: AnyEventDescriptor[] = [
  ...Object.values(orderEventDescriptors),
  ...Object.values(paymentEventDescriptors),
  ...Object.values(userEventDescriptors),
];

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
/** draft-07 (the example repository's draft), formats on, `x-…` annotations allowed. */
const newAjv = (): Ajv => addFormats(new Ajv({ strict: false }));

interface Received {
  envelope: AnyEnvelope;
  ctx: MessageContext;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

beforeAll(() => ensureContractTopics(RUN));

describe('register → embedded registry → generated packages → real broker', () => {
  let registry: RunningRegistry;
  const first = captureIO();
  let firstExit: number;
  beforeAll(async () => {
    registry = await startRegistry({ port: 0 });
    cleanups.push(() => registry.close());
    // `contracts register --registry <url> --cwd <repo root> --format json`, in process. Every test below needs it.
    firstExit = await main(['register', '--registry', registry.url, '--cwd', REPO_ROOT, '--format', 'json'], first);
  });

  it('registers the example repository, and a second run registers nothing', async () => {
    expect(firstExit, first.err).toBe(0);
    const applied = JSON.parse(first.out) as {
      complete: boolean;
      counts: Record<string, number>;
      items: { subject: string; status: string; id: number; version: number }[];
    };
    const shared = ['_shared.address', '_shared.money'];
    const expectedSubjects = [...shared, ...DESCRIPTORS.map((d) => d.subject)].sort();
    expect(applied.complete).toBe(true);
    expect(applied.items.map((i) => i.subject).sort()).toEqual(expectedSubjects);
    expect(applied.items.every((i) => i.status === 'registered' && i.version === 1)).toBe(true);
    expect(applied.counts).toEqual({ registered: expectedSubjects.length, skipped: 0, failed: 0 });

    const second = captureIO();
    expect(await main(['register', '--registry', registry.url, '--cwd', REPO_ROOT, '--format', 'json'], second), second.err).toBe(0);
    const again = JSON.parse(second.out) as typeof applied;
    expect(again.counts).toEqual({ registered: 0, skipped: expectedSubjects.length, failed: 0 });
    // …and the registry agrees: one version per subject, the same ids as the first run.
    const { body: subjects } = await registryGet<string[]>(registry, '/subjects');
    expect([...subjects].sort()).toEqual(expectedSubjects);
    for (const item of applied.items) {
      const { body: versions } = await registryGet<number[]>(registry, `/subjects/${encodeURIComponent(item.subject)}/versions`);
      expect(versions, item.subject).toEqual([1]);
      expect(again.items.find((i) => i.subject === item.subject)?.id).toBe(item.id);
    }
  });

  it('registered exactly the schema text and references the generated descriptors carry', async () => {
    // Both come from registration/view.ts, but the packages are committed text generated earlier: equality
    // proves they are not stale against what register sends, and byte-identical text is what makes the runtime's
    // lookup by content (POST /subjects/{s}) find the id.
    for (const def of DESCRIPTORS) {
      const registered = await latest(registry, def.subject);
      expect(registered.schema, def.subject).toBe(def.registeredSchema?.schema);
      expect(
        (registered.references ?? []).map(({ name, subject }) => ({ name, subject })),
        def.subject,
      ).toEqual((def.registeredSchema?.references ?? []).map(({ name, subject }) => ({ name, subject })));
    }
  });

  it('frames user.created.v1 and order.placed.v1 with the registry ids; the generated consumers and a third-party decode read them', async () => {
    const prefix = `${RUN}-plain-`;
    const raw = await rawCollector(RUN, prefix, ['user.created', 'order.placed']);
    cleanups.push(() => raw.consumer.disconnect());

    const received = new Map<string, Received>();
    const keep = (envelope: AnyEnvelope, ctx: MessageContext): void => {
      if (envelope.correlationId?.startsWith(prefix)) received.set(envelope.correlationId, { envelope, ctx });
    };
    const users: UserConsumer = createUserConsumer({
      brokers: kafkaBrokers(),
      clientId: `e2e-${RUN}`,
      groupId: uniqueGroupId('e2e-user'),
      fromBeginning: true,
      onInvalid: 'fail',
      logger: silentLogger,
    }).on('user.created.v1', (event, ctx) => keep(event, ctx));
    const orders: OrderConsumer = createOrderConsumer({
      brokers: kafkaBrokers(),
      clientId: `e2e-${RUN}`,
      groupId: uniqueGroupId('e2e-order'),
      topics: ['order.placed'],
      fromBeginning: true,
      onInvalid: 'fail',
      logger: silentLogger,
    })
      .on('order.placed.v1', (event, ctx) => keep(event, ctx))
      .on('order.placed.v2', (event, ctx) => keep(event, ctx));
    cleanups.push(
      () => users.stop(),
      () => orders.stop(),
    );
    await Promise.all([users.start(), orders.start()]);

    // How a service is configured: SCHEMA_REGISTRY_URL in the environment, one shared producer for both packages.
    const savedEnv = process.env.SCHEMA_REGISTRY_URL;
    process.env.SCHEMA_REGISTRY_URL = registry.url;
    let shared: Publisher;
    try {
      shared = createPublisher({ brokers: kafkaBrokers(), clientId: `e2e-${RUN}`, source: 'e2e-test', logger: silentLogger });
    } finally {
      if (savedEnv === undefined) delete process.env.SCHEMA_REGISTRY_URL;
      else process.env.SCHEMA_REGISTRY_URL = savedEnv;
    }
    cleanups.push(() => shared.disconnect());
    const userEvents = createUserPublisher({ publisher: shared });
    const orderEvents = createOrderPublisher({ publisher: shared });

    const sent = new Map<string, AnyEnvelope>();
    for (let i = 0; i < 3; i++) {
      const u = await userEvents.publishUserCreatedV1(userCreated(`ada+${RUN}.${i}@example.com`), { correlationId: `${prefix}user-${i}` });
      const o = await orderEvents.publishOrderPlacedV1(orderV1(randomUUID()), { correlationId: `${prefix}order-${i}` });
      sent.set(u.correlationId!, u).set(o.correlationId!, o);
    }
    await waitFor('the generated consumers', () => received.size === sent.size);
    await waitFor('the raw consumer', () => raw.messages.size === sent.size);

    const ids = {
      [userCreatedV1.subject]: (await latest(registry, userCreatedV1.subject)).id,
      [orderPlacedV1.subject]: (await latest(registry, orderPlacedV1.subject)).id,
    };
    expect(ids[userCreatedV1.subject]).not.toBe(ids[orderPlacedV1.subject]);
    const theirs = new SchemaRegistry(
      { host: registry.url },
      // A fresh draft-07 ajv with formats per compiled schema (libraries.md: a shared instance refuses a second $id).
      { [SchemaType.JSON]: { ajvInstance: { addSchema: () => undefined, compile: (schema: object) => newAjv().compile(schema) } as never } },
    );

    for (const [correlationId, envelope] of sent) {
      const def: AnyEventDescriptor = envelope.eventType === userCreatedV1.eventType ? userCreatedV1 : orderPlacedV1;
      const id = ids[def.subject]!;
      const message = raw.messages.get(correlationId)!;
      const value = message.value!;
      // Confluent wire format: magic byte 0, then the registry's id for the subject's schema, big-endian.
      expect([...value.subarray(0, 5)], correlationId).toEqual([0, (id >>> 24) & 0xff, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff]);
      expect(JSON.parse(value.subarray(5).toString('utf8'))).toEqual(envelope);
      expect(message.topic).toBe(def.topic);
      const data = envelope.data as Record<string, unknown>;
      expect(message.key?.toString()).toBe(def === userCreatedV1 ? data.userId : data.orderId); // x-partition-key
      expect(message.headers?.ce_type?.toString()).toBe(def.eventType);
      expect(message.headers?.ce_id?.toString()).toBe(envelope.eventId);
      // That id serves the envelope schema the descriptor carries.
      const { status, body } = await registryGet<{ schema: string; schemaType?: string }>(registry, `/schemas/ids/${id}`);
      expect(status).toBe(200);
      expect(body.schema).toBe(def.registeredSchema!.schema);
      expect(body.schemaType).toBe('JSON');
      expect(JSON.parse(body.schema)).toMatchObject({
        title: def.eventType,
        required: ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'data'],
      });
      // The generated consumer got the same envelope, and saw the same id in the frame.
      const got = received.get(correlationId)!;
      expect(got.envelope).toEqual(envelope);
      expect(got.ctx.schemaId).toBe(id);
      // An unmodified third-party client fetches the schema by that id, validates and decodes.
      expect(await theirs.decode(value)).toEqual(envelope);
    }
    // Its decode validates against the fetched schema: the same frame around a wrong envelope is refused.
    const wrong = Buffer.concat([
      raw.messages.get(`${prefix}user-0`)!.value!.subarray(0, 5),
      Buffer.from(JSON.stringify({ ...sent.get(`${prefix}user-0`), eventType: 'user.deleted.v1' })),
    ]);
    await expect(theirs.decode(wrong)).rejects.toThrow(/invalid payload/);
  });

  // Was a known bug between parts (docs/stages/e2e.md): the generated descriptors carry references with
  // `version: -1` (generator/generate/plan.ts, referencesLiteral) and registries refuse reference versions < 1
  // (422/42201). The runtime's resolver now resolves such a reference to the referenced subject's latest
  // version (GET /subjects/{ref}/versions/latest) before the lookup (runtime/src/schema-ids.ts).
  it("finds the ids of events with shared references (order.placed.v2, payment.processed.v1) by the descriptors' lookup", async () => {
    const resolver = createSchemaIdResolver({ registryUrl: registry.url });
    for (const def of [orderPlacedV2, paymentProcessedV1]) {
      expect(await resolver.resolve(def), def.subject).toBe((await latest(registry, def.subject)).id);
    }
  });

  it("round-trips events with shared references framed with the registry ids; Confluent's JsonDeserializer resolves the references by name", async () => {
    // The ids come from the registry (GET /subjects/{s}/versions/latest) and are handed to the publisher
    // as its static `schemaIds`, which sidesteps the lookup bug above: framing, consuming and third-party
    // decoding with references are proven independently of it.
    const ids = {
      [orderPlacedV2.subject]: (await latest(registry, orderPlacedV2.subject)).id,
      [paymentProcessedV1.subject]: (await latest(registry, paymentProcessedV1.subject)).id,
    };
    const prefix = `${RUN}-refs-`;
    const raw = await rawCollector(RUN, prefix, ['order.placed', 'payments']);
    cleanups.push(() => raw.consumer.disconnect());
    const received = new Map<string, Received>();
    const keep = (envelope: AnyEnvelope, ctx: MessageContext): void => {
      if (envelope.correlationId?.startsWith(prefix)) received.set(envelope.correlationId, { envelope, ctx });
    };
    const orders: OrderConsumer = createOrderConsumer({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('e2e-order-refs'),
      topics: ['order.placed'],
      fromBeginning: true,
      onInvalid: 'fail',
      logger: silentLogger,
    }).on('order.placed.v2', (event, ctx) => keep(event, ctx));
    const payments: PaymentConsumer = createPaymentConsumer({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('e2e-payments'),
      fromBeginning: true,
      onInvalid: 'fail',
      logger: silentLogger,
    }).on('payment.processed.v1', (event, ctx) => keep(event, ctx));
    cleanups.push(
      () => orders.stop(),
      () => payments.stop(),
    );
    await Promise.all([orders.start(), payments.start()]);

    const shared = createPublisher({
      brokers: kafkaBrokers(),
      clientId: `e2e-${RUN}`,
      source: 'e2e-test',
      registryUrl: registry.url,
      schemaIds: ids,
      logger: silentLogger,
    });
    cleanups.push(() => shared.disconnect());
    const sent = new Map<string, AnyEnvelope>();
    for (let i = 0; i < 2; i++) {
      const orderId = randomUUID();
      const o = await createOrderPublisher({ publisher: shared }).publishOrderPlacedV2(orderV2(orderId), { correlationId: `${prefix}order-${i}` });
      const p = await createPaymentPublisher({ publisher: shared }).publishPaymentProcessedV1(payment(orderId), { correlationId: `${prefix}payment-${i}` });
      sent.set(o.correlationId!, o).set(p.correlationId!, p);
    }
    await waitFor('the generated consumers', () => received.size === sent.size);
    await waitFor('the raw consumer', () => raw.messages.size === sent.size);

    // Its config is spread into the ajv options. order.placed.v2 is 2020-12 and references draft-07 shared
    // schemas; one ajv instance has one meta-schema, so meta-validation of the references is switched off
    // (`validateSchema: false`); the schemas are still compiled and the message validated against them.
    const reader = new JsonDeserializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, {
      validate: true,
      formats: fullFormats,
      validateSchema: false,
      strict: false,
    } as never);
    for (const [correlationId, envelope] of sent) {
      const def: AnyEventDescriptor = envelope.eventType === orderPlacedV2.eventType ? orderPlacedV2 : paymentProcessedV1;
      const value = raw.messages.get(correlationId)!.value!;
      expect(value[0]).toBe(0);
      expect(value.readUInt32BE(1)).toBe(ids[def.subject]);
      const { body: byId } = await registryGet<{ schema: string; references?: { name: string }[] }>(registry, `/schemas/ids/${ids[def.subject]}`);
      expect(byId.schema).toBe(def.registeredSchema!.schema);
      expect(byId.references?.map((r) => r.name)).toEqual(def.registeredSchema!.references!.map((r) => r.name));
      expect(received.get(correlationId)!.envelope).toEqual(envelope);
      expect(received.get(correlationId)!.ctx.schemaId).toBe(ids[def.subject]);
      expect(await reader.deserialize(def.topic, value)).toEqual(envelope);
    }
    // The referenced schema is really resolved and enforced: a Money with a bad currency, in the same frame, is refused.
    const framed = raw.messages.get(`${prefix}payment-0`)!.value!;
    const envelope = sent.get(`${prefix}payment-0`) as AnyEnvelope & { data: PaymentProcessedV1 };
    const badMoney = { ...envelope, data: { ...envelope.data, amount: { amountMinor: 1, currency: 'euro' } } };
    await expect(reader.deserialize('payments', Buffer.concat([framed.subarray(0, 5), Buffer.from(JSON.stringify(badMoney))]))).rejects.toThrow(/currency/);
  });
});

describe('an event whose schema is not registered (fresh registry, no register step)', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ port: 0 });
    cleanups.push(() => registry.close());
  });

  it('is refused by a publisher pointed at a registry (the default), and nothing reaches the broker', async () => {
    const prefix = `${RUN}-unregistered-`;
    const raw = await rawCollector(RUN, prefix, ['user.created']);
    cleanups.push(() => raw.consumer.disconnect());
    const { status } = await registryGet(registry, `/subjects/${encodeURIComponent(userCreatedV1.subject)}/versions/latest`);
    expect(status).toBe(404);

    const refusing = createUserPublisher({
      brokers: kafkaBrokers(),
      clientId: `e2e-${RUN}`,
      source: 'e2e-test',
      registryUrl: registry.url,
      logger: silentLogger,
    });
    cleanups.push(() => refusing.disconnect());
    const userId = randomUUID(); // one key for both events below: one partition, so send order is arrival order
    const refused = refusing.publishUserCreatedV1(userCreated('refused@example.com', userId), { correlationId: `${prefix}refused` });
    await expect(refused).rejects.toBeInstanceOf(UnknownSchemaIdError);
    await expect(refused).rejects.toThrow(userCreatedV1.subject);

    // Opting in to unframed sends: the value is plain JSON (no 0x00 + id), and the generated consumer still reads it.
    const received = new Map<string, Received>();
    const users = createUserConsumer({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('e2e-unframed'),
      fromBeginning: true,
      onInvalid: 'fail',
      logger: silentLogger,
    }).on('user.created.v1', (event, ctx) => void (event.correlationId?.startsWith(prefix) && received.set(event.correlationId, { envelope: event, ctx })));
    cleanups.push(() => users.stop());
    await users.start();
    const unframed = createUserPublisher({
      brokers: kafkaBrokers(),
      clientId: `e2e-${RUN}`,
      source: 'e2e-test',
      registryUrl: registry.url,
      frameUnknownSchema: 'send-unframed',
      logger: silentLogger,
    });
    cleanups.push(() => unframed.disconnect());
    const sent = await unframed.publishUserCreatedV1(userCreated('unframed@example.com', userId), { correlationId: `${prefix}unframed` });

    await waitFor('the unframed event', () => raw.messages.has(`${prefix}unframed`) && received.has(`${prefix}unframed`));
    const value = raw.messages.get(`${prefix}unframed`)!.value!;
    expect(value[0]).toBe('{'.charCodeAt(0));
    expect(JSON.parse(value.toString('utf8'))).toEqual(sent);
    expect(received.get(`${prefix}unframed`)!.envelope).toEqual(sent);
    expect(received.get(`${prefix}unframed`)!.ctx.schemaId).toBeUndefined();
    // The refused event was never sent: the later event on the same key (same partition) arrived, the refused one did not.
    expect([...raw.messages.keys()]).toEqual([`${prefix}unframed`]);
  });
});
