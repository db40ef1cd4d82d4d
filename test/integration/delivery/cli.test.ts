// `contracts topics plan|apply` and `contracts dlq inspect|replay` against the real broker.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigResourceTypes } from 'kafkajs';
import { main } from '../../../generator/cli/main.js';
import { createConsumer, createMemoryIdempotencyStore, type ObservedOutcome } from '../../../runtime/src/index.js';
import { createTopic, kafkaBrokers, kafkaClient, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { captureIO, eventFile, writeRepo } from '../register/repo-fixture.js';
import { descriptors, type ItemPicked, publisherAndConsumers, testLogger, tolerantValidators, waitFor } from '../runtime/helpers.js';

describe('contracts topics plan|apply', () => {
  it('creates every topic and its .dlq with the configured settings, then reports drift without changing it', async () => {
    const prefix = `tp${randomBytes(3).toString('hex')}`;
    const root = await writeRepo({ 'schemas/shop/order.placed.v1.json': eventFile(), 'schemas/shop/order.paid.v1.json': eventFile() });
    await writeFile(
      join(root, 'contracts.config.json'),
      JSON.stringify({ topics: { pattern: `${prefix}.{domain}.{action}`, partitions: 2, retentionMs: 3_600_000, deadLetterRetentionMs: 7_200_000 } }),
    );
    const run = async (...argv: string[]) => {
      const io = captureIO();
      const code = await main(['topics', ...argv, '--cwd', root, '--brokers', kafkaBrokers().join(',')], io);
      return { code, out: io.out, err: io.err };
    };
    const topics = [`${prefix}.shop.order.paid`, `${prefix}.shop.order.paid.dlq`, `${prefix}.shop.order.placed`, `${prefix}.shop.order.placed.dlq`];

    const plan = await run('plan');
    expect(plan.err).toBe('');
    expect(plan.code).toBe(1); // changes pending
    expect(plan.out.split('\n').filter((l) => l.startsWith('create')).length).toBe(4);

    const apply = await run('apply');
    expect(apply.code).toBe(0);
    expect(apply.out).toContain('4 topics: 0 ok, 4 created, 0 with drift');

    const admin = kafkaClient('topics-test').admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics });
      expect(meta.topics.map((t) => t.partitions.length)).toEqual([2, 2, 2, 2]);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms', 'cleanup.policy'] })),
      });
      const get = (topic: string, key: string) =>
        configs.resources.find((r) => r.resourceName === topic)!.configEntries.find((e) => e.configName === key)!.configValue;
      expect(get(topics[0]!, 'retention.ms')).toBe('3600000');
      expect(get(topics[1]!, 'retention.ms')).toBe('7200000');
      expect(get(topics[2]!, 'cleanup.policy')).toBe('delete');

      expect((await run('apply')).out).toContain('4 topics: 4 ok, 0 created, 0 with drift');
      expect((await run('plan')).code).toBe(0);

      // Drift: someone shortened the retention of one topic. Reported (exit 1), never changed.
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topics[2]!, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
      });
      const drift = await run('apply');
      console.log(`[topics] ${drift.out.trim().split('\n').join(' | ')}`);
      expect(drift.code).toBe(1);
      expect(drift.out).toContain(`drift   ${topics[2]}`);
      expect(drift.out).toContain('retention.ms: configured 3600000, the cluster has 60000');
      const after = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topics[2]!, configNames: ['retention.ms'] }],
      });
      expect(after.resources[0]!.configEntries[0]!.configValue).toBe('60000');
    } finally {
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('refuses without brokers, naming both ways to give them', async () => {
    const io = captureIO();
    const old = process.env.KAFKA_BROKERS;
    delete process.env.KAFKA_BROKERS;
    try {
      expect(await main(['topics', 'plan'], io)).toBe(2);
    } finally {
      if (old !== undefined) process.env.KAFKA_BROKERS = old;
    }
    expect(io.err).toContain('No Kafka brokers: pass --brokers or set KAFKA_BROKERS.');
  });
});

