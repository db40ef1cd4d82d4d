/**
 * The outbox relay: publishes pending outbox rows with an idempotent producer (acks=all) and marks them sent.
 *
 * Order and exclusivity: rows fall into 16 lanes by key (a generated column of the table). A relay owns whole
 * lanes through PostgreSQL session advisory locks and sends each lane's rows in id order, one batch at a time, so
 * the rows of one key leave through one relay in insertion order, and two relays never send the same row. A relay
 * that dies (even SIGKILL) loses its session and so its locks; another relay takes the lanes over on its next wake.
 * A crash between the broker's acknowledgement and the "sent" mark sends that batch again after the restart:
 * delivery is at-least-once, and consumers drop the repeat by eventId (idempotent consumers).
 *
 * Waking: LISTEN on the table's channel (a trigger NOTIFYs when a writing transaction commits), with a slow poll as
 * the safety net for a lost notification. Broker or database down: exponential backoff with jitter, rows stay.
 *
 * Stopping is bounded (`stopTimeoutMs`): a send the broker does not acknowledge in time is given up, its rows are
 * not marked and the lanes are released, so the next relay sends them (see stop()).
 */
import type { Compression, OutgoingMessage, ProducerPort, Transport } from '../transport.js';
import { ConfigurationError } from '../errors.js';
import { createKafkaTransport, createSocketGate } from '../kafkajs-transport.js';
import { consoleLogger, type Logger } from '../logger.js';
import { checkDatabaseUrl, checkTable, loadPg, redactUrl, startupError, tableName, type SqlSession } from '../pg/connect.js';
import { DEFAULT_OUTBOX_TABLE } from './writer.js';

/** Lanes of the outbox table (sql/outbox.sql computes `lane` modulo this). */
export const OUTBOX_LANES = 16;

export interface OutboxRelayOptions {
  /** postgres://user:password@host:port/database */
  databaseUrl: string;
  /** @default env KAFKA_BROKERS (ignored with `transport`) */
  brokers?: string[];
  /** @default a kafkajs transport with an idempotent producer (acks=all, one request in flight) */
  transport?: Transport;
  /** @default 'contracts-outbox-relay' */
  clientId?: string;
  /** @default 'contracts_outbox' */
  table?: string;
  /** Rows per send. @default 500 */
  batchSize?: number;
  /** Most lanes this relay owns (of 16); a lower number leaves lanes for other relays. @default 16 */
  maxLanes?: number;
  /** Safety-net poll (and lane take-over check) when no notification arrives. @default 5000 */
  pollIntervalMs?: number;
  /** First and largest pause after a failure (doubled with jitter in between). @default 200 / 30000 */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Sent rows older than this are deleted (0 keeps them). @default 86_400_000 (a day) */
  retainSentMs?: number;
  /** @default 'gzip' */
  compression?: Compression;
  /**
   * Longest stop() waits for the batch in hand (a broker outage can hold a send for minutes); then the batch is
   * given up, unmarked, for the next relay. @default 10000
   */
  stopTimeoutMs?: number;
  /** @default consoleLogger */
  logger?: Logger;
}

export interface OutboxRelayStats {
  /** Rows published and marked sent. */
  sent: number;
  batches: number;
  /** Sends or database round trips that failed (each followed by a backoff). */
  failures: number;
  /** Lanes this relay owns now. */
  lanes: number[];
  /** stop() hit its time limit (the work in hand was given up; the process may exit without waiting for it). */
  stopTimedOut: boolean;
  /** Rows of the batch in hand that a stop() timing out gave up (left pending, not marked sent); else 0. */
  givenUpAtStop: number;
}

export interface OutboxRelay {
  stats(): OutboxRelayStats;
  /**
   * Finishes the batch in hand, releases the lanes, disconnects; within `timeoutMs` (default: the relay's
   * `stopTimeoutMs`) even while the broker is unreachable: then the batch in hand is given up (its rows stay pending,
   * nothing unacknowledged is marked sent), the database session that held the lanes is closed and, with the
   * relay's own Kafka client, its sockets are shut so that send can no longer land later.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Settles when the relay has stopped. */
  readonly done: Promise<void>;
}

interface Row {
  id: string;
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer;
}

