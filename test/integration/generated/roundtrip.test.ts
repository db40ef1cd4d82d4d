/**
 * The generated packages on the real broker: the committed `@acme/order-events` publisher →
 * Kafka (3 partitions, Confluent-framed values) → the generated consumer, with per-key ordering;
 * a consumer group of two sharing the partitions; and one topic (`order.placed`) carrying
 * `order.placed.v1` and `order.placed.v2`, dispatched by eventType to the right typed handlers.
 * The packages are imported exactly as committed (generated/… → @event-contracts/runtime).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type MessageContext } from '@event-contracts/runtime';
import {
  createOrderConsumer,
  createOrderPublisher,
  orderPlacedV1,
  orderPlacedV2,
  type OrderConsumer,
  type OrderPlacedV1,
  type OrderPlacedV2,
} from '../../../generated/order-events/index.js';
import { kafkaBrokers, kafkaClient, uniqueGroupId } from '../../infra/kafka.js';
import { sampleOrderV2 } from '../../support/events.js';
import { waitFor } from '../../support/wait.js';

const run = randomUUID().slice(0, 8);
const schemaIds = { [orderPlacedV1.subject]: 9101, [orderPlacedV2.subject]: 9102 };
const consumers: OrderConsumer[] = [];
const publisher = createOrderPublisher({ brokers: kafkaBrokers(), clientId: `gen-rt-${run}`, source: 'roundtrip-test', schemaIds, logger: silentLogger });

const v2 = (orderId: string): OrderPlacedV2 => sampleOrderV2(orderId);
function v1(orderId: string): OrderPlacedV1 {
  return { orderId, userId: '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f', total: 42.5, lines: [{ sku: 'BOOK-0001', quantity: 1 }], placedAt: '2026-11-02T10:00:00Z' };
}

/** A consumer of order.placed for this run only (correlation ids carry the test's prefix). */
async function startConsumer(groupId: string, prefix: string, onEvent: (kind: 'v1' | 'v2', correlationId: string, ctx: MessageContext, orderId: string) => void): Promise<OrderConsumer> {
  const consumer = createOrderConsumer({ brokers: kafkaBrokers(), clientId: `gen-rt-${run}`, groupId, topics: ['order.placed'], fromBeginning: true, logger: silentLogger })
    .on('order.placed.v1', (event, ctx) => {
      const total: number = event.data.total; // typed: v1 carries a decimal total
      if (event.correlationId?.startsWith(prefix) && total > 0) onEvent('v1', event.correlationId, ctx, event.data.orderId);
    })
    .on('order.placed.v2', (event, ctx) => {
      const currency: string = event.data.total.currency; // typed: v2 carries Money
      if (event.correlationId?.startsWith(prefix) && currency === 'EUR') onEvent('v2', event.correlationId, ctx, event.data.orderId);
    });
  consumers.push(consumer);
  await consumer.start();
  return consumer;
}

beforeAll(async () => {
  const admin = kafkaClient('gen-rt-admin').admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    const topics = ['order.placed', 'order.item.added'].filter((t) => !existing.includes(t));
    if (topics.length > 0) await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })), waitForLeaders: true });
    const meta = await admin.fetchTopicMetadata({ topics: ['order.placed'] });
    expect(meta.topics[0]!.partitions).toHaveLength(3);
  } finally {
    await admin.disconnect();
  }
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await publisher.disconnect();
});