describe('contracts dlq inspect|replay', () => {
  const { publisher, consumers } = publisherAndConsumers('dlq-cli', { handleSignals: false });

  it('lists the dead letter with its headers; replay sends it back once handled; a second replay is a duplicate', async () => {
    const topic = await createTopic(uniqueTopic('dlq.cli'), 2);
    const { v1 } = descriptors(topic);
    let broken = true;
    const handled: string[] = [];
    const observed: ObservedOutcome[] = [];
    const consumer = createConsumer<ItemPicked>({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('dlq-cli'),
      topics: [topic],
      fromBeginning: true,
      validators: tolerantValidators,
      retry: { attempts: 2, initialDelayMs: 10 },
      idempotency: createMemoryIdempotencyStore(),
      handleSignals: false,
      logger: testLogger(),
      onOutcome: (o) => observed.push(o),
    }).on('item.picked.v1', (e) => {
      if (broken) throw new Error('warehouse API down');
      handled.push(e.eventId);
    });
    consumers.push(consumer);
    await consumer.start();
    const sent = await publisher.publish(v1, { orderId: 'o-1', seq: 1, sku: 'x' });
    await waitFor('the dead letter', () => observed.some((o) => o.status === 'dead-lettered'), 60_000);

    const cli = async (...argv: string[]) => {
      const io = captureIO();
      const code = await main(['dlq', ...argv, '--topic', `${topic}.dlq`, '--brokers', kafkaBrokers().join(',')], io);
      return { code, out: io.out, err: io.err };
    };
    const inspected = await cli('inspect', '--format', 'json');
    expect(inspected.code).toBe(0);
    const report = JSON.parse(inspected.out) as {
      count: number;
      deadLetters: { envelope: { eventId: string }; failure: Record<string, string>; key: string }[];
    };
    expect(report.count).toBe(1);
    expect(report.deadLetters[0]!.envelope.eventId).toBe(sent.eventId);
    expect(report.deadLetters[0]!.key).toBe('o-1');
    expect(report.deadLetters[0]!.failure).toMatchObject({
      dlq_original_topic: topic,
      dlq_reason: 'handler-error',
      dlq_attempts: '2',
      dlq_error_message: 'warehouse API down',
    });
    expect((await cli('inspect')).out).toContain('Error: warehouse API down');

    const dry = await cli('replay', '--dry-run');
    expect(dry.out).toContain('1 dead letters read, 1 would replay');
    expect((await cli('replay', '--event-type', 'other.v1')).out).toContain('0 replayed');

    broken = false;
    expect((await cli('replay')).code).toBe(0);
    await waitFor('the replayed event handled', () => handled.length === 1, 60_000);
    const replayedOutcomes = () => observed.filter((o) => o.status === 'skipped' && o.reason === 'duplicate').length;
    expect((await cli('replay')).code).toBe(0);
    await waitFor('the second replay skipped as a duplicate', () => replayedOutcomes() === 1, 60_000);
    console.log(`[dlq-cli] dead letters 1, replays 2, handled ${handled.length}, duplicates skipped ${replayedOutcomes()}`);
    expect(handled).toEqual([sent.eventId]);
  });

  it('refuses to replay a topic that is not a dead-letter topic, sending nothing', async () => {
    const topic = await createTopic(uniqueTopic('dlq.not'), 1);
    await publisher.publish(descriptors(topic).v1, { orderId: 'o', seq: 1, sku: 'x' });
    const io = captureIO();
    expect(await main(['dlq', 'replay', '--topic', topic, '--brokers', kafkaBrokers().join(',')], io)).toBe(2);
    expect(io.err).toMatch(/is not a dead-letter topic: the message at partition 0 offset 0 has no dlq_original_topic header/);
    const missing = captureIO();
    expect(await main(['dlq', 'inspect', '--topic', `${topic}.nope`, '--brokers', kafkaBrokers().join(',')], missing)).toBe(2);
    expect(missing.err).toContain('does not exist on the cluster');
  });
});
