/**
 * Proves the integration services are real: a Kafka broker that takes and serves records across
 * partitions through a consumer group, and an Apicurio Registry that stores JSON schemas through
 * its Confluent-compatible API.
 */
import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { apicurioUrl, uniqueSubject } from '../infra/apicurio.js';
import { createTopic, kafkaBrokers, kafkaClient, uniqueGroupId, uniqueTopic } from '../infra/kafka.js';

describe('kafka (real broker)', () => {
  it('serves on 127.0.0.1 and reports one broker', async () => {
    const brokers = kafkaBrokers();
    expect(brokers).toHaveLength(1);
    expect(brokers[0]).toMatch(/^127\.0\.0\.1:\d+$/);
    const admin = kafkaClient().admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers.map((b) => `${b.host}:${b.port}`)).toEqual(brokers);
    } finally {
      await admin.disconnect();
    }
  });

  it('round-trips keyed records through a 3-partition topic and a consumer group', async () => {
    const topic = await createTopic(uniqueTopic('infra'), 3);
    const kafka = kafkaClient();

    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0]?.partitions).toHaveLength(3);

    const sent = Array.from({ length: 30 }, (_, i) => ({ key: `key-${i}`, value: JSON.stringify({ n: i }) }));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: sent });
    await producer.disconnect();

    const groupId = uniqueGroupId('infra');
    const consumer = kafka.consumer({ groupId });
    const received: { partition: number; key: string; value: string }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${sent.length} records in 60s`)), 60_000);
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            received.push({ partition, key: String(message.key), value: String(message.value) });
            if (received.length === sent.length) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }

    // The group committed its position on every partition (kafkajs commits on disconnect at the latest).
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    expect(committed?.partitions.reduce((sum, p) => sum + Number(p.offset), 0)).toBe(sent.length);

    expect(received.map(({ key, value }) => ({ key, value })).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      [...sent].sort((a, b) => a.key.localeCompare(b.key)),
    );
    // The default partitioner spreads 30 keys over all 3 partitions, and one key stays on one partition.
    expect(new Set(received.map((r) => r.partition))).toEqual(new Set([0, 1, 2]));
    const partitionOfKey = new Map<string, number>();
    for (const { key, partition } of received) {
      expect(partitionOfKey.get(key) ?? partition).toBe(partition);
      partitionOfKey.set(key, partition);
    }
  });

  it('runs transactions from an idempotent producer: a read_committed consumer sees the commit, not the abort', async () => {
    const topic = await createTopic(uniqueTopic('infra-tx'), 1);
    // kafkajs logs the broker's retriable CONCURRENT_TRANSACTIONS (right after an abort) at ERROR; the assertions decide.
    const kafka = kafkaClient('contracts-test', { logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, transactionalId: uniqueTopic('infra-txid'), maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: [{ key: 'k', value: 'aborted' }] });
      await aborted.abort();
      const committed = await producer.transaction();
      await committed.send({ topic, messages: [{ key: 'k', value: 'committed' }] });
      await committed.commit();
    } finally {
      await producer.disconnect();
    }

    const consumer = kafka.consumer({ groupId: uniqueGroupId('infra-tx'), readUncommitted: false });
    const values: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`read ${JSON.stringify(values)}, never the committed record, in 60s`)), 60_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            values.push(String(message.value));
            if (String(message.value) === 'committed') {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    expect(values).toEqual(['committed']);
  });
});

describe('apicurio (real registry, Confluent-compatible API)', () => {
  const headers = { 'Content-Type': 'application/vnd.schemaregistry.v1+json' };

  it('registers a JSON schema and serves it back by subject and by id', async () => {
    const url = apicurioUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);
    const subject = uniqueSubject('infra-value');
    const schema = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { orderId: { type: 'string' } },
      required: ['orderId'],
    });

    const registered = await fetch(`${url}/subjects/${subject}/versions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schemaType: 'JSON', schema }),
    });
    expect(registered.status).toBe(200);
    const { id } = (await registered.json()) as { id: number };
    expect(id).toBeGreaterThan(0);

    const latest = (await (await fetch(`${url}/subjects/${subject}/versions/latest`)).json()) as Record<string, unknown>;
    expect(latest).toMatchObject({ subject, version: 1, id, schemaType: 'JSON' });
    expect(JSON.parse(latest.schema as string)).toEqual(JSON.parse(schema));

    const byId = (await (await fetch(`${url}/schemas/ids/${id}`)).json()) as Record<string, unknown>;
    expect(byId.schemaType).toBe('JSON');
    expect(JSON.parse(byId.schema as string)).toEqual(JSON.parse(schema));

    // Registering the same schema again is idempotent: same id, still one version.
    const again = await fetch(`${url}/subjects/${subject}/versions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schemaType: 'JSON', schema }),
    });
    expect(((await again.json()) as { id: number }).id).toBe(id);
    expect(await (await fetch(`${url}/subjects/${subject}/versions`)).json()).toEqual([1]);
  });

  it('answers an unknown subject with Confluent error 40401', async () => {
    const response = await fetch(`${apicurioUrl()}/subjects/${uniqueSubject('missing')}/versions/latest`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error_code: number }).error_code).toBe(40401);
  });
});

describe('postgres (real server)', () => {
  it('serves on 127.0.0.1, keeps what a transaction commits and drops what it rolls back', async () => {
    const { databaseUrl, createDatabase } = await import('../infra/postgres.js');
    const { default: pg } = await import('pg');
    expect(new URL(databaseUrl()).hostname).toBe('127.0.0.1');
    const url = await createDatabase('infra');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (n int PRIMARY KEY)');
      await client.query('BEGIN');
      await client.query('INSERT INTO t VALUES (1), (2)');
      await client.query('COMMIT');
      await client.query('BEGIN');
      await client.query('INSERT INTO t VALUES (3)');
      await client.query('ROLLBACK');
      const rows = await client.query<{ n: number }>('SELECT n FROM t ORDER BY n');
      expect(rows.rows.map((r) => r.n)).toEqual([1, 2]);
    } finally {
      await client.end();
    }
  });
});
