/**
 * The outbox relay under faults, on a real PostgreSQL and real brokers, with counts printed:
 * - 10,000 business transactions (about a tenth rolled back) while two relays (`contracts outbox relay` processes)
 *   race for the lanes and are SIGKILLed and restarted over and over: every committed row is published, nothing of
 *   a rolled-back transaction is, per-key order holds, and an idempotent consumer (the PostgreSQL store) applies
 *   each event once;
 * - a broker of this test's own stopped and restarted while the relay sends: nothing is lost;
 * - a relay stopped while that broker is down: stop() returns within its bound, the rows it could not send stay
 *   pending, and a new relay sends each of them exactly once when the broker is back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createOutbox, createPublisher, silentLogger, startOutboxRelay, type EventDescriptor } from '../../../runtime/src/index.js';
import { createPostgresIdempotencyStore } from '../../../runtime/src/idempotency/postgres.js';
import { migrationPath } from '../../../runtime/src/pg/connect.js';
import { provisionKafka, startKafka, type RunningKafka } from '../../infra/services/index.mjs';
import { createTopic, kafkaBrokers, uniqueTopic } from '../../infra/kafka.js';
import { createDatabase } from '../../infra/postgres.js';
import { descriptors, type ItemPickedV1 } from '../runtime/helpers.js';
import { readTopic, waitFor, type Seen } from './helpers.js';

const REPO = resolve(import.meta.dirname, '../../..');
const children = new Set<ChildProcess>();
let ownBroker: RunningKafka | undefined;
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await ownBroker?.stop();
});

interface Written {
  committed: Map<string, { key: string; seq: number }>;
  rolledBack: Set<string>;
}

/**
 * Business transactions: `workers` writers, each owning its keys (so one key's transactions never overlap, as a row
 * lock on the order would ensure), insert an order row and its event, and commit or (1 in 10) roll back.
 */
async function writeTransactions(
  pool: pg.Pool,
  def: EventDescriptor<'item.picked.v1', ItemPickedV1>,
  total: number,
  keys: number,
  options: { workers?: number; pauseEvery?: number; pauseMs?: number } = {},
): Promise<Written> {
  const workers = options.workers ?? 10;
  const outbox = createOutbox(
    createPublisher({ frameUnknownSchema: 'send-unframed', brokers: ['127.0.0.1:1'], source: 'outbox-faults', logger: silentLogger }),
  );
  const written: Written = { committed: new Map(), rolledBack: new Set() };
  const seqs = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const client = await pool.connect();
      try {
        for (let i = w; ; i += workers) {
          if (next >= total) return;
          next++;
          const key = `order-${(i % keys) - ((i % keys) % workers) + w}`; // keys of this worker only
          const seq = (seqs.get(key) ?? 0) + 1;
          seqs.set(key, seq);
          await client.query('BEGIN');
          await client.query('INSERT INTO orders (id, seq) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq', [key, seq]);
          const envelope = await outbox.add(client, def, { orderId: key, seq, sku: 'SKU-1' });
          if (Math.random() < 0.1) {
            await client.query('ROLLBACK');
            written.rolledBack.add(envelope.eventId);
          } else {
            await client.query('COMMIT');
            written.committed.set(envelope.eventId, { key, seq });
          }
          if (options.pauseEvery && next % options.pauseEvery === 0) await new Promise((r) => setTimeout(r, options.pauseMs));
        }
      } finally {
        client.release();
      }
    }),
  );
  return written;
}

/** Published vs written: lost, extra, rolled back seen, raw duplicates, per-key order violations (first sightings). */
function verify(seen: readonly Seen[], written: Written) {
  const firstSeen = new Map<string, Seen>();
  for (const s of seen) if (!firstSeen.has(s.eventId)) firstSeen.set(s.eventId, s);
  const lost = [...written.committed.keys()].filter((id) => !firstSeen.has(id)).length;
  const ofRollbacks = [...firstSeen.keys()].filter((id) => written.rolledBack.has(id)).length;
  const unknown = [...firstSeen.keys()].filter((id) => !written.committed.has(id) && !written.rolledBack.has(id)).length;
  const lastSeq = new Map<string, number>();
  let outOfOrder = 0;
  for (const s of firstSeen.values()) {
    const previous = lastSeq.get(s.key!) ?? 0;
    if (s.data.seq <= previous) outOfOrder++;
    lastSeq.set(s.key!, s.data.seq);
  }
  return { published: seen.length, distinct: firstSeen.size, duplicates: seen.length - firstSeen.size, lost, ofRollbacks, unknown, outOfOrder };
}