/**
 * Starts a relay. Fails at start (ConfigurationError naming the cause and the fix) on a bad URL, an unreachable
 * database or a missing outbox table; a broker that is down is waited for with backoff.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const url = checkDatabaseUrl(options.databaseUrl, 'databaseUrl');
  const table = tableName(options.table ?? DEFAULT_OUTBOX_TABLE, 'table');
  const channel = table.split('.').pop()!;
  const logger = options.logger ?? consoleLogger;
  const batchSize = positive(options.batchSize ?? 500, 'batchSize');
  const maxLanes = Math.min(OUTBOX_LANES, positive(options.maxLanes ?? OUTBOX_LANES, 'maxLanes'));
  const pollIntervalMs = positive(options.pollIntervalMs ?? 5_000, 'pollIntervalMs');
  const minBackoffMs = options.minBackoffMs ?? 200;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const retainSentMs = options.retainSentMs ?? 86_400_000;
  const compression = options.compression ?? 'gzip';
  const stopTimeoutMs = nonNegative(options.stopTimeoutMs ?? 10_000, 'stopTimeoutMs');
  const pg = await loadPg('The outbox relay');
  const gate = options.transport ? undefined : createSocketGate();
  const transport =
    options.transport ??
    createKafkaTransport({
      ...(options.brokers ? { brokers: options.brokers } : {}),
      clientId: options.clientId ?? 'contracts-outbox-relay',
      logger,
      kafka: { socketFactory: gate!.socketFactory },
      // A bounded retry budget per send (kafkajs's default for idempotent producers is unbounded): during an outage
      // a send fails after seconds, the relay backs off (and counts it), and a given-up send ends instead of
      // retrying for the life of the process. The transport replaces a producer whose send failed.
      producer: { idempotent: true, maxInFlightRequests: 1, retry: { retries: 5, maxRetryTime: 5_000 } },
    });

  const stats: OutboxRelayStats = { sent: 0, batches: 0, failures: 0, lanes: [], stopTimedOut: false, givenUpAtStop: 0 };
  const lanes = new Set<number>();
  let session: SqlSession | undefined;
  let producer: ProducerPort | undefined;
  let stopping = false;
  let gaveUp = false; // stop() timed out: the loop must not mark or send anything more
  let inHand = 0;
  let woken = false;
  let wake: (() => void) | undefined;
  let lastPurge = 0;

  const connectSession = async (): Promise<SqlSession> => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client.on('error', (error) => logger.warn(`outbox relay: database connection lost (${error.message}); reconnecting`));
    client.on('notification', () => signal());
    try {
      await client.connect();
      await checkTable(client, url, table, 'outbox');
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    lanes.clear();
    return client;
  };

  function signal(): void {
    woken = true;
    wake?.();
  }

  /** Waits `ms`, or less when a notification arrives (unless `ignoreNotify`), or until stop(). */
  const pause = (ms: number, ignoreNotify = false): Promise<void> =>
    new Promise((resolve) => {
      if (stopping || (!ignoreNotify && woken)) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = ignoreNotify ? () => (stopping ? done() : undefined) : done;
    });

  const acquireLanes = async (client: SqlSession) => {
    if (lanes.size >= maxLanes) return;
    const free = [...Array(OUTBOX_LANES).keys()].filter((lane) => !lanes.has(lane));
    if (maxLanes === OUTBOX_LANES) {
      // One round trip: try every free lane (lanes another relay holds fail at once).
      const got = await client.query('SELECT lane FROM unnest($2::int[]) AS lane WHERE pg_try_advisory_lock(hashtext($1), lane)', [table, free]);
      for (const row of got.rows as { lane: number }[]) lanes.add(row.lane);
    } else {
      for (const lane of free) {
        if (lanes.size >= maxLanes) break;
        const got = await client.query('SELECT pg_try_advisory_lock(hashtext($1), $2) AS got', [table, lane]);
        if (got.rows[0]?.got === true) lanes.add(lane);
      }
    }
    stats.lanes = [...lanes].sort((a, b) => a - b);
  };

  const fetchBatch = async (client: SqlSession): Promise<Row[]> => {
    const result = await client.query(
      `SELECT id, topic, key, headers, value FROM ${table} WHERE sent_at IS NULL AND lane = ANY($1::smallint[]) ORDER BY id LIMIT $2`,
      [stats.lanes, batchSize],
    );
    return result.rows as Row[];
  };

  const publish = async (rows: readonly Row[]) => {
    if (!producer) {
      const port = transport.producer();
      await port.connect();
      producer = port;
    }
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const row of rows) {
      const message: OutgoingMessage = { key: row.key, value: row.value, headers: row.headers };
      const list = byTopic.get(row.topic);
      if (list) list.push(message);
      else byTopic.set(row.topic, [message]);
    }
    await producer.send({ batches: [...byTopic].map(([topic, messages]) => ({ topic, messages })), compression });
  };

  const purge = async (client: SqlSession) => {
    if (retainSentMs <= 0 || Date.now() - lastPurge < 60_000) return;
    lastPurge = Date.now();
    await client.query(`DELETE FROM ${table} WHERE sent_at < now() - make_interval(secs => $1)`, [retainSentMs / 1000]);
  };

  try {
    session = await connectSession(); // fail fast on a bad URL or a missing table
    await acquireLanes(session);
  } catch (error) {
    await session?.end().catch(() => {});
    throw startupError(error, url, table, 'outbox');
  }

  const run = async () => {
    let backoff = 0;
    let reported = false;
    const failed = async (what: string, error: unknown) => {
      stats.failures++;
      backoff = Math.min(maxBackoffMs, backoff === 0 ? minBackoffMs : backoff * 2);
      const wait = Math.round(backoff / 2 + Math.random() * (backoff / 2));
      if (!reported) logger.warn(`outbox relay: ${what} failed (${(error as Error).message}); retrying with backoff, rows stay pending`);
      reported = true;
      await pause(wait, true);
    };
    while (!stopping) {
      if (!session) {
        try {
          session = await connectSession();
        } catch (error) {
          await failed(`connecting to ${redactUrl(url)}`, error);
          continue;
        }
        if (gaveUp) break; // reconnected after stop() gave up: take no lanes (finally closes the session)
      }
      const client = session;
      let rows: Row[];
      try {
        woken = false;
        await acquireLanes(client);
        rows = lanes.size === 0 ? [] : await fetchBatch(client);
        if (rows.length === 0) await purge(client);
      } catch (error) {
        session = undefined; // the locks die with the session; a new one re-acquires
        lanes.clear();
        stats.lanes = [];
        await client.end().catch(() => {});
        await failed('reading the outbox', error);
        continue;
      }
      if (rows.length === 0) {
        await pause(pollIntervalMs);
        continue;
      }
      inHand = rows.length;
      try {
        await publish(rows);
      } catch (error) {
        inHand = 0;
        if (gaveUp) break;
        await failed('publishing to Kafka', error);
        continue;
      }
      inHand = 0;
      if (gaveUp) break; // acknowledged after stop() gave up: left unmarked, sent again by the next relay
      try {
        await client.query(`UPDATE ${table} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      } catch (error) {
        // Published but not marked: the batch goes out again after reconnecting (consumers drop it by eventId).
        session = undefined;
        lanes.clear();
        stats.lanes = [];
        await client.end().catch(() => {});
        await failed('marking rows sent', error);
        continue;
      }
      stats.sent += rows.length;
      stats.batches++;
      backoff = 0;
      if (reported) logger.warn('outbox relay: recovered; sending again');
      reported = false;
    }
  };

  const done = run().finally(async () => {
    await session?.end().catch(() => {});
    session = undefined;
    lanes.clear();
    stats.lanes = [];
    await producer?.disconnect().catch(() => {});
  });

  return {
    stats: () => ({ ...stats, lanes: [...stats.lanes] }),
    async stop(stopOptions = {}) {
      stopping = true;
      wake?.();
      const limit = nonNegative(stopOptions.timeoutMs ?? stopTimeoutMs, 'timeoutMs');
      if (await settlesWithin(done, limit)) return;
      if (gaveUp) return;
      gaveUp = true;
      stats.stopTimedOut = true;
      stats.givenUpAtStop = inHand; // read once: the loop may reset inHand while the session closes below
      gate?.shut(); // the send in hand can no longer be acknowledged, now or when the broker returns
      const held = session;
      session = undefined;
      lanes.clear();
      stats.lanes = [];
      // Closing the session releases its advisory locks: the lanes and their pending rows go to the next relay.
      await settlesWithin(held?.end().catch(() => {}) ?? Promise.resolve(), 2_000);
      void producer?.disconnect().catch(() => {});
      logger.warn(
        `outbox relay: stop() gave up after ${limit} ms waiting for the broker; ${stats.givenUpAtStop} row(s) of the batch in hand stay pending for the next relay`,
      );
    },
    done,
  };
}

/** True when `promise` settled within `ms` (its outcome is the caller's business), false on timeout. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function nonNegative(value: number, option: string): number {
  if (!Number.isFinite(value) || value < 0) throw new ConfigurationError(`${option} must be a number of milliseconds ≥ 0 (got ${value}).`);
  return value;
}

function positive(value: number, option: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new ConfigurationError(`${option} must be a positive integer (got ${value}).`);
  return value;
}
