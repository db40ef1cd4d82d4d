/**
 * The transactional outbox from a generated package, on a real PostgreSQL and a real broker: events written through
 * a node-postgres transaction and through a Prisma interactive transaction (client generated for real) reach Kafka
 * exactly as `publish` frames them once the transaction commits, never after a rollback; the relay wakes on
 * LISTEN/NOTIFY (its poll is set to a minute here); and bad configuration fails at start naming the cause and fix.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, OutboxError, silentLogger, startOutboxRelay, type OutboxRelay } from '@event-contracts/runtime';
import { migrationPath } from '../../../runtime/src/pg/connect.js';
import { createOrderPublisher, orderPlacedV2, type OrderPlacedV2 } from '../../../generated/order-events/index.js';
import { kafkaBrokers, kafkaClient } from '../../infra/kafka.js';
import { createDatabase } from '../../infra/postgres.js';
import { generatePrismaClient, readTopic, waitFor, type Seen } from './helpers.js';
import { sampleOrderV2 } from '../../support/events.js';

const schemaIds = { [orderPlacedV2.subject]: 9202 };
const events = createOrderPublisher({ brokers: kafkaBrokers(), clientId: 'outbox-test', source: 'outbox-test', schemaIds, logger: silentLogger });
let url: string;
let pool: pg.Pool;
let relay: OutboxRelay;
let reader: { seen: Seen[]; stop(): Promise<void> };

const order = (orderId: string): OrderPlacedV2 => sampleOrderV2(orderId);

beforeAll(async () => {
  url = await createDatabase('outbox', [migrationPath('outbox')]);
  pool = new pg.Pool({ connectionString: url });
  await pool.query('CREATE TABLE orders (id text PRIMARY KEY, amount int NOT NULL)');
  const admin = kafkaClient('outbox-admin').admin();
  await admin.connect();
  if (!(await admin.listTopics()).includes('order.placed')) {
    await admin.createTopics({ topics: [{ topic: 'order.placed', numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  }
  await admin.disconnect();
  reader = await readTopic('order.placed');
  // A one-minute poll: anything delivered within seconds was woken by NOTIFY.
  relay = await startOutboxRelay({ databaseUrl: url, brokers: kafkaBrokers(), pollIntervalMs: 60_000, logger: silentLogger });
});

afterAll(async () => {
  await relay?.stop();
  await reader?.stop();
  await pool?.end();
  await events.disconnect();
});

const seenIds = (ids: readonly string[]) => reader.seen.filter((s) => ids.includes(s.eventId));

describe('outbox (real PostgreSQL, real broker)', () => {
  it('node-postgres: publishes what a transaction committed, framed like publish(), and nothing it rolled back', async () => {
    const committed: string[] = [];
    const rolledBack: string[] = [];
    const client = await pool.connect();
    try {
      for (let i = 0; i < 5; i++) {
        const orderId = randomUUID();
        await client.query('BEGIN');
        await client.query('INSERT INTO orders VALUES ($1, 4250)', [orderId]);
        const envelope = await events.outbox.add(client, { eventType: 'order.placed.v2', data: order(orderId), options: { correlationId: `c-${i}` } });
        expect(envelope.eventType).toBe('order.placed.v2');
        if (i % 2 === 0) {
          await client.query('COMMIT');
          committed.push(envelope.eventId);
        } else {
          await client.query('ROLLBACK');
          rolledBack.push(envelope.eventId);
        }
      }
    } finally {
      client.release();
    }
    const started = Date.now();
    await waitFor('the committed events on the topic', () => seenIds(committed).length >= committed.length, 20_000);
    const latency = Date.now() - started;
    const pending = await pool.query('SELECT count(*)::int AS n FROM contracts_outbox WHERE sent_at IS NULL');
    await new Promise((r) => setTimeout(r, 500)); // time for anything that should not come
    process.stdout.write(
      `outbox (pg): committed ${committed.length}, rolled back ${rolledBack.length}, published ${seenIds(committed).length}, published for rollbacks ${seenIds(rolledBack).length}, pending ${pending.rows[0].n}; delivered ${latency} ms after commit with a 60 s poll\n`,
    );
    expect(latency).toBeLessThan(10_000); // woken by NOTIFY, not by the 60 s poll
    expect(seenIds(rolledBack)).toEqual([]);
    const seen = seenIds(committed);
    expect(seen.map((s) => s.eventId).sort()).toEqual([...committed].sort());
    for (const s of seen) {
      expect(s.schemaId).toBe(9202);
      expect(s.key).toBe(s.data.orderId); // keyed by x-partition-key, as publish() does
      expect(s.headers.ce_type).toBe('order.placed.v2');
      expect(s.headers.ce_id).toBe(s.eventId);
      expect(s.headers.correlation_id).toMatch(/^c-\d$/);
    }
    expect(pending.rows[0].n).toBe(0);
  });

  it('Prisma interactive transaction: committed events are published, a throwing transaction publishes nothing', async () => {
    const prisma = await generatePrismaClient('model Order {\n  id     String @id\n  amount Int\n  @@map("orders")\n}');
    try {
      const { PrismaClient } = (await import(prisma.clientModule)) as { PrismaClient: new (options: unknown) => any };
      const { PrismaPg } = await import('@prisma/adapter-pg');
      const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
      try {
        const ok = randomUUID();
        const failing = randomUUID();
        let committedId = '';
        let rolledBackId = '';
        await client.$transaction(async (tx: any) => {
          await tx.order.create({ data: { id: ok, amount: 100 } });
          committedId = (await events.outbox.add(tx, { eventType: 'order.placed.v2', data: order(ok) })).eventId;
        });
        await expect(
          client.$transaction(async (tx: any) => {
            await tx.order.create({ data: { id: failing, amount: 100 } });
            rolledBackId = (await events.outbox.add(tx, { eventType: 'order.placed.v2', data: order(failing) })).eventId;
            throw new Error('card declined');
          }),
        ).rejects.toThrow('card declined');
        await waitFor('the Prisma-committed event', () => seenIds([committedId]).length === 1, 20_000);
        await new Promise((r) => setTimeout(r, 500));
        process.stdout.write(
          `outbox (prisma): committed 1 → published ${seenIds([committedId]).length}; rolled back 1 → published ${seenIds([rolledBackId]).length}\n`,
        );
        expect(seenIds([rolledBackId])).toEqual([]);
        expect(await client.order.count({ where: { id: failing } })).toBe(0);
        expect(seenIds([committedId])[0]!.key).toBe(ok);
      } finally {
        await client.$disconnect();
      }
    } finally {
      await prisma.remove();
    }
  });

  it('fails fast: a missing outbox table at add() and at relay start, a wrong URL at relay start', async () => {
    const bare = await createDatabase('outbox_bare');
    const client = new pg.Client({ connectionString: bare });
    await client.connect();
    try {
      await client.query('BEGIN');
      const attempt = events.outbox.add(client, { eventType: 'order.placed.v2', data: order(randomUUID()) });
      await expect(attempt).rejects.toBeInstanceOf(OutboxError);
      await expect(attempt).rejects.toThrow(/Table contracts_outbox does not exist.*sql\/outbox\.sql/);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
    await expect(startOutboxRelay({ databaseUrl: bare, brokers: kafkaBrokers(), logger: silentLogger })).rejects.toThrow(
      /Table contracts_outbox does not exist.*sql\/outbox\.sql/,
    );
    const refused = startOutboxRelay({ databaseUrl: 'postgres://postgres@127.0.0.1:1/postgres', brokers: kafkaBrokers(), logger: silentLogger });
    await expect(refused).rejects.toBeInstanceOf(ConfigurationError);
    await expect(refused).rejects.toThrow(/nothing listens there.*Start PostgreSQL or fix the URL/);
  });
});
