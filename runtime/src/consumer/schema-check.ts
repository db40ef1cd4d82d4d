import { SchemaRegistryError } from '../errors.js';
import { parseEndpoint } from '../schema-ids.js';
import { singleFlight } from '../single-flight.js';
import { backoffDelay, waitWithHeartbeat, type ResolvedRetry } from './retry.js';

/** Which subjects a schema id is registered under (`GET /schemas/ids/{id}/versions`), cached per id. */
export interface SchemaIdCheck {
  /**
   * Whether schema `id` is registered under `subject`: a boolean from the cache, else a promise. Rejects with a
   * retriable SchemaRegistryError when the registry cannot answer (see `askUntilAnswered`: never dead-lettered).
   */
  belongs(id: number, subject: string): boolean | Promise<boolean>;
}

export interface SchemaIdCheckOptions {
  registryUrl: string;
  /** @default 5000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** 40403 schema not found: the id is unknown to the registry, so it belongs to no subject. */
const SCHEMA_NOT_FOUND = 40403;
/**
 * Answers that are not an outage but a configuration the registry refuses: the wait goes on (nothing can be checked,
 * nothing may pass unchecked), and each logged failure says what to fix.
 */
const CONFIG_HINTS: Readonly<Record<number, string>> = {
  401: ': the registry refused the credentials: put user:password (or key:secret) in SCHEMA_REGISTRY_URL',
  403: ': these credentials may not read schemas: grant read access to /schemas/ids',
};
/** Bounds the cache: ids are few in practice; a flood of garbage ids must not grow memory without limit. */
const MAX_CACHED_IDS = 10_000;

export function createSchemaIdCheck(options: SchemaIdCheckOptions): SchemaIdCheck {
  const { base, authorization } = parseEndpoint(options.registryUrl);
  const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (authorization !== undefined) headers['authorization'] = authorization;
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? fetch;
  const subjectsById = new Map<number, ReadonlySet<string>>();
  const inFlight = new Map<number, Promise<ReadonlySet<string>>>();

  const unavailable = (id: number, detail: string, status?: number): SchemaRegistryError =>
    new SchemaRegistryError({
      message: `Schema registry lookup of schema id ${id} failed: ${detail} (${base})${status === undefined ? '' : (CONFIG_HINTS[status] ?? '')}; the partition waits and asks again.`,
      ...(status === undefined ? {} : { status }),
      subject: `schema id ${id}`,
      retriable: true,
    });

  async function fetchSubjects(id: number): Promise<ReadonlySet<string>> {
    let response: Response;
    try {
      response = await doFetch(`${base}/schemas/ids/${id}/versions`, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw unavailable(id, (error as Error).message);
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status === 404 && (parsed as { error_code?: unknown } | undefined)?.error_code === SCHEMA_NOT_FOUND) return new Set();
    if (!response.ok || !Array.isArray(parsed)) throw unavailable(id, `HTTP ${response.status}: ${text.slice(0, 200)}`, response.status);
    return new Set(parsed.flatMap((v: unknown) => (typeof (v as { subject?: unknown })?.subject === 'string' ? [(v as { subject: string }).subject] : [])));
  }

  function load(id: number): Promise<ReadonlySet<string>> {
    return singleFlight(inFlight, id, () =>
      fetchSubjects(id).then((subjects) => {
        // Unknown ids are not cached: the schema may be registered a moment later (a publisher racing its registration).
        if (subjects.size > 0) {
          if (subjectsById.size >= MAX_CACHED_IDS) subjectsById.clear();
          subjectsById.set(id, subjects);
        }
        return subjects;
      }),
    );
  }

  return {
    belongs(id, subject) {
      const cached = subjectsById.get(id);
      if (cached !== undefined) return cached.has(subject);
      return load(id).then((subjects) => subjects.has(subject));
    },
  };
}

/** How the partition waits for the registry: the `retry` machinery's backoff, while it waits for its next lookup. */
export interface RegistryWait {
  backoff: ResolvedRetry;
  signal: AbortSignal;
  heartbeat: (() => Promise<void>) | undefined;
  /** Called before each wait (logging, onOutcome 'retrying' with stage 'schema-check'). */
  onLookupFailed(error: Error, attempt: number, delayMs: number): void;
}

/**
 * After a failed lookup: asks again with exponential backoff (jittered, capped) until the registry answers, the
 * partition blocked meanwhile (heartbeats continue) so no later message overtakes this one. An outage is nobody's
 * fault in the message: there is no attempt limit and nothing is dead-lettered. Resolves undefined when the wait is
 * cut short (the consumer stops, or a rebalance took the partition): the message is then left uncommitted.
 */
export async function askUntilAnswered(check: SchemaIdCheck, id: number, subject: string, failure: Error, wait: RegistryWait): Promise<boolean | undefined> {
  let error = failure;
  for (let attempt = 1; ; attempt++) {
    // The exponent stops growing once the cap is reached (a days-long outage must not overflow it).
    const delayMs = backoffDelay(wait.backoff, Math.min(attempt, 64));
    wait.onLookupFailed(error, attempt, delayMs);
    if (!(await waitWithHeartbeat(delayMs, wait.signal, wait.heartbeat))) return undefined;
    try {
      return await check.belongs(id, subject);
    } catch (thrown) {
      error = thrown instanceof Error ? thrown : new Error(String(thrown));
    }
  }
}