/** The idempotent consumer: every record through the PostgreSQL store (in order per key); returns applied effects. */
async function applyIdempotently(url: string, seen: readonly Seen[]): Promise<{ processed: number; dropped: number; effects: number; distinct: number }> {
  const store = await createPostgresIdempotencyStore({ databaseUrl: url, maxConnections: 8 });
  const byKey = new Map<string, Seen[]>();
  for (const s of seen) byKey.set(s.key!, [...(byKey.get(s.key!) ?? []), s]);
  let processed = 0;
  let dropped = 0;
  await Promise.all(
    [...byKey.values()].map(async (records) => {
      for (const s of records) {
        const outcome = await store.runOnce({ group: 'shipping', eventId: s.eventId }, async (tx) => {
          await tx!.query('INSERT INTO effects (event_id) VALUES ($1)', [s.eventId]);
        });
        if (outcome === 'processed') processed++;
        else dropped++;
      }
    }),
  );
  await store.close?.();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const row = (await pool.query('SELECT count(*)::int AS effects, count(DISTINCT event_id)::int AS distinct FROM effects')).rows[0];
  await pool.end();
  return { processed, dropped, effects: row.effects, distinct: row.distinct };
}

async function prepareDatabase(prefix: string): Promise<{ url: string; pool: pg.Pool }> {
  const url = await createDatabase(prefix, [migrationPath('outbox'), migrationPath('idempotency')]);
  const pool = new pg.Pool({ connectionString: url, max: 12 });
  await pool.query('CREATE TABLE orders (id text PRIMARY KEY, seq int NOT NULL)');
  await pool.query('CREATE TABLE effects (event_id text NOT NULL)'); // no unique key: a double effect shows
  return { url, pool };
}

const pendingRows = async (pool: pg.Pool) => Number((await pool.query('SELECT count(*)::int AS n FROM contracts_outbox WHERE sent_at IS NULL')).rows[0].n);

/** `contracts outbox relay` as a separate process (so SIGKILL kills it for real). */
function startRelayProcess(url: string, brokers: string[], log: string[]): ChildProcess & { ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    [join(REPO, 'bin/contracts.js'), 'outbox', 'relay', '--brokers', brokers.join(','), '--max-lanes', '10', '--poll-interval', '300', '--batch-size', '200'],
    { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  const ready = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.stderr!.on('data', (chunk: Buffer) => {
      const lanes = /lanes ([\d,]+|\(none[^)]*\))/.exec(chunk.toString());
      if (!lanes) return;
      log.push(lanes[1]!.startsWith('(') ? 'none' : lanes[1]!);
      resolve();
    });
  });
  return Object.assign(child, { ready });
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

