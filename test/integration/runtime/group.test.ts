// A consumer group of two runtime consumers shares the partitions of a 3-partition topic on the real broker.
import { describe, expect, it } from 'vitest';
import { createConsumer } from '../../../runtime/src/index.js';
import { createTopic, kafkaBrokers, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { descriptors, type ItemPicked, publisherAndConsumers, testLogger, tolerantValidators, waitFor } from './helpers.js';

describe('consumer group of two', () => {
  const { publisher, consumers } = publisherAndConsumers('rt-group');

  it('splits the partitions between the members and loses nothing', async () => {
    const topic = await createTopic(uniqueTopic('rt.group'), 3);
    const { v1 } = descriptors(topic);
    const groupId = uniqueGroupId('rt-group');
    const seen: { member: number; partition: number; id: string }[][] = [[], []];
    for (const member of [0, 1]) {
      const c = createConsumer<ItemPicked>({
        brokers: kafkaBrokers(),
        groupId,
        topics: [topic],
        fromBeginning: true,
        validators: tolerantValidators,
        logger: testLogger(),
      }).on('item.picked.v1', (e, ctx) => {
        seen[member]!.push({ member, partition: ctx.partition, id: e.eventId });
      });
      consumers.push(c);
      await c.start();
    }

    // Publish in rounds until both members have received events (the group needs a rebalance to include the second),
    // then one more round that must be split between them.
    const published: string[] = [];
    const round = async (n: number): Promise<string[]> => {
      const envs = await publisher.publishBatch(Array.from({ length: 30 }, (_, i) => ({ def: v1, data: { orderId: `o-${i}`, seq: n, sku: 'x' } })));
      const ids = envs.map((e) => e.eventId);
      published.push(...ids);
      return ids;
    };
    let n = 0;
    const deadline = Date.now() + 90_000;
    while (seen[0]!.length === 0 || seen[1]!.length === 0) {
      if (Date.now() > deadline) throw new Error(`one member got nothing: ${seen[0]!.length} / ${seen[1]!.length}`);
      await round(n++);
      await new Promise((r) => setTimeout(r, 500));
    }
    const before = [seen[0]!.length, seen[1]!.length];
    const last = new Set(await round(n++));
    const all = () => [...seen[0]!, ...seen[1]!];
    await waitFor('every published event', () => new Set(all().map((s) => s.id)).size >= published.length);

    // Nothing lost (at-least-once: a rebalance may redeliver, so compare sets).
    expect(new Set(all().map((s) => s.id))).toEqual(new Set(published));
    // The last round went to both members, each partition to exactly one member.
    const lastRound = all().filter((s) => last.has(s.id));
    const membersOf = new Map<number, Set<number>>();
    for (const s of lastRound) membersOf.set(s.partition, (membersOf.get(s.partition) ?? new Set()).add(s.member));
    expect([...membersOf.values()].every((m) => m.size === 1)).toBe(true);
    expect(new Set(lastRound.map((s) => s.member))).toEqual(new Set([0, 1]));
    expect(seen[0]!.length).toBeGreaterThan(before[0]!);
    expect(seen[1]!.length).toBeGreaterThan(before[1]!);
  });
});
