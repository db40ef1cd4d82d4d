/**
 * The one home of PostgreSQL plumbing for the idempotency store and the outbox: the lazy import of `pg` (an
 * optional peer dependency, so services without PostgreSQL never load it), connection checks that fail at start
 * with the cause and the fix, and the migrations shipped in `sql/`.
 */
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../errors.js';

/** What the runtime needs of a node-postgres client, pool client or pool (structural: no `@types/pg` required). */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

/** A node-postgres Pool (or anything shaped like one). */
export interface SqlPool extends SqlClient {
  connect(): Promise<SqlClient & { release(error?: Error | boolean): void }>;
  end(): Promise<void>;
}

/** A dedicated node-postgres Client: LISTEN/NOTIFY and session advisory locks need one session. */
export interface SqlSession extends SqlClient {
  connect(): Promise<void>;
  end(): Promise<void>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The migrations shipped with the runtime (`@event-contracts/runtime/sql/<name>.sql`). */
export type Migration = 'idempotency' | 'outbox';

/** Absolute path of a shipped migration (works from src/ under tests and from dist/ when installed). */
export function migrationPath(name: Migration): string {
  return fileURLToPath(new URL(`../../sql/${name}.sql`, import.meta.url));
}

type PgModule = {
  Pool: new (config: { connectionString: string; max?: number; connectionTimeoutMillis?: number }) => SqlPool & {
    on(event: 'error', listener: (error: Error) => void): unknown;
  };
  Client: new (config: { connectionString: string; connectionTimeoutMillis?: number }) => SqlSession;
};

let pgModule: Promise<PgModule> | undefined;

/** `pg`, imported on first use; a clear message when the service did not install it. */
export function loadPg(purpose: string): Promise<PgModule> {
  pgModule ??= import('pg').then(
    (module) => ((module as { default?: unknown }).default ?? module) as PgModule,
    (error: unknown) => {
      pgModule = undefined;
      throw new ConfigurationError(
        `${purpose} needs the node-postgres package, which is not installed (${(error as Error).message}). Install it: npm install pg`,
      );
    },
  );
  return pgModule;
}

/** Validates a table name option (plain or schema-qualified identifier): it is spliced into SQL. */
export function tableName(name: string, option: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/.test(name)) {
    throw new ConfigurationError(`${option} ${JSON.stringify(name)} is not a plain SQL identifier: use letters, digits and _ (optionally schema.table).`);
  }
  return name;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Fails on a URL node-postgres would misread (a typo'd scheme silently connects to localhost defaults). */
export function checkDatabaseUrl(url: string | undefined, option: string): string {
  if (!url) throw new ConfigurationError(`${option} is required: a postgres://user:password@host:port/database URL.`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`${option} is not a URL; expected postgres://user:password@host:port/database.`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigurationError(`${option} ${redactUrl(url)} has scheme ${parsed.protocol}; expected postgres://user:password@host:port/database.`);
  }
  return url;
}

/**
 * A connection or query error turned into a one-line message naming the cause and the fix, or undefined when it
 * is not one of the start-up problems a user can fix (then the caller rethrows it as is).
 */
export function describeStartupError(error: unknown, url: string | undefined, table: string, migration: Migration): string | undefined {
  const e = error as { code?: string; message?: string };
  const where = url ? redactUrl(url) : 'the database';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Cannot connect to ${where}: nothing listens there (connection refused). Start PostgreSQL or fix the URL's host and port.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to ${where}: the host name does not resolve. Fix the URL's host.`;
    case 'ETIMEDOUT':
      return `Cannot connect to ${where}: the connection timed out. Check the host, port and firewall.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the login (${e.message}). Fix the user and password in the URL.`;
    case '3D000':
      return `PostgreSQL at ${where}: ${e.message}. Create the database or fix the URL's database name.`;
    case '42P01':
      return missingTable(table, migration, where);
    default:
      if (e.message && /relation ".*" does not exist/.test(e.message)) return missingTable(table, migration, where);
      if (e.message && /timeout expired|Connection terminated due to connection timeout/i.test(e.message)) {
        return `Cannot connect to ${where}: the connection timed out. Check the host, port and firewall.`;
      }
      return undefined;
  }
}

function missingTable(table: string, migration: Migration, where: string): string {
  return (
    `Table ${table} does not exist in ${where}. Apply the migration shipped with the runtime: ` +
    `psql "$DATABASE_URL" -f node_modules/@event-contracts/runtime/sql/${migration}.sql (or copy it into your migrations).`
  );
}

/** Checks that the table is there and readable; throws ConfigurationError naming the cause and the fix. */
export async function checkTable(client: SqlClient, url: string | undefined, table: string, migration: Migration): Promise<void> {
  try {
    await client.query(`SELECT 1 FROM ${table} LIMIT 0`);
  } catch (error) {
    throw startupError(error, url, table, migration);
  }
}

/** The error to throw for a failure at start: ConfigurationError when we can explain it, else the original. */
export function startupError(error: unknown, url: string | undefined, table: string, migration: Migration): Error {
  const described = describeStartupError(error, url, table, migration);
  return described ? new ConfigurationError(described) : (error as Error);
}
