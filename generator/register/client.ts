/**
 * A thin client for the Confluent Schema Registry REST API (and registries that imitate it:
 * the embedded registry, Apicurio's `/apis/ccompat/v7`, Karapace). Always JSON Schema.
 * Every failure is a RegistryError; transient ones are retried with exponential backoff and
 * jitter, consulting `retriable` only.
 */
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { SchemaMetadata } from '../registration/index.js';
import { RegistryError, RegistryErrorCode, errorFromNetwork, errorFromResponse } from './errors.js';
import type { TlsOptions, Transport } from './transport.js';
import { TransportError, createTransport } from './transport.js';

export const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPT = 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** What is sent to register, look up or check a schema. */
export interface SchemaPayload {
  /** Schema text (canonical, see registration/view.ts). */
  schema: string;
  references: SchemaReference[];
  /** Confluent schema metadata (registries without it ignore the field). */
  metadata?: SchemaMetadata;
}

/** A schema registered under a subject. */
export interface RegisteredSchema {
  subject: string;
  version: number;
  id: number;
  schema: string;
  references: SchemaReference[];
  schemaType: string;
  /** Absent when the registry keeps none (Apicurio, Confluent before 7.4) or the schema has none. */
  metadata?: SchemaMetadata;
}

export interface SubjectConfig {
  level: CompatibilityLevel | string;
  /** Absent when the registry has none (Apicurio, Confluent before 8.0.3). */
  policy?: CompatibilityPolicy | string;
}

export type RegistryAuth = { username: string; password: string } | { token: string };

export interface RetryOptions {
  /** Retries after the first attempt. @default 5 */
  retries: number;
  /** @default 100 */
  initialDelayMs: number;
  /** @default 5000 */
  maxDelayMs: number;
  /** @default 2 */
  factor: number;
}

export interface RegistryClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8081` or `http://host/apis/ccompat/v7`. */
  url: string;
  auth?: RegistryAuth;
  tls?: TlsOptions;
  /** Per-request timeout. @default 10000 */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Concurrent connections. @default 8 */
  maxSockets?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry (progress reporting, tests). */
  onRetry?: (error: RegistryError, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 5, initialDelayMs: 100, maxDelayMs: 5000, factor: 2 };

/** Delay before retry number `attempt` (0-based): exponential, capped, with equal jitter. */
export function backoffDelay(attempt: number, retry: RetryOptions, random: () => number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.initialDelayMs * retry.factor ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Run `fn`, retrying while it throws a retriable RegistryError. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  retry: RetryOptions,
  hooks: { sleep: (ms: number) => Promise<void>; random: () => number; onRetry?: RegistryClientOptions['onRetry'] },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof RegistryError) || !error.retriable || attempt >= retry.retries) throw error;
      const delay = backoffDelay(attempt, retry, hooks.random);
      hooks.onRetry?.(error, attempt + 1, delay);
      await hooks.sleep(delay);
    }
  }
}

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  subject?: string;
  version?: number | 'latest';
}

export class RegistryClient {
  readonly url: string;
  private readonly base: URL;
  private readonly transport: Transport;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  private readonly hooks: { sleep: (ms: number) => Promise<void>; random: () => number; onRetry?: RegistryClientOptions['onRetry'] };

