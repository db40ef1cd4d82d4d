import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONFLUENT_DEFAULTS, REFERENCE_LIMITS, RegistryContext, type ReferenceLimits, type RegistryDefaults } from './context.js';
import { errors } from './errors.js';
import { asRegistryError, basicAuthCheck, readJsonBody, send, sendError } from './http.js';
import { memoryJournal, openFileJournal, type Journal } from './log.js';
import { matchRoute, type Route } from './router.js';
import { compatibilityRoutes } from './routes/compatibility.js';
import { configRoutes } from './routes/config.js';
import { modeRoutes } from './routes/mode.js';
import { schemaRoutes } from './routes/schemas.js';
import { subjectRoutes } from './routes/subjects.js';
import { applyRecord, emptyState } from './state.js';

export interface RegistryServerOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Directory of the append-only log (created if missing). Without it the registry lives in memory. */
  dataDir?: string;
  /** HTTP basic auth credentials as `user:password`; without it no auth is required. */
  auth?: string;
  /** Largest accepted request body in bytes; larger ones get 413 (error_code 42209). @default 1048576 */
  maxBodyBytes?: number;
  /** Bounds on references (count, inlined size, depth); over them a request is 42201. @default REFERENCE_LIMITS (500, 2 MiB, 16) */
  references?: Partial<ReferenceLimits>;
  /** Compatibility used when neither the subject nor the global config sets one. @default BACKWARD + STRICT (Confluent's) */
  defaults?: Partial<RegistryDefaults>;
  /** Most simultaneous TCP connections; Node closes further ones at once (with maxBodyBytes this bounds request memory). @default 128 */
  maxConnections?: number;
  /** Time allowed to receive a request's headers; then 408 and the connection is closed (slow clients). @default 10000 */
  headersTimeoutMs?: number;
  /** Time allowed to receive a whole request, body included; then 408. @default 30000 */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this. @default 5000 */
  keepAliveTimeoutMs?: number;
  /** Where storage warnings go (a dropped torn record). @default console.warn */
  onWarning?: (message: string) => void;
}

export interface RunningRegistry {
  /** `http://127.0.0.1:<port>`: what clients use as the registry URL. */
  url: string;
  port: number;
  host: string;
  /** The log file, or "in memory". */
  storage: string;
  /** Stops accepting connections, lets in-flight requests finish, flushes and closes the log. */
  close(): Promise<void>;
}

const ROUTES: Route[] = [...schemaRoutes, ...subjectRoutes, ...configRoutes, ...modeRoutes, ...compatibilityRoutes];
const DEFAULT_MAX_BODY = 1024 * 1024;
const SHUTDOWN_GRACE_MS = 5_000;

/** The connection limits in force (explicit rather than Node's defaults: headers 60 s, request 300 s, no connection cap). */
export const CONNECTION_LIMITS = { maxConnections: 128, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 } as const;

/**
 * Starts the embedded Confluent-compatible schema registry (JSON Schema only) on node:http.
 * Replays the log first (a torn last record is dropped with a warning; corruption in the middle
 * is a RegistryStorageError), then listens. Every reply is sent only after the changes it
 * depends on are fsynced.
 */
export async function startRegistry(options: RegistryServerOptions = {}): Promise<RunningRegistry> {
  const host = options.host ?? '127.0.0.1';
  const authorize = basicAuthCheck(options.auth); // before opening storage: bad credentials leave nothing open
  const { ctx, journal } = await openStorage(options);
  const writes = new WriteQueue();
  const handle = requestHandler({ ctx, journal, writes, authorize, maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY });
  const server = createBoundedServer(connectionLimits(options), handle);
  await listen(server, options.port ?? 0, host).catch(async (error: Error) => {
    await journal.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { url, port, host, storage: journal.where, close: shutdown(server, writes, journal) };
}

/** Replays the log in `dataDir` into a fresh state, or keeps everything in memory without one. */
async function openStorage(options: RegistryServerOptions): Promise<{ ctx: RegistryContext; journal: Journal }> {
  const onWarning = options.onWarning ?? ((message: string) => console.warn(message));
  const state = emptyState();
  let journal: Journal = memoryJournal();
  if (options.dataDir !== undefined) {
    const opened = await openFileJournal(options.dataDir, onWarning);
    for (const record of opened.records) applyRecord(state, record);
    journal = opened.journal;
  }
  const ctx = new RegistryContext(state, journal, { ...CONFLUENT_DEFAULTS, ...options.defaults }, { ...REFERENCE_LIMITS, ...options.references });
  return { ctx, journal };
}

/** Single writer: state-changing handlers run one after another; the log keeps their order. */
class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Settles once every write queued so far has finished. */
  drained(): Promise<unknown> {
    return this.tail;
  }
}

interface HandlerDeps {
  ctx: RegistryContext;
  journal: Journal;
  writes: WriteQueue;
  authorize: ((request: IncomingMessage) => void) | undefined;
  maxBody: number;
}

/** Routes one request, and replies only once the changes it depends on are durable. */
function requestHandler({ ctx, journal, writes, authorize, maxBody }: HandlerDeps) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let closeConnection = false;
    try {
      authorize?.(request);
      const url = new URL(request.url ?? '/', 'http://registry.invalid');
      const segments = url.pathname.split('/').filter((s) => s !== '');
      const match = matchRoute(ROUTES, request.method ?? 'GET', segments);
      if (match === undefined) throw errors.notFound();
      if (match === 'method-not-allowed') throw errors.methodNotAllowed();
      const body = await readJsonBody(request, maxBody).catch((error: unknown) => {
        closeConnection = true; // the rest of an oversized body is not read
        throw error;
      });
      closeConnection = false;
      const input = { params: match.params, query: url.searchParams, body, ctx };
      const reply = match.route.write ? await writes.run(() => match.route.handle(input)) : await match.route.handle(input);
      await journal.durable().catch((error: Error) => {
        throw errors.storeFailed(error.message);
      });
      const status = reply.status ?? 200;
      send(response, status, 'raw' in reply ? reply.raw : JSON.stringify(reply.json));
    } catch (error) {
      sendError(response, asRegistryError(error), closeConnection);
    }
  };
}

type ConnectionLimits = { [K in keyof typeof CONNECTION_LIMITS]: number };

function connectionLimits(options: RegistryServerOptions): ConnectionLimits {
  return {
    maxConnections: options.maxConnections ?? CONNECTION_LIMITS.maxConnections,
    headersTimeoutMs: options.headersTimeoutMs ?? CONNECTION_LIMITS.headersTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? CONNECTION_LIMITS.requestTimeoutMs,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? CONNECTION_LIMITS.keepAliveTimeoutMs,
  };
}

/** An http server bounded in connections and in the time a client may take. */
function createBoundedServer(limits: ConnectionLimits, handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Server {
  const requestTimeout = Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs); // Node requires headers ≤ request
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for connections past those timeouts (its default, 30 s, would stretch them).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (request, response) => {
      handle(request, response).catch(() => response.destroy());
    },
  );
  server.maxConnections = limits.maxConnections;
  return server;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting, lets in-flight requests finish (closing stragglers after a grace period), then closes the log. Idempotent. */
function shutdown(server: Server, writes: WriteQueue, journal: Journal): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await stopped;
      clearTimeout(force);
      await writes.drained();
      await journal.close();
    })();
    return closing;
  };
}
