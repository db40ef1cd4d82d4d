import type { AnyEventDescriptor } from './descriptor.js';
import { readKafkaEnv } from './env.js';
import { SchemaRegistryError } from './errors.js';

export interface SchemaIdResolverOptions {
  /** Static ids keyed by subject; they win over the registry. */
  schemaIds?: Readonly<Record<string, number>>;
  /** Confluent-compatible registry base URL. `user:pass@` in the URL becomes basic auth. @default env SCHEMA_REGISTRY_URL */
  registryUrl?: string;
  /** @default 5000 */
  timeoutMs?: number;
  /** How long "not registered" is remembered before asking again. @default 30000 */
  unknownTtlMs?: number;
  fetch?: typeof fetch;
}

export interface SchemaIdResolver {
  /**
   * The schema id for the descriptor's subject, or undefined when it is not registered (404 with 40401/40403) or no
   * source is configured. Registry failures reject with SchemaRegistryError.
   */
  resolve(def: AnyEventDescriptor): Promise<number | undefined>;
  /** Synchronous cache read; undefined = not cached. */
  peek(subject: string): number | undefined;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const NOT_REGISTERED = new Set([40401, 40403]);

interface Endpoint {
  base: string;
  authorization?: string;
}

function parseEndpoint(url: string): Endpoint {
  const u = new URL(url);
  let authorization: string | undefined;
  if (u.username || u.password) {
    authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  const base = u.toString().replace(/\/+$/, '');
  return authorization === undefined ? { base } : { base, authorization };
}

export function createSchemaIdResolver(options: SchemaIdResolverOptions = {}): SchemaIdResolver {
  const known = new Map<string, number>(Object.entries(options.schemaIds ?? {}));
  const unknownUntil = new Map<string, number>();
  const inFlight = new Map<string, Promise<number | undefined>>();
  const registryUrl = options.registryUrl ?? readKafkaEnv().registryUrl;
  const endpoint = registryUrl ? parseEndpoint(registryUrl) : undefined;
  const timeoutMs = options.timeoutMs ?? 5000;
  const unknownTtlMs = options.unknownTtlMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;

  async function lookup(ep: Endpoint, def: AnyEventDescriptor): Promise<number | undefined> {
    const registered = def.registeredSchema;
    if (!registered) return undefined;
    const subject = def.subject;
    const url = `${ep.base}/subjects/${encodeURIComponent(subject)}`;
    const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, accept: `${CONTENT_TYPE}, application/json` };
    if (ep.authorization) headers['authorization'] = ep.authorization;
    const body = JSON.stringify({ schema: registered.schema, schemaType: 'JSON', references: registered.references ?? [] });
    let response: Response;
    try {
      response = await doFetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new SchemaRegistryError({
        message: timedOut
          ? `Schema registry lookup for subject "${subject}" timed out after ${timeoutMs} ms (${ep.base}).`
          : `Schema registry lookup for subject "${subject}" failed: ${(error as Error).message} (${ep.base}). Check SCHEMA_REGISTRY_URL.`,
        subject,
        retriable: true,
      });
    }
    const text = await response.text();
    let parsed: { id?: unknown; error_code?: unknown; message?: unknown } | undefined;
    try {
      parsed = text ? (JSON.parse(text) as typeof parsed) : undefined;
    } catch {
      parsed = undefined;
    }
    const errorCode = typeof parsed?.error_code === 'number' ? parsed.error_code : undefined;
    if (response.ok && typeof parsed?.id === 'number') return parsed.id;
    if (response.status === 404 && (errorCode === undefined || NOT_REGISTERED.has(errorCode))) return undefined;
    const detail = typeof parsed?.message === 'string' ? parsed.message : text.slice(0, 200);
    throw new SchemaRegistryError({
      message: response.ok
        ? `Schema registry answered the lookup for subject "${subject}" without a numeric id: ${text.slice(0, 200)}`
        : `Schema registry lookup for subject "${subject}" failed with HTTP ${response.status}` +
          `${errorCode === undefined ? '' : ` (error_code ${errorCode})`}: ${detail}`,
      status: response.status,
      ...(errorCode === undefined ? {} : { errorCode }),
      subject,
      retriable: response.status >= 500 || response.status === 429,
    });
  }

  return {
    peek: (subject) => known.get(subject),
    resolve(def) {
      const id = known.get(def.subject);
      if (id !== undefined) return Promise.resolve(id);
      if (!endpoint) return Promise.resolve(undefined);
      const until = unknownUntil.get(def.subject);
      if (until !== undefined && until > Date.now()) return Promise.resolve(undefined);
      const pending = inFlight.get(def.subject);
      if (pending) return pending;
      const p = lookup(endpoint, def).then(
        (found) => {
          inFlight.delete(def.subject);
          if (found === undefined) unknownUntil.set(def.subject, Date.now() + unknownTtlMs);
          else known.set(def.subject, found);
          return found;
        },
        (error: unknown) => {
          inFlight.delete(def.subject);
          throw error;
        },
      );
      inFlight.set(def.subject, p);
      return p;
    },
  };
}
