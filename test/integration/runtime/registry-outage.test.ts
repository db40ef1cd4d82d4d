/**
 * A registry outage while consuming (issue 10, item 5): the embedded registry (example repository registered) is
 * stopped mid-stream while events keep being published, then restarted on the same port and data folder. The
 * consumer meets a schema id it has not checked yet (order.placed.v2) only during the outage, so its check must ask
 * the registry, which is down. It must neither dead-letter good events nor spin: the lookup is retried with the
 * consumer's exponential backoff while the partition waits (not redelivered through a kafkajs crash-and-restart),
 * and consumption resumes when the registry is back. Every event handled exactly once, per key in order, none
 * dead-lettered, lookups during the outage bounded. Prints the counts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTransport, createPublisher, type AnyEventDescriptor, type Logger, type ObservedOutcome, type Publisher } from '@event-contracts/runtime';
import { createOrderConsumer, orderItemAddedV1, orderPlacedV2 } from '../../../generated/order-events/index.js';
import { createTopic, kafkaBrokers, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { countSchemaIdLookups, startExampleRegistry, type ExampleRegistry } from './example-registry.js';
import { waitFor } from './helpers.js';

const KEYS = Array.from({ length: 4 }, () => randomUUID());
const OUTAGE_MS = 8_000;
const BACKOFF = { initialDelayMs: 200, multiplier: 2, maxDelayMs: 2_000 };
const itemAdded = (orderId: string, n: number) => ({
  orderId,
  sku: 'MUG-0042',
  quantity: 1 + (n % 100),
  unitPrice: { amountMinor: 900, currency: 'EUR' },
  addedAt: '2026-11-02T09:58:30Z',
});
const placedV2 = (orderId: string) => ({
  orderId,
  customer: { userId: '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f' },
  total: { amountMinor: 4250, currency: 'EUR' },
  lines: [{ sku: 'BOOK-0001', quantity: 1, unitPrice: { amountMinor: 4250, currency: 'EUR' } }],
  shippingAddress: { line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
  placedAt: '2026-11-02T10:00:00Z',
});

describe('registry outage while consuming', () => {
  let registry: ExampleRegistry;
  let publisher: Publisher;
  beforeAll(async () => {
    registry = await startExampleRegistry();
    publisher = createPublisher({
      brokers: kafkaBrokers(),
      clientId: 'registry-outage',
      source: 'registry-outage-test',
      registryUrl: registry.url,
      handleSignals: false,
      logger: { error: () => undefined, warn: () => undefined },
    });
  });
  afterAll(async () => {
    await publisher?.disconnect();
    await registry?.close();
  });

  it('blocks the partition with backoff, dead-letters nothing, resumes when the registry returns: each event handled once', async () => {
    const topic = await createTopic(uniqueTopic('rt.registry-outage'), 2);
    // The publisher learns both ids before the outage (its own cache); the consumer meets order.placed.v2 only during it.
    await publisher.publish(
      { ...(orderPlacedV2 as AnyEventDescriptor), topic: await createTopic(uniqueTopic('rt.registry-outage.warm'), 1) },
      placedV2(randomUUID()),
    );
    const sentByKey = new Map<string, string[]>(KEYS.map((k) => [k, []]));
    let n = 0;
    const publishOne = async (def: AnyEventDescriptor): Promise<void> => {
      const key = KEYS[n % KEYS.length]!;
      const e = await publisher.publish({ ...def, topic }, def === orderPlacedV2 ? placedV2(key) : itemAdded(key, n));
      n++;
      sentByKey.get(key)!.push(e.eventId);
    };

    const lookups = countSchemaIdLookups();
    const handledByKey = new Map<string, string[]>(KEYS.map((k) => [k, []]));
    const counts = new Map<string, number>();
    const outcomes: ObservedOutcome[] = [];
    const logged: string[] = [];
    const logger: Logger = { error: (m) => void logged.push(m), warn: (m) => void logged.push(m) };
    const consumer = createOrderConsumer({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('registry-outage'),
      topics: [topic] as never[],
      fromBeginning: true,
      registryUrl: registry.url,
      registryBackoff: BACKOFF,
      handleSignals: false,
      logger,
      onOutcome: (o) => void outcomes.push(o),
    });
    const record = (e: { eventId: string; data: { orderId: string } }): void => {
      handledByKey.get(e.data.orderId)!.push(e.eventId);
      counts.set(e.eventId, (counts.get(e.eventId) ?? 0) + 1);
    };
    consumer.on('order.item.added.v1', record).on('order.placed.v2', record);
    lookups.restore(); // the check captured the counting fetch at creation
    await consumer.start();
    try {
      for (let i = 0; i < 20; i++) await publishOne(orderItemAddedV1 as AnyEventDescriptor);
      await waitFor('the events before the outage', () => counts.size >= 20);

      await registry.stop();
      const down = Date.now();
      while (Date.now() - down < OUTAGE_MS) {
        await publishOne((n % 2 === 0 ? orderItemAddedV1 : orderPlacedV2) as AnyEventDescriptor);
        await new Promise((r) => setTimeout(r, 250));
      }
      const handledDuringOutage = counts.size;
      await registry.restart();
      const up = Date.now();
      for (let i = 0; i < 20; i++) await publishOne((i % 2 === 0 ? orderItemAddedV1 : orderPlacedV2) as AnyEventDescriptor);
      await waitFor('every event handled', () => counts.size >= n, 60_000);
      const resumedAfterMs = Date.now() - up;
      await new Promise((r) => setTimeout(r, 1_000)); // a late duplicate would show up here

      const deadLettered = outcomes.filter((o) => o.status === 'dead-lettered').length;
      const failed = outcomes.filter((o) => o.status === 'failed').length;
      const letters = await createKafkaTransport({ brokers: kafkaBrokers(), logger }).readTopic!(`${topic}.dlq`, { limit: 1000 });
      const duringOutage = lookups.between(down, up);
      // Exponential backoff: at most one lookup per doubling of the delay until the cap, then one per cap.
      const bound = 2 + Math.ceil(Math.log2(BACKOFF.maxDelayMs / BACKOFF.initialDelayMs)) + Math.ceil(OUTAGE_MS / (BACKOFF.maxDelayMs * 0.8));
      process.stdout.write(
        `\nregistry outage: sent=${n} handled=${counts.size} (handled twice: ${[...counts.values()].filter((c) => c > 1).length}, ${handledDuringOutage} before/while down) ` +
          `dead-lettered=${deadLettered} (on ${topic}.dlq: ${letters.length}) failed outcomes (redeliveries)=${failed} ` +
          `lookups during outage=${duringOutage} (bound ${bound}) outage seconds=${((up - down) / 1000).toFixed(1)} resumed ${resumedAfterMs} ms after the restart\n`,
      );
      expect(counts.size).toBe(n);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      expect(resumedAfterMs).toBeLessThan(BACKOFF.maxDelayMs * 1.2 + 15_000); // the wait is capped: resumes within one capped delay (+ the 20 publishes)
      for (const key of KEYS) expect(handledByKey.get(key)).toEqual(sentByKey.get(key));
      expect(deadLettered).toBe(0);
      expect(letters).toHaveLength(0);
      expect(duringOutage).toBeGreaterThan(0); // the outage was met
      expect(duringOutage).toBeLessThanOrEqual(bound);
      expect(failed).toBe(0); // the partition waited in-process; no kafkajs crash-and-restart redelivery
      expect(logged.filter((m) => /crash|restart/i.test(m))).toEqual([]);
    } finally {
      await consumer.stop();
    }
  });
});
