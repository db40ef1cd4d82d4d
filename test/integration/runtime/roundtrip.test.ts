// Publish → consume through the runtime on the real broker: 3 partitions, per-key ordering, v1 and v2 on one topic,
// CloudEvents headers and Confluent framing on the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, createPublisher, unframe, type Consumer, type MessageContext, type Publisher } from '../../../runtime/src/index.js';
import { createTopic, kafkaBrokers, kafkaClient, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { descriptors, testLogger, tolerantValidators, waitFor, type ItemPicked } from './helpers.js';

describe('runtime round trip on a real broker', () => {
  const topic = uniqueTopic('rt.roundtrip');
  const { v1, v2 } = descriptors(topic);
  const errors: string[] = [];
  let publisher: Publisher;
  let consumer: Consumer<ItemPicked> | undefined;

  beforeAll(async () => {
    await createTopic(topic, 3);
    publisher = createPublisher({
      brokers: kafkaBrokers(),
      clientId: 'rt-roundtrip',
      schemaIds: { [v1.subject]: 101, [v2.subject]: 102 },
      logger: testLogger(errors),
    });
  });
  afterAll(async () => {
    await consumer?.stop();
    await publisher?.disconnect();
  });

  it('delivers every event once, in order per key, each key on one partition, v1 and v2 to their handlers', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `order-${i}`);
    const perKey = 25;
    // Interleave the three ways of publishing; a key's events are sent in seq order.
    for (let seq = 0; seq < perKey; seq++) {
      if (seq % 5 === 0) {
        await publisher.publishBatch(keys.map((orderId) => ({ def: v2, data: { orderId, seq, skus: [`s${seq}`] } })));
      } else if (seq % 5 === 1) {
        await Promise.all(keys.map((orderId) => publisher.publish(v1, { orderId, seq, sku: `s${seq}` }, { correlationId: `c-${orderId}` })));
      } else {
        for (const orderId of keys) publisher.emit(v1, { orderId, seq, sku: `s${seq}` });
        await publisher.flush();
      }
    }
    expect(errors).toEqual([]);

    const got: { type: string; orderId: string; seq: number; partition: number; ctx: MessageContext }[] = [];
    consumer = createConsumer<ItemPicked>({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('rt-roundtrip'),
      topics: [topic],
      fromBeginning: true,
      validators: tolerantValidators,
      logger: testLogger(errors),
    })
      .on('item.picked.v1', (e, ctx) => {
        got.push({ type: e.eventType, orderId: e.data.orderId, seq: e.data.seq, partition: ctx.partition, ctx });
      })
      .on('item.picked.v2', (e, ctx) => {
        expect(Array.isArray(e.data.skus)).toBe(true);
        got.push({ type: e.eventType, orderId: e.data.orderId, seq: e.data.seq, partition: ctx.partition, ctx });
      });
    await consumer.start();
    await waitFor(`${keys.length * perKey} events`, () => got.length >= keys.length * perKey);

    expect(got).toHaveLength(keys.length * perKey);
    expect(errors).toEqual([]);
    for (const key of keys) {
      const mine = got.filter((g) => g.orderId === key);
      expect(mine.map((g) => g.seq)).toEqual(Array.from({ length: perKey }, (_, i) => i));
      expect(new Set(mine.map((g) => g.partition)).size).toBe(1);
      expect(mine.filter((g) => g.type === 'item.picked.v2').map((g) => g.seq)).toEqual([0, 5, 10, 15, 20]);
    }
    expect(new Set(got.map((g) => g.partition))).toEqual(new Set([0, 1, 2]));

    const first = got.find((g) => g.type === 'item.picked.v1' && g.seq === 1)!.ctx;
    expect(first.schemaId).toBe(101);
    expect(first.key).toMatch(/^order-\d+$/);
    expect(first.headers).toMatchObject({
      ce_type: 'item.picked.v1',
      ce_source: 'rt-roundtrip',
      ce_specversion: '1.0',
      'content-type': 'application/json',
      correlation_id: `c-${first.key}`,
    });
    expect(first.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes Confluent-framed values and the partition key as the Kafka key', async () => {
    const raw = kafkaClient('rt-raw').consumer({ groupId: uniqueGroupId('rt-raw') });
    const seen: { key: string; schemaId: number | undefined; type: string | undefined }[] = [];
    await raw.connect();
    try {
      await raw.subscribe({ topic, fromBeginning: true });
      await raw.run({
        eachMessage: async ({ message }) => {
          seen.push({
            key: message.key!.toString(),
            schemaId: unframe(message.value!).schemaId,
            type: message.headers?.['ce_type']?.toString(),
          });
        },
      });
      await waitFor('raw messages', () => seen.length >= 300);
    } finally {
      await raw.disconnect();
    }
    expect(seen.every((s) => /^order-\d+$/.test(s.key))).toBe(true);
    expect(new Set(seen.map((s) => `${s.type}:${s.schemaId}`))).toEqual(new Set(['item.picked.v1:101', 'item.picked.v2:102']));
  });
});