  constructor(options: RegistryClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.base = new URL(this.url + '/');
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new TypeError(`registry URL must be http(s): ${options.url}`);
    }
    this.transport = createTransport({ tls: options.tls, maxSockets: options.maxSockets });
    this.headers = { accept: ACCEPT, 'user-agent': 'event-contracts' };
    if (options.auth && 'token' in options.auth) this.headers.authorization = `Bearer ${options.auth.token}`;
    else if (options.auth) this.headers.authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
    else if (this.base.username) {
      this.headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(this.base.username)}:${decodeURIComponent(this.base.password)}`).toString('base64')}`;
    }
    this.base.username = '';
    this.base.password = '';
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.hooks = {
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      random: options.random ?? Math.random,
      onRetry: options.onRetry,
    };
  }

  /** Release keep-alive sockets. */
  close(): void {
    this.transport.close();
  }

  // ---- subjects and versions ----------------------------------------------------------------

  async listSubjects(): Promise<string[]> {
    return asArray<string>(await this.call({ method: 'GET', path: 'subjects' }));
  }

  /** Live versions of a subject, ascending; [] when the subject does not exist. */
  async listVersions(subject: string): Promise<number[]> {
    try {
      return asArray<number>(await this.call({ method: 'GET', path: `subjects/${enc(subject)}/versions`, subject })).sort((a, b) => a - b);
    } catch (error) {
      if (error instanceof RegistryError && error.isNotFound(RegistryErrorCode.SUBJECT_NOT_FOUND)) return [];
      throw error;
    }
  }

  async getVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema> {
    const body = await this.call({ method: 'GET', path: `subjects/${enc(subject)}/versions/${version}`, subject, version });
    return toRegistered(body, subject);
  }

  /** `POST /subjects/{s}`: the registered version with exactly this schema, or undefined. */
  async lookup(subject: string, payload: SchemaPayload): Promise<RegisteredSchema | undefined> {
    try {
      const body = await this.call({ method: 'POST', path: `subjects/${enc(subject)}`, body: jsonPayload(payload), subject });
      return toRegistered(body, subject);
    } catch (error) {
      if (error instanceof RegistryError && error.isNotFound(RegistryErrorCode.SUBJECT_NOT_FOUND, RegistryErrorCode.SCHEMA_NOT_FOUND)) return undefined;
      throw error;
    }
  }

  /**
   * `POST /subjects/{s}/versions`. Idempotent on the registry side (same content → same
   * id and version), which is what makes retrying a registration safe. Accepts the minimal
   * `{id}` answer of older registries (version then undefined).
   */
  async register(subject: string, payload: SchemaPayload): Promise<{ id: number; version?: number }> {
    const body = (await this.call({ method: 'POST', path: `subjects/${enc(subject)}/versions`, body: jsonPayload(payload), subject })) as Record<
      string,
      unknown
    >;
    if (typeof body?.id !== 'number') throw this.malformed('POST', `subjects/${subject}/versions`, 'no numeric "id"');
    return { id: body.id, version: typeof body.version === 'number' ? body.version : undefined };
  }

  async getSchemaById(id: number): Promise<{ schema: string; references: SchemaReference[]; schemaType: string; metadata?: SchemaMetadata }> {
    const body = (await this.call({ method: 'GET', path: `schemas/ids/${id}` })) as Record<string, unknown>;
    const metadata = asMetadata(body.metadata);
    return {
      schema: String(body.schema ?? ''),
      references: asReferences(body.references),
      schemaType: String(body.schemaType ?? 'AVRO'),
      ...(metadata ? { metadata } : {}),
    };
  }

  // ---- compatibility ------------------------------------------------------------------------

  /**
   * The registry's own verdict. Without `version` it runs the register-time check against all
   * live versions (the subject's level decides which); with one, against that version only.
   */
  async checkCompatibility(subject: string, payload: SchemaPayload, version?: number | 'latest'): Promise<{ compatible: boolean; messages: string[] }> {
    const path = version === undefined ? `compatibility/subjects/${enc(subject)}/versions` : `compatibility/subjects/${enc(subject)}/versions/${version}`;
    const body = (await this.call({ method: 'POST', path, query: { verbose: 'true' }, body: jsonPayload(payload), subject, version })) as Record<
      string,
      unknown
    >;
    const messages = Array.isArray(body.messages) ? body.messages.map(String) : [];
    return { compatible: body.is_compatible === true, messages };
  }

  /** Subject-level config; undefined when the subject has none (40408, or 40401 on some registries). */
  async getSubjectConfig(subject: string): Promise<SubjectConfig | undefined> {
    try {
      const body = (await this.call({ method: 'GET', path: `config/${enc(subject)}`, subject })) as Record<string, unknown>;
      return toConfig(body);
    } catch (error) {
      if (error instanceof RegistryError && error.isNotFound()) return undefined;
      throw error;
    }
  }

  async getGlobalConfig(): Promise<SubjectConfig> {
    return toConfig((await this.call({ method: 'GET', path: 'config' })) as Record<string, unknown>) ?? { level: 'BACKWARD' };
  }

  /** `PUT /config/{s}` (note: PUT takes `compatibility`, GET answers `compatibilityLevel`). */
  async setSubjectConfig(subject: string, config: { level: string; policy?: string }): Promise<void> {
    const body: Record<string, string> = { compatibility: config.level };
    if (config.policy !== undefined) body.compatibilityPolicy = config.policy;
    await this.call({ method: 'PUT', path: `config/${enc(subject)}`, body, subject });
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private async call(call: Call): Promise<unknown> {
    return withRetry(() => this.once(call), this.retry, this.hooks);
  }

  private async once(call: Call): Promise<unknown> {
    const url = new URL(call.path, this.base);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const request = `${call.method} ${url.pathname}${url.search}`;
    const headers = { ...this.headers };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = CONTENT_TYPE;
    }
    let response;
    try {
      response = await this.transport.send({ method: call.method, url, headers, body, timeoutMs: this.timeoutMs });
    } catch (error) {
      const timedOut = error instanceof TransportError && error.timedOut;
      throw errorFromNetwork(error instanceof TransportError ? (error.cause ?? error) : error, {
        request,
        subject: call.subject,
        version: call.version,
        timedOut,
      });
    }
    if (response.status < 200 || response.status >= 300) {
      throw errorFromResponse(response.status, response.body, { request, subject: call.subject, version: call.version });
    }
    if (response.body.trim() === '') return {};
    try {
      return JSON.parse(response.body) as unknown;
    } catch {
      // A proxy answering 200 with garbage is a transient fault, not an answer.
      throw new RegistryError(`${request} answered HTTP ${response.status} with a body that is not JSON`, {
        kind: 'network',
        status: response.status,
        subject: call.subject,
        version: call.version,
        retriable: true,
        request,
      });
    }
  }

  private malformed(method: string, path: string, what: string): RegistryError {
    return new RegistryError(`${method} ${path}: unexpected answer (${what})`, { kind: 'http', retriable: false, request: `${method} ${path}` });
  }
}

