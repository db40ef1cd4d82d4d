/**
 * Evolving across majors on the real broker (topic `order.placed`, generated `@acme/order-events` as committed):
 * a producer still on v1, a producer on v2 with the bridge (each v2 also sent as v1 through the downcast), a
 * consumer using `onLatest` (every event as v2, v1 upcast by migrations/order/placed.v1-to-v2.ts) and a consumer
 * still on v1 only: both consumers see the same logical orders. A migration that throws on one input
 * dead-letters that event only. Prints its counts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BRIDGED_FROM_HEADER,
  buildFamilies,
  createConsumer,
  MigrationError,
  registerLatest,
  silentLogger,
  type ObservedOutcome,
} from '@event-contracts/runtime';
import {
  createOrderConsumer,
  createOrderPublisher,
  orderEventDescriptors,
  type OrderConsumer,
  type OrderPlacedV1,
  type OrderPlacedV2,
} from '../../../generated/order-events/index.js';
import { kafkaBrokers, kafkaClient, uniqueGroupId } from '../../infra/kafka.js';
import { sampleOrderV1, sampleOrderV2 } from '../../support/events.js';
import { waitFor } from '../../support/wait.js';

const run = randomUUID().slice(0, 8);
const stoppers: (() => Promise<void>)[] = [];
const v1 = (orderId: string, total = 42.5): OrderPlacedV1 => sampleOrderV1(orderId, total);
const v2 = (orderId: string): OrderPlacedV2 => sampleOrderV2(orderId, { twoLines: true });

beforeAll(async () => {
  const admin = kafkaClient('upcast-admin').admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes('order.placed')) {
      await admin.createTopics({ topics: [{ topic: 'order.placed', numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
});
afterAll(async () => {
  for (const stop of stoppers) await stop();
});

describe('evolving across majors on a real broker', () => {
  it('v1-only producer + bridged v2 producer: onLatest and v1-only consumers see the same logical orders', async () => {
    const prefix = `upcast-${run}-`;
    const base = {
      brokers: kafkaBrokers(),
      groupId: '',
      fromBeginning: true,
      deadLetter: false as const,
      onInvalid: 'skip' as const,
      onUnknownEventType: 'skip' as const,
      handleSignals: false,
      logger: silentLogger,
    };
    const latest: { orderId: string; major: number; eventId: string; bridgedFrom: string | undefined; currency: string }[] = [];
    const latestConsumer: OrderConsumer = createOrderConsumer({ ...base, groupId: uniqueGroupId('upcast-latest'), topics: ['order.placed'] }).onLatest(
      'order.placed',
      (event, ctx) => {
        if (!event.correlationId?.startsWith(prefix)) return;
        latest.push({
          orderId: event.data.orderId,
          major: ctx.arrived.major,
          eventId: event.eventId,
          bridgedFrom: ctx.headers[BRIDGED_FROM_HEADER],
          currency: event.data.total.currency,
        });
      },
    );
    const legacy: { orderId: string; bridgedFrom: string | undefined }[] = [];
    const legacyConsumer = createOrderConsumer({ ...base, groupId: uniqueGroupId('upcast-legacy'), topics: ['order.placed'] }).on(
      'order.placed.v1',
      (event, ctx) => {
        if (event.correlationId?.startsWith(prefix)) legacy.push({ orderId: event.data.orderId, bridgedFrom: ctx.headers[BRIDGED_FROM_HEADER] });
      },
    );
    for (const c of [latestConsumer, legacyConsumer]) {
      stoppers.push(() => c.stop());
      await c.start();
    }

    const oldProducer = createOrderPublisher({
      frameUnknownSchema: 'send-unframed',
      brokers: kafkaBrokers(),
      clientId: `upcast-old-${run}`,
      source: 'checkout-old',
      logger: silentLogger,
    });
    const newProducer = createOrderPublisher({
      frameUnknownSchema: 'send-unframed',
      brokers: kafkaBrokers(),
      clientId: `upcast-new-${run}`,
      source: 'checkout-new',
      bridge: ['order.placed.v2'],
      logger: silentLogger,
    });
    stoppers.push(
      () => oldProducer.disconnect(),
      () => newProducer.disconnect(),
    );
    const oldOrders = Array.from({ length: 5 }, () => randomUUID());
    const newOrders = Array.from({ length: 5 }, () => randomUUID());
    for (const id of oldOrders) await oldProducer.publishOrderPlacedV1(v1(id), { correlationId: `${prefix}${id}` });
    const v2Ids = new Map<string, string>();
    for (const id of newOrders) v2Ids.set(id, (await newProducer.publishOrderPlacedV2(v2(id), { correlationId: `${prefix}${id}` })).eventId);

    const all = [...oldOrders, ...newOrders];
    // onLatest: 5 v1 + 5 v2 + 5 bridged v1 copies; the v1-only consumer: 5 v1 + 5 bridged copies.
    await waitFor('every event at both consumers', () => latest.length >= 15 && legacy.length >= 10, 90_000);
    await new Promise((r) => setTimeout(r, 1000)); // nothing more should arrive
    const sent = oldOrders.length + 2 * newOrders.length;
    console.log(
      `upcast on broker: sent ${sent} (5 v1, 5 v2 + 5 bridged v1), onLatest received ${latest.length} (${latest.filter((l) => l.major === 1).length} upcast from v1), v1-only received ${legacy.length}; logical orders ${new Set(latest.map((l) => l.orderId)).size} vs ${new Set(legacy.map((l) => l.orderId)).size}`,
    );

    expect(latest).toHaveLength(15);
    expect(legacy).toHaveLength(10);
    expect(new Set(latest.map((l) => l.orderId))).toEqual(new Set(all));
    expect(new Set(legacy.map((l) => l.orderId))).toEqual(new Set(all));
    expect(latest.every((l) => l.currency === 'EUR')).toBe(true);
    for (const id of newOrders) {
      const seen = latest.filter((l) => l.orderId === id);
      // The v2 event itself, and its bridged v1 copy pointing back to it (the consumer can drop it by that header).
      expect(seen.map((s) => s.major).sort()).toEqual([1, 2]);
      expect(seen.find((s) => s.major === 1)!.bridgedFrom).toBe(v2Ids.get(id));
      expect(legacy.find((l) => l.orderId === id)!.bridgedFrom).toBe(v2Ids.get(id));
    }
    for (const id of oldOrders) expect(latest.filter((l) => l.orderId === id).map((l) => [l.major, l.bridgedFrom])).toEqual([[1, undefined]]);
  }, 150_000);

  it('a migration that throws on one input dead-letters that event only', async () => {
    const prefix = `upcast-poison-${run}-`;
    const poison = randomUUID();
    const fine = Array.from({ length: 4 }, () => randomUUID());
    const families = buildFamilies(orderEventDescriptors, {
      upcasts: [
        {
          from: 'order.placed.v1',
          to: 'order.placed.v2',
          file: 'migrations/order/placed.v1-to-v2.ts',
          migrate: (d: OrderPlacedV1) => {
            if (d.total > 1000) throw new Error('totals over 1000 EUR are not supported');
            return { ...v2(d.orderId) };
          },
        },
      ],
      downcasts: [],
      sunsets: {},
    });
    const outcomes: ObservedOutcome[] = [];
    const handled: string[] = [];
    const consumer = createConsumer({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('upcast-poison'),
      topics: ['order.placed'],
      fromBeginning: true,
      retry: { attempts: 2, initialDelayMs: 10 },
      onInvalid: 'skip',
      onUnknownEventType: 'skip',
      handleSignals: false,
      logger: silentLogger,
      onOutcome: (outcome) => {
        if (outcome.eventId && (outcome.eventId === poisonEventId || fineEventIds.has(outcome.eventId))) outcomes.push(outcome);
      },
    });
    registerLatest(consumer, families.get('order.placed')!, (event) => {
      if (event.correlationId?.startsWith(prefix)) handled.push((event.data as OrderPlacedV2).orderId);
    });
    stoppers.push(() => consumer.stop());
    await consumer.start();
    const producer = createOrderPublisher({
      frameUnknownSchema: 'send-unframed',
      brokers: kafkaBrokers(),
      clientId: `upcast-poison-${run}`,
      source: 'checkout-old',
      logger: silentLogger,
    });
    stoppers.push(() => producer.disconnect());
    const fineEventIds = new Set<string>();
    let poisonEventId = '';
    for (const [i, id] of fine.entries()) {
      if (i === 2) poisonEventId = (await producer.publishOrderPlacedV1(v1(poison, 5000), { correlationId: `${prefix}${poison}` })).eventId;
      fineEventIds.add((await producer.publishOrderPlacedV1(v1(id), { correlationId: `${prefix}${id}` })).eventId);
    }
    await waitFor(
      'the fine orders and the poison outcome',
      () => handled.length >= fine.length && outcomes.some((o) => o.eventId === poisonEventId && o.status === 'dead-lettered'),
      90_000,
    );
    const dead = outcomes.filter((o) => o.status === 'dead-lettered');
    console.log(`throwing migration on broker: sent ${fine.length + 1}, handled ${handled.length}, dead-lettered ${dead.length}`);
    expect(new Set(handled)).toEqual(new Set(fine));
    expect(dead).toHaveLength(1);
    expect(dead[0]!.eventId).toBe(poisonEventId);
    const error = (dead[0] as { error?: Error }).error;
    expect(error).toBeInstanceOf(MigrationError);
    expect(error!.message).toMatch(/it threw: totals over 1000 EUR are not supported/);
  }, 150_000);
});
