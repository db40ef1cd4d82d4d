// Delivery guarantees that cost a database round trip, on a real broker and a real PostgreSQL:
//
// 1. Consumer with the PostgreSQL idempotency store (strong form: BEGIN, insert the (group, eventId) mark, the
//    handler's effect through ctx.tx, COMMIT) vs the same consumer without a store, whose handler writes the same
//    effect row with an autocommit INSERT. Same topic (3 partitions), same events, 3 partitions consumed concurrently.
//    Rate = events / (consumer start → last effect). Prints the ratio (no target: it is the price of exactly-once effects).
// 2. Outbox relay vs direct publishing of the same events: `publishBatch` in batches of 500 (idempotent producer,
//    acks=all) vs the relay sending the same framed events from the outbox table (batches of 500, id order, marked
//    sent). The rows are written before timing (that is the business transaction's cost, not the relay's); the relay's
//    clock starts when the transaction holding them commits (NOTIFY wakes it) and stops when the last row is marked
//    sent. Target: relay ≥ 0.5× direct.
//
// Run: npm run build && node bench/delivery-postgres.mjs   options: --events=5000 --rounds=3
//   Starts its own broker and PostgreSQL (test/infra/services) and stops them at the end; with KAFKA_BROKERS and
//   DATABASE_URL set it uses those. Contenders alternate within each round; the median ratio of the rounds is printed.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';
import pg from 'pg';
import {
  createConsumer,
  createKafkaTransport,
  createOutbox,
  createPostgresIdempotencyStore,
  createPublisher,
  migrationPath,
  silentLogger,
  startOutboxRelay,
} from '@event-contracts/runtime';
import { userCreatedV1 } from '../generated/user-events/index.js';
import { startServices } from '../test/infra/services/index.mjs';

const opt = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const EVENTS = Number(opt('events', 5_000));
const ROUNDS = Number(opt('rounds', 3));
const RUN = randomUUID().slice(0, 8);
const log = (line) => process.stderr.write(`${line}\n`);

let services;
let brokers = process.env.KAFKA_BROKERS?.split(',')
  .map((b) => b.trim())
  .filter(Boolean);
let adminUrl = process.env.DATABASE_URL;
const wanted = [...(brokers?.length ? [] : ['kafka']), ...(adminUrl ? [] : ['postgres'])];
if (wanted.length > 0) {
  services = await startServices(wanted);
  brokers = services.kafka?.brokers ?? brokers;
  adminUrl = services.postgres?.url ?? adminUrl;
}
log(`broker ${brokers.join(',')}, database ${new URL(adminUrl).host}; ${EVENTS} events × ${ROUNDS} rounds`);
const closers = [];
async function shutdown(code) {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  if (services) await services.stop();
  process.exit(code);
}
try {
  await main();
  await shutdown(0);
} catch (error) {
  log(`delivery-postgres: ${error.stack ?? error}`);
  await shutdown(1);
}

