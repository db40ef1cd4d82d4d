/**
 * Effectively-once consumption under SIGKILL: 10,000 events through a consumer process (the runtime's consumer with
 * the PostgreSQL idempotency store, strong form) killed with SIGKILL at random points and restarted 3 times. Every
 * event's effect must be applied exactly once: 0 lost, 0 doubled, while the kills do cause redeliveries (counted).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPublisher, silentLogger } from '../../../runtime/src/index.js';
import { migrationPath } from '../../../runtime/src/pg/connect.js';
import { createTopic, kafkaBrokers, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { createDatabase } from '../../infra/postgres.js';
import { descriptors } from '../runtime/helpers.js';
import { waitFor } from './helpers.js';

const EVENTS = 10_000;
const KILLS = 3;
const KEYS = 50;
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts the consumer process and resolves once it consumes. */
async function startConsumer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures/pg-consumer.mjs')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`consumer exited (${code}) before it was ready: ${stderr.slice(-2000)}`)));
  });
  return child;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('consumer with PostgreSQL idempotency, SIGKILLed and restarted (real broker, real PostgreSQL)', () => {
  it(`applies each of ${EVENTS} events exactly once across ${KILLS} kills`, async () => {
    const topic = await createTopic(uniqueTopic('delivery.kill'), 3);
    const { v1 } = descriptors(topic);
    const url = await createDatabase('consumer_kill', [migrationPath('idempotency')]);
    const db = new pg.Pool({ connectionString: url, max: 2 });
    await db.query('CREATE TABLE effects (event_id text NOT NULL, order_id text NOT NULL, seq int NOT NULL)'); // no unique key: a double shows
    await db.query('CREATE TABLE skipped (event_id text NOT NULL)');
    const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);

    const publisher = createPublisher({
      frameUnknownSchema: 'send-unframed',
      brokers: kafkaBrokers(),
      clientId: 'consumer-kill',
      source: 'consumer-kill',
      logger: silentLogger,
    });
    const sent: string[] = [];
    for (let start = 0; start < EVENTS; start += 1_000) {
      const batch = Array.from({ length: 1_000 }, (_, i) => {
        const n = start + i;
        return { def: v1, data: { orderId: `order-${n % KEYS}`, seq: Math.floor(n / KEYS), sku: 'SKU-1' }, options: { eventId: randomUUID() } };
      });
      const envelopes = await publisher.publishBatch(batch);
      sent.push(...envelopes.map((e) => e.eventId));
    }
    await publisher.disconnect();

    const env = { KAFKA_BROKERS: kafkaBrokers().join(','), TOPIC: topic, GROUP_ID: uniqueGroupId('consumer-kill'), DATABASE_URL: url };
    // Kill points: random effect counts spread over the run, plus a random few milliseconds.
    const targets = Array.from({ length: KILLS }, (_, i) => Math.floor(EVENTS * ((i + 0.2 + Math.random() * 0.6) / (KILLS + 1))));
    const started = Date.now();
    const killedAt: number[] = [];
    for (const target of targets) {
      const child = await startConsumer(env);
      await waitFor(`${target} effects before kill ${killedAt.length + 1}`, async () => (await count('SELECT count(*) AS n FROM effects')) >= target, 120_000);
      await new Promise((r) => setTimeout(r, Math.random() * 50));
      child.kill('SIGKILL');
      await killed(child);
      killedAt.push(await count('SELECT count(*) AS n FROM effects'));
    }
    const last = await startConsumer(env);
    await waitFor('every effect', async () => (await count('SELECT count(DISTINCT event_id) AS n FROM effects')) >= EVENTS, 180_000);
    await new Promise((r) => setTimeout(r, 1_000)); // room for a late double to show up
    last.kill('SIGTERM');
    await killed(last);

    const applied = await count('SELECT count(*) AS n FROM effects');
    const distinct = await count('SELECT count(DISTINCT event_id) AS n FROM effects');
    const skipped = await count('SELECT count(*) AS n FROM skipped');
    const rows = (await db.query<{ event_id: string }>('SELECT event_id FROM effects')).rows.map((r) => r.event_id);
    const appliedSet = new Set(rows);
    const lost = sent.filter((id) => !appliedSet.has(id)).length;
    const foreign = rows.filter((id) => !sent.includes(id)).length;
    process.stdout.write(
      `consumer SIGKILL test: sent ${EVENTS}, kills ${KILLS} (at ${killedAt.join(', ')} effects), redeliveries dropped as duplicates ${skipped}, ` +
        `effects applied ${applied}, distinct ${distinct}, lost ${lost}, doubled ${applied - distinct}, unknown ${foreign}; ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
    await db.end();
    expect(lost).toBe(0);
    expect(applied - distinct).toBe(0);
    expect(applied).toBe(EVENTS);
    expect(foreign).toBe(0);
    expect(skipped).toBeGreaterThan(0); // the kills did cause redeliveries, and the store dropped them
  }, 400_000);
});
