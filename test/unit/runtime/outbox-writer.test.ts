// The outbox's pure parts: the INSERT it builds, the adapter picked for each kind of `tx`, and the start-up error
// messages (cause + fix) for the PostgreSQL errors a user can fix.
import { describe, expect, it } from 'vitest';
import { ConfigurationError, OutboxError, createOutbox, outboxExecutor, type EncodedEvent } from '../../../runtime/src/index.js';
import { insertStatement } from '../../../runtime/src/outbox/writer.js';
import { checkDatabaseUrl, describeStartupError, tableName } from '../../../runtime/src/pg/connect.js';

const encoded = (n: number, key: string | null): EncodedEvent => ({
  topic: `t${n}`,
  envelope: { eventId: `e${n}`, eventType: 'x.happened.v1', eventVersion: '1.0.0', timestamp: '2026-01-01T00:00:00Z', source: 's', data: {} },
  message: { key, value: Buffer.from([0, 0, 0, 0, 7, 123, 125]), headers: { ce_id: `e${n}` } },
});

describe('insertStatement', () => {
  it('writes one row per event with numbered parameters, the value as base64 decoded by PostgreSQL', () => {
    const { sql, values } = insertStatement('contracts_outbox', [encoded(1, 'k1'), encoded(2, null)]);
    expect(sql).toBe(
      "INSERT INTO contracts_outbox (topic, key, headers, value, event_id, event_type) VALUES ($1, $2, $3::jsonb, decode($4, 'base64'), $5, $6), ($7, $8, $9::jsonb, decode($10, 'base64'), $11, $12)",
    );
    expect(values).toEqual([
      't1',
      'k1',
      '{"ce_id":"e1"}',
      'AAAAAAd7fQ==',
      'e1',
      'x.happened.v1',
      't2',
      null,
      '{"ce_id":"e2"}',
      'AAAAAAd7fQ==',
      'e2',
      'x.happened.v1',
    ]);
  });
});

describe('outboxExecutor', () => {
  const calls: unknown[][] = [];
  it.each([
    ['a node-postgres client', { query: async (...args: unknown[]) => void calls.push(['query', ...args]) }, ['query', 'SQL', [1, 2]]],
    ['a Prisma transaction', { $executeRawUnsafe: async (...args: unknown[]) => (calls.push(['prisma', ...args]), 1) }, ['prisma', 'SQL', 1, 2]],
    ['an executor', { execute: async (...args: unknown[]) => void calls.push(['execute', ...args]) }, ['execute', 'SQL', [1, 2]]],
  ])('runs the statement through %s', async (_name, tx, want) => {
    calls.length = 0;
    await outboxExecutor(tx as never).execute('SQL', [1, 2]);
    expect(calls).toEqual([want]);
  });

  it('refuses anything else, naming what it accepts', () => {
    expect(() => outboxExecutor({ begin() {} } as never)).toThrow(
      /neither a node-postgres client \(query\), a Prisma transaction \(\$executeRawUnsafe\) nor an executor/,
    );
  });
});

describe('createOutbox', () => {
  it('frames through the publisher and turns a missing table into an OutboxError naming the migration', async () => {
    const outbox = createOutbox({ encode: async () => encoded(1, 'k') as never });
    const missing = Object.assign(new Error('relation "contracts_outbox" does not exist'), { code: '42P01' });
    const attempt = outbox.add({ query: async () => Promise.reject(missing) }, {} as never, {});
    await expect(attempt).rejects.toBeInstanceOf(OutboxError);
    await expect(attempt).rejects.toThrow(/Table contracts_outbox does not exist.*sql\/outbox\.sql/);
  });

  it('rejects a table name that is not a plain identifier (it is spliced into SQL)', () => {
    expect(() => createOutbox({ encode: async () => encoded(1, 'k') as never }, { table: 'outbox; DROP TABLE users' })).toThrow(ConfigurationError);
  });
});

describe('start-up errors', () => {
  const url = 'postgres://app:secret@db.internal:5432/shop';
  it.each([
    ['ECONNREFUSED', undefined, /nothing listens there.*Start PostgreSQL or fix the URL's host and port/],
    ['ENOTFOUND', undefined, /host name does not resolve/],
    ['28P01', 'password authentication failed for user "app"', /refused the login.*Fix the user and password/],
    ['3D000', 'database "shop" does not exist', /database "shop" does not exist\. Create the database or fix/],
    ['42P01', 'relation "contracts_processed_events" does not exist', /Table contracts_processed_events does not exist.*sql\/idempotency\.sql/],
  ])('%s → cause and fix, password redacted', (code, message, want) => {
    const text = describeStartupError(Object.assign(new Error(message ?? code), { code }), url, 'contracts_processed_events', 'idempotency');
    expect(text).toMatch(want);
    expect(text).not.toContain('secret');
  });

  it('leaves errors it cannot explain to the caller', () => {
    expect(describeStartupError(Object.assign(new Error('deadlock detected'), { code: '40P01' }), url, 't', 'outbox')).toBeUndefined();
  });

  it.each([
    [undefined, /databaseUrl is required/],
    ['not a url', /is not a URL/],
    ['mysql://h/db', /has scheme mysql:/],
  ])('checkDatabaseUrl(%j) fails naming the expected form', (value, want) => {
    expect(() => checkDatabaseUrl(value, 'databaseUrl')).toThrow(want);
  });

  it.each(['contracts_outbox', 'app.contracts_outbox'])('accepts the table name %s', (name) => expect(tableName(name, 'table')).toBe(name));
});