describe('outbox relay under faults', () => {
  it('10,000 transactions, two racing relays SIGKILLed repeatedly: all committed published once per idempotent consumer, in key order', async () => {
    const TOTAL = 10_000;
    const topic = await createTopic(uniqueTopic('outbox.race'), 3);
    const { v1 } = descriptors(topic);
    const { url, pool } = await prepareDatabase('outbox_race');
    const reader = await readTopic(topic);
    const lanesLog: string[] = [];
    const relays = [startRelayProcess(url, kafkaBrokers(), lanesLog), startRelayProcess(url, kafkaBrokers(), lanesLog)];
    const started = Date.now();

    let writing = true;
    let kills = 0;
    const chaos = (async () => {
      while (writing || kills < 6) {
        const i = Math.floor(Math.random() * relays.length);
        await relays[i]!.ready; // kill a relay that runs (owns lanes or waits for them), at a random point
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 1_200));
        relays[i]!.kill('SIGKILL');
        await exited(relays[i]!);
        kills++;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
        relays[i] = startRelayProcess(url, kafkaBrokers(), lanesLog);
      }
    })();
    const written = await writeTransactions(pool, v1, TOTAL, 50);
    const writeSeconds = (Date.now() - started) / 1000;
    writing = false;
    await chaos;
    await waitFor('the relays to drain the outbox', async () => (await pendingRows(pool)) === 0, 120_000);
    await waitFor('every committed event on the topic', () => verify(reader.seen, written).lost === 0, 60_000);
    await new Promise((r) => setTimeout(r, 1_000)); // anything that should not come has time to show
    for (const relay of relays) relay.kill('SIGTERM');
    await Promise.all(relays.map(exited));
    await reader.stop();

    const counts = verify(reader.seen, written);
    const consumer = await applyIdempotently(url, reader.seen);
    process.stdout.write(
      `outbox race: transactions ${TOTAL} in ${writeSeconds.toFixed(1)}s (committed ${written.committed.size}, rolled back ${written.rolledBack.size}); relay SIGKILLs ${kills}, relay starts ${lanesLog.length} ` +
        `(lanes owned at start: ${lanesLog.slice(0, 6).join(' | ')} …); published ${counts.published} (distinct ${counts.distinct}, re-sent after a kill ${counts.duplicates}), ` +
        `lost ${counts.lost}, published for rollbacks ${counts.ofRollbacks}, unknown ${counts.unknown}, per-key order violations ${counts.outOfOrder}; ` +
        `idempotent consumer: processed ${consumer.processed}, dropped duplicates ${consumer.dropped}, effects ${consumer.effects} (distinct ${consumer.distinct}); ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
    await pool.end();
    expect(kills).toBeGreaterThanOrEqual(6);
    expect(counts.lost).toBe(0);
    expect(counts.ofRollbacks).toBe(0);
    expect(counts.unknown).toBe(0);
    expect(counts.outOfOrder).toBe(0);
    expect(counts.distinct).toBe(written.committed.size);
    expect(consumer.effects).toBe(written.committed.size);
    expect(consumer.distinct).toBe(consumer.effects);
    expect(written.rolledBack.size).toBeGreaterThan(0);
  }, 400_000);

  it('loses nothing when the broker is stopped and restarted while the relay sends', async () => {
    ownBroker = await startKafka(await provisionKafka());
    const brokers = ownBroker.brokers;
    const topic = uniqueTopic('outbox.restart');
    const { v1 } = descriptors(topic);
    await createTopic(topic, 3, {}, brokers);
    const { url, pool } = await prepareDatabase('outbox_restart');
    const relay = await startOutboxRelay({ databaseUrl: url, brokers, logger: silentLogger, maxBackoffMs: 2_000 });
    const started = Date.now();

    const writing = writeTransactions(pool, v1, 2_000, 20, { workers: 4, pauseEvery: 100, pauseMs: 150 });
    await waitFor('the relay to send', () => relay.stats().sent > 0, 60_000);
    const sentBefore = relay.stats().sent;
    await ownBroker.halt();
    await new Promise((r) => setTimeout(r, 3_000)); // rows pile up while the broker is down
    const pendingWhileDown = await pendingRows(pool);
    await ownBroker.resume();
    const written = await writing;
    await waitFor('the relay to drain the outbox', async () => (await pendingRows(pool)) === 0, 120_000);
    const reader = await readTopic(topic, brokers);
    await waitFor('every committed event on the topic', () => verify(reader.seen, written).lost === 0, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    await reader.stop();
    const stats = relay.stats();
    await relay.stop();
    const counts = verify(reader.seen, written);
    process.stdout.write(
      `outbox broker restart: committed ${written.committed.size}, rolled back ${written.rolledBack.size}; sent before the stop ${sentBefore}, pending while down ${pendingWhileDown}; ` +
        `published ${counts.published} (distinct ${counts.distinct}, duplicates ${counts.duplicates}), lost ${counts.lost}, published for rollbacks ${counts.ofRollbacks}, ` +
        `per-key order violations ${counts.outOfOrder}; relay failures retried ${stats.failures}; ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
    await pool.end();
    expect(sentBefore).toBeGreaterThan(0);
    expect(pendingWhileDown).toBeGreaterThan(0);
    expect(counts.lost).toBe(0);
    expect(counts.ofRollbacks).toBe(0);
    expect(counts.outOfOrder).toBe(0);
    expect(counts.distinct).toBe(written.committed.size);
  }, 400_000);

  it('stop() returns within its bound while the broker is down; a new relay sends the rows left pending exactly once', async () => {
    ownBroker ??= await startKafka(await provisionKafka());
    const brokers = ownBroker.brokers;
    const topic = uniqueTopic('outbox.stop');
    const { v1 } = descriptors(topic);
    await createTopic(topic, 3, {}, brokers);
    const { url, pool } = await prepareDatabase('outbox_stop');
    const STOP_TIMEOUT_MS = 3_000;
    const first = await startOutboxRelay({ databaseUrl: url, brokers, logger: silentLogger, batchSize: 100, stopTimeoutMs: STOP_TIMEOUT_MS });

    const before = await writeTransactions(pool, v1, 300, 20, { workers: 4 });
    await waitFor('the first relay to send the rows written before the outage', async () => (await pendingRows(pool)) === 0, 60_000);
    const sentBeforeOutage = first.stats().sent;
    await ownBroker.halt();
    const during = await writeTransactions(pool, v1, 300, 20, { workers: 4 });
    await new Promise((r) => setTimeout(r, 1_500)); // the relay picks a batch up and tries to send it
    const t0 = Date.now();
    // Without a bounded stop() this hangs for as long as the broker is down: cap the wait so the test fails, not hangs.
    const returned = await Promise.race([first.stop().then(() => true), new Promise<false>((r) => setTimeout(r, 30_000, false))]);
    const stopMs = Date.now() - t0;
    const { stopTimedOut, givenUpAtStop } = first.stats();
    const leftPending = await pendingRows(pool);

    await ownBroker.resume();
    const second = await startOutboxRelay({ databaseUrl: url, brokers, logger: silentLogger, batchSize: 100 });
    await waitFor('the new relay to drain the outbox', async () => (await pendingRows(pool)) === 0, 120_000);
    const written: Written = {
      committed: new Map([...before.committed, ...during.committed]),
      rolledBack: new Set([...before.rolledBack, ...during.rolledBack]),
    };
    const reader = await readTopic(topic, brokers);
    await waitFor('every committed event on the topic', () => verify(reader.seen, written).lost === 0, 60_000);
    await new Promise((r) => setTimeout(r, 3_000)); // a send the first relay gave up would show up now
    await reader.stop();
    const sentAfter = second.stats().sent;
    await second.stop();
    const counts = verify(reader.seen, written);
    // Each writeTransactions call numbers its keys' transactions from 1: per-key order is checked within each phase.
    const phaseOrder = (phase: Written) =>
      verify(
        reader.seen.filter((s) => phase.committed.has(s.eventId) || phase.rolledBack.has(s.eventId)),
        phase,
      ).outOfOrder;
    counts.outOfOrder = phaseOrder(before) + phaseOrder(during);
    process.stdout.write(
      `outbox stop during outage: rows written ${written.committed.size} (rolled back ${written.rolledBack.size}); sent before the outage ${sentBeforeOutage}; ` +
        `stop() returned in ${stopMs} ms (bound ${STOP_TIMEOUT_MS} ms, timed out ${stopTimedOut}, batch given up ${givenUpAtStop} rows); left pending ${leftPending}; ` +
        `sent after by a new relay ${sentAfter}; on the topic ${counts.published} (distinct ${counts.distinct}), duplicated ${counts.duplicates}, lost ${counts.lost}, ` +
        `published for rollbacks ${counts.ofRollbacks}, per-key order violations ${counts.outOfOrder}\n`,
    );
    await pool.end();
    expect(returned).toBe(true);
    expect(stopMs).toBeLessThan(STOP_TIMEOUT_MS + 2_500);
    expect(stopTimedOut).toBe(true);
    expect(givenUpAtStop).toBeGreaterThan(0);
    expect(sentBeforeOutage).toBe(before.committed.size);
    expect(leftPending).toBe(during.committed.size); // nothing unacknowledged was marked sent
    expect(sentAfter).toBe(leftPending);
    expect(counts.duplicates).toBe(0);
    expect(counts.lost).toBe(0);
    expect(counts.ofRollbacks).toBe(0);
    expect(counts.outOfOrder).toBe(0);
  }, 300_000);
});
