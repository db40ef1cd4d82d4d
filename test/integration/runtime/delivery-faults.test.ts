// Retries and dead letters on the real broker: a handler that fails N times then succeeds is handled once after N
// retries; one that always fails produces exactly one dead letter with every header; the other events of the same
// keys keep their order (the partition waits while a message is retried). Counts are printed.
import { describe, expect, it } from 'vitest';
import { createConsumer, createMemoryIdempotencyStore, decodeEvent, DLQ_HEADERS, type ObservedOutcome } from '../../../runtime/src/index.js';
import { createTopic, kafkaBrokers, kafkaClient, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { descriptors, type ItemPicked, publisherAndConsumers, testLogger, tolerantValidators, waitFor } from './helpers.js';

const KEYS = 8;
const PER_KEY = 25;

describe('retries and dead letters on the real broker', () => {
  const { publisher, consumers } = publisherAndConsumers('rt-faults', { handleSignals: false });

  it('fails N then succeeds → handled once; always fails → one dead letter with every header; per-key order kept', async () => {
    const topic = await createTopic(uniqueTopic('rt.faults'), 3);
    const { v1 } = descriptors(topic);
    const groupId = uniqueGroupId('rt-faults');
    const flakyKey = 'order-3';
    const flakySeq = 5;
    const poisonKey = 'order-6';
    const poisonSeq = 11;
    const N = 2;
    const handled: { key: string; seq: number; attempt: number }[] = [];
    const observed: ObservedOutcome[] = [];
    let flakyCalls = 0;
    let poisonCalls = 0;
    const consumer = createConsumer<ItemPicked>({
      brokers: kafkaBrokers(),
      groupId,
      topics: [topic],
      fromBeginning: true,
      validators: tolerantValidators,
      retry: { attempts: 4, initialDelayMs: 100, maxDelayMs: 400 },
      idempotency: createMemoryIdempotencyStore(),
      partitionsConsumedConcurrently: 3,
      handleSignals: false,
      logger: testLogger(),
      onOutcome: (o) => observed.push(o),
    }).on('item.picked.v1', (e, ctx) => {
      const { orderId, seq } = e.data;
      if (orderId === flakyKey && seq === flakySeq && ++flakyCalls <= N) throw new Error(`flaky ${flakyCalls}`);
      if (orderId === poisonKey && seq === poisonSeq) {
        poisonCalls++;
        throw new Error('always fails');
      }
      handled.push({ key: orderId, seq, attempt: ctx.attempt });
    });
    consumers.push(consumer);
    await consumer.start();

    const items = [];
    for (let seq = 0; seq < PER_KEY; seq++) for (let k = 0; k < KEYS; k++) items.push({ def: v1, data: { orderId: `order-${k}`, seq, sku: 'x' } });
    const sent = await publisher.publishBatch(items);
    const expected = KEYS * PER_KEY - 1;
    await waitFor('every event but the poison one handled', () => handled.length >= expected, 90_000);
    await waitFor('the dead letter', () => observed.some((o) => o.status === 'dead-lettered'), 30_000);

    // The dead-letter topic, read back with a plain kafkajs consumer.
    const letters: { key: string | null; value: Buffer | null; headers: Record<string, string> }[] = [];
    const reader = kafkaClient('rt-faults-dlq').consumer({ groupId: uniqueGroupId('rt-faults-dlq') });
    await reader.connect();
    await reader.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        letters.push({ key: message.key?.toString() ?? null, value: message.value, headers });
      },
    });
    await waitFor('the dead letter on the DLQ topic', () => letters.length >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 1000)); // a second letter, if any, would arrive now
    await reader.disconnect();

    const perKey = new Map<string, number[]>();
    for (const h of handled) perKey.set(h.key, [...(perKey.get(h.key) ?? []), h.seq]);
    const outOfOrder = [...perKey.values()].filter((seqs) => seqs.some((s, i) => i > 0 && s < seqs[i - 1]!)).length;
    const retries = observed.filter((o) => o.status === 'retrying').length;
    const uniqueHandled = new Set(handled.map((h) => `${h.key}/${h.seq}`)).size;
    console.log(
      `[delivery-faults] sent ${sent.length}, handled ${handled.length} (unique ${uniqueHandled}), retries ${retries}, ` +
        `dead letters ${letters.length}, keys out of order ${outOfOrder}, flaky attempts ${flakyCalls}, poison attempts ${poisonCalls}`,
    );

    expect(uniqueHandled).toBe(expected);
    expect(handled.length).toBe(expected);
    expect(handled.filter((h) => h.key === flakyKey && h.seq === flakySeq)).toEqual([{ key: flakyKey, seq: flakySeq, attempt: N + 1 }]);
    expect(poisonCalls).toBe(4);
    expect(retries).toBe(N + 3);
    expect(outOfOrder).toBe(0);
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    const poison = sent.find((e) => (e.data as { orderId: string; seq: number }).orderId === poisonKey && (e.data as { seq: number }).seq === poisonSeq)!;
    expect(letter!.key).toBe(poisonKey);
    expect(decodeEvent(letter!.value).envelope).toEqual(poison); // the original bytes, decodable as sent
    expect(letter!.headers['ce_id']).toBe(poison.eventId);
    expect(letter!.headers).toMatchObject({
      [DLQ_HEADERS.originalTopic]: topic,
      [DLQ_HEADERS.consumerGroup]: groupId,
      [DLQ_HEADERS.reason]: 'handler-error',
      [DLQ_HEADERS.errorClass]: 'Error',
      [DLQ_HEADERS.errorMessage]: 'always fails',
      [DLQ_HEADERS.attempts]: '4',
    });
    for (const name of [
      DLQ_HEADERS.originalPartition,
      DLQ_HEADERS.originalOffset,
      DLQ_HEADERS.originalTimestamp,
      DLQ_HEADERS.firstFailureTime,
      DLQ_HEADERS.lastFailureTime,
    ]) {
      expect(letter!.headers[name], name).toMatch(/\S/);
    }
  });
});