function enc(subject: string): string {
  return encodeURIComponent(subject);
}

function jsonPayload(payload: SchemaPayload): Record<string, unknown> {
  const body: Record<string, unknown> = { schemaType: 'JSON', schema: payload.schema };
  if (payload.references.length > 0) body.references = payload.references;
  if (payload.metadata) body.metadata = payload.metadata;
  return body;
}

/** `metadata.properties` of a response as string → string, or undefined when there is none. */
function asMetadata(value: unknown): SchemaMetadata | undefined {
  const properties = (value as { properties?: unknown } | null | undefined)?.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(properties)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length > 0 ? { properties: out } : undefined;
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function asReferences(value: unknown): SchemaReference[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({ name: String(r.name), subject: String(r.subject), version: Number(r.version) }));
}

function toRegistered(body: unknown, subject: string): RegisteredSchema {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    subject: typeof b.subject === 'string' ? b.subject : subject,
    version: Number(b.version),
    id: Number(b.id),
    schema: String(b.schema ?? ''),
    references: asReferences(b.references),
    schemaType: typeof b.schemaType === 'string' ? b.schemaType : 'AVRO',
    ...(asMetadata(b.metadata) ? { metadata: asMetadata(b.metadata) } : {}),
  };
}

function toConfig(body: Record<string, unknown>): SubjectConfig | undefined {
  const level = body.compatibilityLevel ?? body.compatibility;
  if (typeof level !== 'string') return undefined;
  return typeof body.compatibilityPolicy === 'string' ? { level, policy: body.compatibilityPolicy } : { level };
}
