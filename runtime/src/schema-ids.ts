import type { AnyEventDescriptor, SchemaReference } from './descriptor.js';
import { readKafkaEnv } from './env.js';
import { SchemaRegistryError } from './errors.js';
import { singleFlight } from './single-flight.js';

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
   *
   * References with a version < 1 (generated descriptors carry `-1`, "latest") are first resolved to the referenced
   * subject's latest version (`GET /subjects/{subject}/versions/latest`, cached per subject for the resolver's
   * lifetime), since registries refuse reference versions < 1; a referenced subject that is not registered makes the
   * result undefined; a failed version request rejects with a SchemaRegistryError whose `subject` is the referenced one.
   */
  resolve(def: AnyEventDescriptor): Promise<number | undefined>;
  /** Synchronous cache read; undefined = not cached. */
  peek(subject: string): number | undefined;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const NOT_REGISTERED = new Set([40401, 40403]);
/** 40401 subject not found, 40402 version not found. */
const LATEST_NOT_FOUND = new Set([40401, 40402]);

/** A registry URL split into its base (no credentials, no trailing slash) and a Basic authorization from its user:password. */
export interface Endpoint {
  base: string;
  authorization?: string;
}

export function parseEndpoint(url: string): Endpoint {
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
  const latestVersions = new Map<string, number>();
  const latestInFlight = new Map<string, Promise<number | undefined>>();

  /** One registry request; network failures and timeouts become retriable SchemaRegistryErrors. */
  async function request(
    ep: Endpoint,
    path: string,
    init: { method: 'GET' | 'POST'; body?: string },
    what: string,
    subject: string,
  ): Promise<{ response: Response; text: string; parsed: Record<string, unknown> | undefined; errorCode: number | undefined }> {
    const headers: Record<string, string> = { accept: `${CONTENT_TYPE}, application/json` };
    if (init.body !== undefined) headers['content-type'] = CONTENT_TYPE;
    if (ep.authorization) headers['authorization'] = ep.authorization;
    let response: Response;
    try {
      response = await doFetch(`${ep.base}${path}`, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new SchemaRegistryError({
        message: timedOut
          ? `Schema registry ${what} timed out after ${timeoutMs} ms (${ep.base}).`
          : `Schema registry ${what} failed: ${(error as Error).message} (${ep.base}). Check SCHEMA_REGISTRY_URL.`,
        subject,
        retriable: true,
      });
    }
    const text = await response.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      const value: unknown = text ? JSON.parse(text) : undefined;
      parsed = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    const errorCode = typeof parsed?.['error_code'] === 'number' ? parsed['error_code'] : undefined;
    return { response, text, parsed, errorCode };
  }

  /** The error for an answer that is neither the expected value nor "not registered". */
  function failure(
    answer: { response: Response; text: string; parsed: Record<string, unknown> | undefined; errorCode: number | undefined },
    what: string,
    field: string,
    subject: string,
  ): SchemaRegistryError {
    const { response, text, parsed, errorCode } = answer;
    const detail = typeof parsed?.['message'] === 'string' ? parsed['message'] : text.slice(0, 200);
    return new SchemaRegistryError({
      message: response.ok
        ? `Schema registry answered the ${what} without a numeric ${field}: ${text.slice(0, 200)}`
        : `Schema registry ${what} failed with HTTP ${response.status}${errorCode === undefined ? '' : ` (error_code ${errorCode})`}: ${detail}`,
      status: response.status,
      ...(errorCode === undefined ? {} : { errorCode }),
      subject,
      retriable: response.status >= 500 || response.status === 429,
    });
  }

  /**
   * The latest version of a referenced subject (`GET /subjects/{subject}/versions/latest`), cached per subject for
   * the resolver's lifetime; undefined when the subject is not registered (not cached, so registering it helps).
   */
  function latestVersion(ep: Endpoint, subject: string): Promise<number | undefined> {
    const cached = latestVersions.get(subject);
    if (cached !== undefined) return Promise.resolve(cached);
    const what = `request for the latest version of subject "${subject}"`;
    return singleFlight(latestInFlight, subject, async () => {
      const answer = await request(ep, `/subjects/${encodeURIComponent(subject)}/versions/latest`, { method: 'GET' }, what, subject);
      const version = answer.parsed?.['version'];
      if (answer.response.ok && typeof version === 'number' && Number.isInteger(version) && version >= 1) {
        latestVersions.set(subject, version);
        return version;
      }
      if (answer.response.status === 404 && (answer.errorCode === undefined || LATEST_NOT_FOUND.has(answer.errorCode))) return undefined;
      throw failure(answer, what, 'version (an integer ≥ 1)', subject);
    });
  }

  /**
   * References as the lookup must send them. Generated descriptors carry `version: -1` ("latest": registry versions
   * are unknown at generate time) and registries refuse versions < 1, so those are resolved to the referenced
   * subject's latest version. Undefined when a referenced subject is not registered (then neither is the schema).
   */
  async function concreteReferences(ep: Endpoint, subject: string, references: readonly SchemaReference[]): Promise<SchemaReference[] | undefined> {
    const out: SchemaReference[] = [];
    for (const ref of references) {
      if (ref.version >= 1) {
        out.push({ name: ref.name, subject: ref.subject, version: ref.version });
        continue;
      }
      let version: number | undefined;
      try {
        version = await latestVersion(ep, ref.subject);
      } catch (error) {
        if (!(error instanceof SchemaRegistryError)) throw error;
        throw new SchemaRegistryError({
          message: `${error.message} (needed for reference "${ref.name}" of subject "${subject}", whose descriptor asks for the latest version)`,
          ...(error.status === undefined ? {} : { status: error.status }),
          ...(error.errorCode === undefined ? {} : { errorCode: error.errorCode }),
          subject: error.subject,
          retriable: error.retriable,
        });
      }
      if (version === undefined) return undefined;
      out.push({ name: ref.name, subject: ref.subject, version });
    }
    return out;
  }

  async function lookup(ep: Endpoint, def: AnyEventDescriptor): Promise<number | undefined> {
    const registered = def.registeredSchema;
    if (!registered) return undefined;
    const subject = def.subject;
    const references = await concreteReferences(ep, subject, registered.references ?? []);
    if (references === undefined) return undefined;
    const body = JSON.stringify({
      schema: registered.schema,
      schemaType: 'JSON',
      references,
      ...(registered.metadata ? { metadata: registered.metadata } : {}),
    });
    const what = `lookup for subject "${subject}"`;
    const answer = await request(ep, `/subjects/${encodeURIComponent(subject)}`, { method: 'POST', body }, what, subject);
    const id = answer.parsed?.['id'];
    if (answer.response.ok && typeof id === 'number') return id;
    if (answer.response.status === 404 && (answer.errorCode === undefined || NOT_REGISTERED.has(answer.errorCode))) return undefined;
    throw failure(answer, what, 'id', subject);
  }

  return {
    peek: (subject) => known.get(subject),
    resolve(def) {
      const id = known.get(def.subject);
      if (id !== undefined) return Promise.resolve(id);
      if (!endpoint) return Promise.resolve(undefined);
      const until = unknownUntil.get(def.subject);
      if (until !== undefined && until > Date.now()) return Promise.resolve(undefined);
      return singleFlight(inFlight, def.subject, () =>
        lookup(endpoint, def).then((found) => {
          if (found === undefined) unknownUntil.set(def.subject, Date.now() + unknownTtlMs);
          else known.set(def.subject, found);
          return found;
        }),
      );
    },
  };
}
