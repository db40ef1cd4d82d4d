/**
 * The PostgreSQL idempotency store against a real PostgreSQL: the mark and the effect commit together, a failing
 * effect rolls both back, racing runs of one event apply it once, and bad configuration fails at start naming the
 * cause and the fix.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../runtime/src/errors.js';
import { createPostgresIdempotencyStore } from '../../../runtime/src/idempotency/postgres.js';
import { migrationPath } from '../../../runtime/src/pg/connect.js';
import { createDatabase, withDatabase } from '../../infra/postgres.js';

let url: string;
let db: pg.Pool;

beforeAll(async () => {
  url = await createDatabase('idem', [migrationPath('idempotency')]);
  db = new pg.Pool({ connectionString: url });
  await db.query('CREATE TABLE effects (event_id text, amount int)');
});
afterAll(async () => db?.end());

const effectsOf = async (eventId: string) => (await db.query('SELECT amount FROM effects WHERE event_id = $1', [eventId])).rows.length;

describe('createPostgresIdempotencyStore (real PostgreSQL)', () => {
  it('applies an effect once per (group, eventId) and reports the redelivery as a duplicate', async () => {
    const store = await createPostgresIdempotencyStore({ databaseUrl: url });
    const charge = (eventId: string) => async (tx: pg.ClientBase | undefined) => {
      await tx!.query('INSERT INTO effects VALUES ($1, 100)', [eventId]);
    };
    try {
      expect(await store.runOnce({ group: 'billing', eventId: 'e1' }, charge('e1') as never)).toBe('processed');
      expect(await store.runOnce({ group: 'billing', eventId: 'e1' }, charge('e1') as never)).toBe('duplicate');
      // Another group processes the same event for itself.
      expect(await store.runOnce({ group: 'audit', eventId: 'e1' }, async () => {})).toBe('processed');
      expect(await effectsOf('e1')).toBe(1);
    } finally {
      await store.close?.();
    }
  });

  it('rolls back the mark with the effect when the effect throws, so the retry applies it', async () => {
    const store = await createPostgresIdempotencyStore({ databaseUrl: url });
    try {
      await expect(
        store.runOnce({ group: 'billing', eventId: 'e2' }, async (tx) => {
          await tx!.query('INSERT INTO effects VALUES ($1, 1)', ['e2']);
          throw new Error('payment provider down');
        }),
      ).rejects.toThrow('payment provider down');
      expect(await effectsOf('e2')).toBe(0);
      expect(await store.runOnce({ group: 'billing', eventId: 'e2' }, async (tx) => void (await tx!.query('INSERT INTO effects VALUES ($1, 1)', ['e2'])))).toBe(
        'processed',
      );
      expect(await effectsOf('e2')).toBe(1);
    } finally {
      await store.close?.();
    }
  });

  it('serialises racing runs of the same event (a rebalance): one processes, the others see a duplicate', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => createPostgresIdempotencyStore({ databaseUrl: url, maxConnections: 2 })));
    try {
      const outcomes = await Promise.all(
        stores.map((store) =>
          store.runOnce({ group: 'billing', eventId: 'e3' }, async (tx) => {
            await tx!.query('INSERT INTO effects VALUES ($1, 7)', ['e3']);
            await new Promise((resolve) => setTimeout(resolve, 50)); // hold the row lock while the others wait
          }),
        ),
      );
      process.stdout.write(`racing runs: ${outcomes.join(', ')}; effects applied: ${await effectsOf('e3')}\n`);
      expect(outcomes.filter((o) => o === 'processed')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
      expect(await effectsOf('e3')).toBe(1);
    } finally {
      await Promise.all(stores.map((store) => store.close?.()));
    }
  });

  it.each([
    ['a refused connection', () => 'postgres://postgres@127.0.0.1:1/postgres', /nothing listens there.*Start PostgreSQL or fix the URL/],
    ['a missing database', () => withDatabase(url, 'no_such_db'), /database "no_such_db" does not exist.*Create the database or fix/],
    ['a wrong scheme', () => 'mysql://127.0.0.1/db', /scheme mysql:.*expected postgres:\/\//],
  ])('fails at start on %s, naming the cause and the fix', async (_name, badUrl, message) => {
    const attempt = createPostgresIdempotencyStore({ databaseUrl: badUrl() });
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('fails at start on a missing table, naming the migration to apply', async () => {
    const bare = await createDatabase('idem_bare');
    const attempt = createPostgresIdempotencyStore({ databaseUrl: bare });
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(/Table contracts_processed_events does not exist.*sql\/idempotency\.sql/);
  });
});