describe('generated packages on a real broker', () => {
  it('round-trips over 3 partitions, framed, keyed by x-partition-key, in order per key', async () => {
    const prefix = `${run}-order-`;
    const keys = Array.from({ length: 6 }, () => randomUUID());
    const perKey = 10;
    const received = new Map<string, { seq: number; partition: number; key: string | null; schemaId: number | undefined }[]>();
    await startConsumer(uniqueGroupId('gen-rt-order'), prefix, (_kind, correlationId, ctx, orderId) => {
      const seq = Number(correlationId.slice(prefix.length).split(':')[1]);
      received.set(orderId, [...(received.get(orderId) ?? []), { seq, partition: ctx.partition, key: ctx.key, schemaId: ctx.schemaId }]);
    });

    for (let seq = 0; seq < perKey; seq++) {
      await publisher.publishBatch(keys.map((orderId) => ({ eventType: 'order.placed.v2' as const, data: v2(orderId), options: { correlationId: `${prefix}${orderId}:${seq}` } })));
    }
    await waitFor('every event', () => keys.every((k) => (received.get(k)?.length ?? 0) >= perKey), 90_000);

    const partitions = new Set<number>();
    for (const key of keys) {
      const events = received.get(key)!;
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: perKey }, (_, i) => i));
      expect(new Set(events.map((e) => e.partition)).size).toBe(1); // one key → one partition
      expect(events.every((e) => e.key === key && e.schemaId === 9102)).toBe(true);
      partitions.add(events[0]!.partition);
    }
    expect(partitions.size).toBeGreaterThan(1); // six keys spread over the three partitions
  });

  it('dispatches v1 and v2 sharing one topic to their own typed handlers', async () => {
    const prefix = `${run}-mixed-`;
    const got: { kind: 'v1' | 'v2'; correlationId: string; schemaId: number | undefined }[] = [];
    await startConsumer(uniqueGroupId('gen-rt-mixed'), prefix, (kind, correlationId, ctx) => got.push({ kind, correlationId, schemaId: ctx.schemaId }));
    expect(orderPlacedV1.topic).toBe(orderPlacedV2.topic);

    const orderId = randomUUID();
    const sent: { kind: 'v1' | 'v2'; correlationId: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const correlationId = `${prefix}${i}`;
      if (i % 2 === 0) await publisher.publishOrderPlacedV1(v1(orderId), { correlationId });
      else await publisher.publish('order.placed.v2', v2(orderId), { correlationId });
      sent.push({ kind: i % 2 === 0 ? 'v1' : 'v2', correlationId });
    }
    await waitFor('both versions', () => got.length >= sent.length, 90_000);
    expect(got.map(({ kind, correlationId }) => ({ kind, correlationId }))).toEqual(sent); // same key → same partition → sent order
    expect(got.map((g) => g.schemaId)).toEqual(sent.map((s) => (s.kind === 'v1' ? 9101 : 9102)));
  });

  it('shares the partitions between a consumer group of two and loses nothing', async () => {
    const prefix = `${run}-group-`;
    const groupId = uniqueGroupId('gen-rt-group');
    const seen: { member: number; partition: number; correlationId: string }[] = [];
    for (const member of [0, 1]) {
      await startConsumer(groupId, prefix, (_kind, correlationId, ctx) => seen.push({ member, partition: ctx.partition, correlationId }));
    }
    const published: string[] = [];
    let round = 0;
    const publishRound = async (): Promise<string[]> => {
      const ids = Array.from({ length: 12 }, (_, i) => `${prefix}${round}:${i}`);
      round++;
      await publisher.publishBatch(ids.map((correlationId) => ({ eventType: 'order.placed.v2' as const, data: v2(randomUUID()), options: { correlationId } })));
      published.push(...ids);
      return ids;
    };
    // Until the group has rebalanced onto both members, one of them may get everything.
    const deadline = Date.now() + 90_000;
    while (!(seen.some((s) => s.member === 0) && seen.some((s) => s.member === 1))) {
      if (Date.now() > deadline) throw new Error('one member of the group never received an event');
      await publishRound();
      await new Promise((r) => setTimeout(r, 500));
    }
    const last = new Set(await publishRound());
    await waitFor('every published event', () => new Set(seen.map((s) => s.correlationId)).size >= published.length, 90_000);

    expect(new Set(seen.map((s) => s.correlationId))).toEqual(new Set(published)); // at-least-once: compare sets
    const lastRound = seen.filter((s) => last.has(s.correlationId));
    expect(new Set(lastRound.map((s) => s.member))).toEqual(new Set([0, 1]));
    const owner = new Map<number, number>();
    for (const s of lastRound) {
      expect(owner.get(s.partition) ?? s.member).toBe(s.member); // each partition has one owner
      owner.set(s.partition, s.member);
    }
  });

  it('refuses an invalid payload on the producer side before anything is sent', async () => {
    const bad = { ...v2(randomUUID()), couponCode: 'X' } as unknown as OrderPlacedV2;
    await expect(publisher.publishOrderPlacedV2(bad)).rejects.toThrow(/couponCode|not declared/);
  });
});
