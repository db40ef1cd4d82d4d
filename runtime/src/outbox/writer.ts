/**
 * The write side of the transactional outbox: `add(tx, …)` frames the event exactly as `publish` would (validated,
 * schema id, headers, key) and inserts it into the outbox table through the caller's transaction, so the event
 * exists if and only if the business change commits. Two adapters: node-postgres (a client inside BEGIN…COMMIT)
 * and Prisma (the `tx` of an interactive `$transaction`, through raw SQL: no Prisma model needed).
 */
import type { AnyEventDescriptor, EventDescriptor } from '../descriptor.js';
import type { EncodedEvent, PublishOptions } from '../encode.js';
import type { Envelope } from '../envelope.js';
import { ConfigurationError, EventContractsError } from '../errors.js';
import { describeStartupError, tableName, type SqlClient } from '../pg/connect.js';
import type { Publisher } from '../publisher.js';

export const DEFAULT_OUTBOX_TABLE = 'contracts_outbox';

/** The Prisma side: the `tx` of `prisma.$transaction(async (tx) => …)` (or the client itself, outside one). */
export interface PrismaTransactionLike {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Anything else: a function that runs one parameterised statement ($1, $2, … placeholders) in the transaction. */
export interface OutboxExecutor {
  execute(sql: string, values: unknown[]): Promise<unknown>;
}

/** What `outbox.add` accepts as `tx`: a node-postgres client in a transaction, a Prisma transaction, or an executor. */
export type OutboxTransaction = SqlClient | PrismaTransactionLike | OutboxExecutor;

export interface OutboxOptions {
  /** @default 'contracts_outbox' (created by sql/outbox.sql) */
  table?: string;
}

export interface Outbox {
  /** Frames the event and inserts it through `tx`; resolves with its envelope. Sent by the relay after `tx` commits. */
  add<TType extends string, TData>(
    tx: OutboxTransaction,
    def: EventDescriptor<TType, TData>,
    data: TData,
    options?: PublishOptions,
  ): Promise<Envelope<TData, TType>>;
  /** Several events in one INSERT (kept in this order). */
  addMany(tx: OutboxTransaction, items: readonly { def: AnyEventDescriptor; data: unknown; options?: PublishOptions }[]): Promise<Envelope<unknown, string>[]>;
}

/** Picks the adapter for `tx` by its shape. */
export function outboxExecutor(tx: OutboxTransaction): OutboxExecutor {
  const anyTx = tx as Partial<SqlClient & PrismaTransactionLike & OutboxExecutor>;
  if (typeof anyTx.$executeRawUnsafe === 'function') {
    const prisma = tx as PrismaTransactionLike;
    return { execute: (sql, values) => prisma.$executeRawUnsafe(sql, ...values) };
  }
  if (typeof anyTx.query === 'function') {
    const client = tx as SqlClient;
    return { execute: (sql, values) => client.query(sql, values) };
  }
  if (typeof anyTx.execute === 'function') return tx as OutboxExecutor;
  throw new ConfigurationError(
    'outbox.add(tx, …): tx is neither a node-postgres client (query), a Prisma transaction ($executeRawUnsafe) nor an executor (execute). ' +
      'Pass the client your transaction runs on.',
  );
}

/** The outbox of a publisher: it frames with the publisher's source, schema ids and size limit. */
export function createOutbox(publisher: Pick<Publisher, 'encode'>, options: OutboxOptions = {}): Outbox {
  const table = tableName(options.table ?? DEFAULT_OUTBOX_TABLE, 'outbox table');
  const outbox: Outbox = {
    async add(tx, def, data, opts) {
      const [envelope] = await outbox.addMany(tx, [{ def: def as AnyEventDescriptor, data, ...(opts ? { options: opts } : {}) }]);
      return envelope as Envelope<typeof data, typeof def.eventType>;
    },
    async addMany(tx, items) {
      if (items.length === 0) return [];
      const executor = outboxExecutor(tx);
      const encoded: EncodedEvent[] = [];
      for (const item of items) encoded.push(await publisher.encode(item.def, item.data, item.options));
      const { sql, values } = insertStatement(table, encoded);
      try {
        await executor.execute(sql, values);
      } catch (error) {
        const described = describeStartupError(error, undefined, table, 'outbox');
        if (described) throw new OutboxError(described, error);
        throw error;
      }
      return encoded.map((e) => e.envelope);
    },
  };
  return outbox;
}

/** The outbox table is missing or unreachable from the caller's transaction. */
export class OutboxError extends EventContractsError {
  override readonly cause: unknown;
  constructor(message: string, cause: unknown) {
    super('OUTBOX', message);
    this.cause = cause;
  }
}

/**
 * One multi-row INSERT. The value travels as base64 text decoded by PostgreSQL: every adapter passes text
 * parameters the same way, while bytea parameters differ between drivers.
 */
export function insertStatement(table: string, encoded: readonly EncodedEvent[]): { sql: string; values: unknown[] } {
  const rows: string[] = [];
  const values: unknown[] = [];
  for (const e of encoded) {
    const n = values.length;
    rows.push(`($${n + 1}, $${n + 2}, $${n + 3}::jsonb, decode($${n + 4}, 'base64'), $${n + 5}, $${n + 6})`);
    values.push(e.topic, e.message.key, JSON.stringify(e.message.headers), e.message.value.toString('base64'), e.envelope.eventId, e.envelope.eventType);
  }
  return { sql: `INSERT INTO ${table} (topic, key, headers, value, event_id, event_type) VALUES ${rows.join(', ')}`, values };
}
