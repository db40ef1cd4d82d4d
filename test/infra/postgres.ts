/**
 * Helpers for integration tests that talk to the real PostgreSQL started once per run by
 * test/infra/global-setup.ts. Each test file makes its own database (createDatabase), so files and
 * reruns never see each other's tables.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import pg from 'pg';
import './context.js';

/** Superuser URL of the test cluster; throws, naming how to get one, when this run has none. */
export function databaseUrl(): string {
  let url = '';
  try {
    url = inject('databaseUrl');
  } catch {
    // not inside a vitest worker
  }
  url ||= process.env.DATABASE_URL ?? '';
  if (!url) {
    throw new Error(
      'No PostgreSQL in this test run: it was excluded by CONTRACTS_TEST_SERVICES or the test runs outside the ' +
        '`integration` project. Run it with `npx vitest run --project integration …` (unset CONTRACTS_TEST_SERVICES), ' +
        'or set DATABASE_URL=postgres://….',
    );
  }
  return url;
}

/**
 * Creates a fresh database `<prefix>_<random>` on the test cluster, applies the given SQL files
 * (e.g. the runtime's migrations) and returns its URL.
 */
export async function createDatabase(prefix = 'test', sqlFiles: readonly string[] = []): Promise<string> {
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error(`createDatabase: prefix ${JSON.stringify(prefix)} must match [a-z][a-z0-9_]*.`);
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(databaseUrl(), name);
  if (sqlFiles.length > 0) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const file of sqlFiles) await client.query(readFileSync(file, 'utf8'));
    } finally {
      await client.end();
    }
  }
  return url;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