async function main() {
  const url = await freshDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  pool.on('error', () => {}); // idle clients see the server's shutdown at the end
  closers.push(() => pool.end());
  for (const file of [migrationPath('idempotency'), migrationPath('outbox')]) await pool.query(readFileSync(file, 'utf8'));
  await pool.query('CREATE TABLE effects (event_id text NOT NULL, user_id text NOT NULL)');

  const kafka = new kafkajs.Kafka({ clientId: `bench-delivery-${RUN}`, brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const consumeTopic = `bench.delivery.consume.${RUN}`;
  const directTopic = `bench.delivery.direct.${RUN}`;
  const relayTopic = `bench.delivery.relay.${RUN}`;
  await admin.createTopics({
    topics: [consumeTopic, directTopic, relayTopic].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
    waitForLeaders: true,
  });
  await admin.disconnect();

  const schemaIds = { [userCreatedV1.subject]: 1 };
  const publisher = createPublisher({
    brokers,
    clientId: `bench-delivery-${RUN}`,
    source: 'bench-delivery',
    schemaIds,
    logger: silentLogger,
    handleSignals: false,
  });
  closers.push(() => publisher.disconnect());
  const items = (topic) =>
    Array.from({ length: EVENTS }, (_, i) => ({
      def: { ...userCreatedV1, topic },
      data: { userId: randomUUID(), email: `user${i}@example.com`, displayName: `User ${i}`, createdAt: '2026-11-02T10:00:00Z' },
    }));

  // ---- 1. consumer with PostgreSQL idempotency vs without --------------------------------------------------------
  for (let i = 0; i < EVENTS; i += 500) await publisher.publishBatch(items(consumeTopic).slice(i, i + 500));
  const store = await createPostgresIdempotencyStore({ databaseUrl: url, maxConnections: 4 });
  closers.push(() => store.close());
  const consumeOnce = async (withStore) => {
    await pool.query('TRUNCATE effects');
    let handled = 0;
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    const consumer = createConsumer({
      transport: createKafkaTransport({ brokers, clientId: `bench-delivery-${RUN}`, logger: silentLogger }),
      groupId: `bench-delivery-${RUN}-${randomUUID().slice(0, 6)}`,
      topics: [consumeTopic],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      deadLetter: false,
      handleSignals: false,
      logger: silentLogger,
      ...(withStore ? { idempotency: store } : {}),
    }).on('user.created.v1', async (event, ctx) => {
      const db = withStore ? ctx.tx : pool;
      await db.query('INSERT INTO effects (event_id, user_id) VALUES ($1, $2)', [event.eventId, event.data.userId]);
      if (++handled === EVENTS) done();
    });
    const start = performance.now();
    await consumer.start();
    await finished;
    const ms = performance.now() - start;
    await consumer.stop();
    return EVENTS / (ms / 1000);
  };
  const consumeRatios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [false, true] : [true, false];
    const rates = {};
    for (const withStore of order) rates[withStore] = await consumeOnce(withStore);
    consumeRatios.push(rates[true] / rates[false]);
    log(
      `round ${round + 1}: consumer with PostgreSQL idempotency ${Math.round(rates[true])}/s, without ${Math.round(rates[false])}/s, ratio ${(rates[true] / rates[false]).toFixed(2)}`,
    );
  }

  // ---- 2. outbox relay vs direct publishing -------------------------------------------------------------------------
  const outbox = createOutbox(publisher);
  const relay = await startOutboxRelay({ databaseUrl: url, brokers, batchSize: 500, pollIntervalMs: 60_000, logger: silentLogger });
  closers.push(() => relay.stop());
  await publisher.publishBatch(items(directTopic).slice(0, 1)); // both producers connected before timing
  await outboxOnce(pool, outbox, items(relayTopic).slice(0, 1), relay);
  const relayRatios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const direct = items(directTopic);
    const viaOutbox = items(relayTopic);
    const rates = {};
    for (const contender of round % 2 === 0 ? ['direct', 'relay'] : ['relay', 'direct']) {
      if (contender === 'direct') {
        const start = performance.now();
        for (let i = 0; i < EVENTS; i += 500) await publisher.publishBatch(direct.slice(i, i + 500));
        rates.direct = EVENTS / ((performance.now() - start) / 1000);
      } else {
        rates.relay = EVENTS / ((await outboxOnce(pool, outbox, viaOutbox, relay)) / 1000);
      }
    }
    relayRatios.push(rates.relay / rates.direct);
    log(
      `round ${round + 1}: outbox relay ${Math.round(rates.relay)}/s, direct publishBatch ${Math.round(rates.direct)}/s, ratio ${(rates.relay / rates.direct).toFixed(2)}`,
    );
  }

  const consumeMedian = median(consumeRatios);
  const relayMedian = median(relayRatios);
  console.log(`consumer with PostgreSQL idempotency (strong form) vs without: ${consumeMedian.toFixed(2)}× (median of ${ROUNDS} rounds)`);
  console.log(`outbox relay vs direct publishing: ${relayMedian.toFixed(2)}× (target ≥ 0.5×) ${relayMedian >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
  if (relayMedian < 0.5) process.exitCode = 1;
}

/** Writes the events to the outbox in one transaction (untimed), then times commit → last row marked sent. */
async function outboxOnce(pool, outbox, events, relay) {
  const client = await pool.connect();
  const sentBefore = relay.stats().sent;
  try {
    await client.query('BEGIN');
    for (let i = 0; i < events.length; i += 500) await outbox.addMany(client, events.slice(i, i + 500));
    const start = performance.now();
    await client.query('COMMIT');
    while (relay.stats().sent < sentBefore + events.length) await new Promise((r) => setTimeout(r, 2));
    return performance.now() - start;
  } finally {
    client.release();
  }
}

async function freshDatabase() {
  const name = `bench_delivery_${RUN}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
