/**
 * The PostgreSQL idempotency store, strong form: `runOnce` opens a transaction, inserts (group, eventId) with
 * ON CONFLICT DO NOTHING, runs the effect with that transaction and commits both together. A crash anywhere
 * before COMMIT rolls back the mark and the effect (the event is redelivered and applied once); after COMMIT both
 * are durable (the redelivered event finds the mark and is skipped). Two consumers racing on the same event
 * (a rebalance) serialise on the primary key: the second waits for the first to commit, then sees a duplicate.
 */
import { ConfigurationError } from '../errors.js';
import { checkDatabaseUrl, checkTable, loadPg, startupError, tableName, type SqlClient, type SqlPool } from '../pg/connect.js';
import type { IdempotencyKey, IdempotencyStore } from './store.js';

export const DEFAULT_IDEMPOTENCY_TABLE = 'contracts_processed_events';

export interface PostgresIdempotencyOptions {
  /** postgres://user:password@host:port/database. Either this or `pool`. */
  databaseUrl?: string;
  /** A node-postgres Pool you own (not closed by `close()`). */
  pool?: SqlPool;
  /** @default 'contracts_processed_events' (created by sql/idempotency.sql) */
  table?: string;
  /** Pool size when the store makes its own pool. @default 10 */
  maxConnections?: number;
}

/** The transaction handed to effects: the node-postgres client the store opened the transaction on. */
export type PostgresTransaction = SqlClient;

/**
 * Connects, checks the table, and returns the store. Fails at start (ConfigurationError naming the cause and the
 * fix) on a wrong URL, a refused login, a missing database or a missing table; never at the first message.
 */
export async function createPostgresIdempotencyStore(options: PostgresIdempotencyOptions): Promise<IdempotencyStore<PostgresTransaction>> {
  const table = tableName(options.table ?? DEFAULT_IDEMPOTENCY_TABLE, 'table');
  if (options.pool && options.databaseUrl) throw new ConfigurationError('Pass databaseUrl or pool to createPostgresIdempotencyStore, not both.');
  const url = options.pool ? undefined : checkDatabaseUrl(options.databaseUrl, 'databaseUrl');
  let pool: SqlPool;
  if (options.pool) {
    pool = options.pool;
  } else {
    const pg = await loadPg('The PostgreSQL idempotency store');
    const own = new pg.Pool({ connectionString: url!, max: options.maxConnections ?? 10, connectionTimeoutMillis: 10_000 });
    own.on('error', () => {}); // an idle client that dies is dropped by the pool; queries report their own errors
    pool = own;
  }
  try {
    await checkTable(pool, url, table, 'idempotency');
  } catch (error) {
    if (!options.pool) await pool.end().catch(() => {});
    throw startupError(error, url, table, 'idempotency');
  }
  const insert = `INSERT INTO ${table} (consumer_group, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`;

  return {
    async runOnce(key: IdempotencyKey, effect: (tx: PostgresTransaction | undefined) => Promise<void>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const marked = await client.query(insert, [key.group, key.eventId]);
        if (marked.rowCount === 0) {
          await client.query('ROLLBACK');
          return 'duplicate';
        }
        await effect(client);
        await client.query('COMMIT');
        return 'processed';
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error; // the connection is unusable: the pool must discard it
        }
        throw error;
      } finally {
        client.release(broken ?? undefined);
      }
    },
    async close() {
      if (!options.pool) await pool.end();
    },
  };
}
