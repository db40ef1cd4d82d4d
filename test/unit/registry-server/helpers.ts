import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RegistryServerOptions, type RunningRegistry } from '../../../generator/registry-server/index.js';

export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** A running in-process registry plus a tiny HTTP helper speaking Confluent's content type. */
export interface TestRegistry extends RunningRegistry {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Registers `schema` (an object, sent as JSON Schema text) and returns the reply. */
  register(subject: string, schema: unknown, extra?: Record<string, unknown>, query?: string): Promise<Reply>;
}

export async function startTestRegistry(options: RegistryServerOptions = {}): Promise<TestRegistry> {
  const registry = await startRegistry({ onWarning: () => undefined, ...options });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const response = await fetch(registry.url + path, {
      method,
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  };
  const register = (subject: string, schema: unknown, extra: Record<string, unknown> = {}, query = '') =>
    call('POST', `/subjects/${encodeURIComponent(subject)}/versions${query}`, { schemaType: 'JSON', schema: JSON.stringify(schema), ...extra });
  return { ...registry, call, register };
}

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'contracts-registry-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Schemas used across tests: an object with typed properties, open or closed. */
export function objectSchema(properties: Record<string, string>, options: { closed?: boolean; required?: string[]; title?: string } = {}) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(options.title ? { title: options.title } : {}),
    type: 'object',
    properties: Object.fromEntries(Object.entries(properties).map(([k, type]) => [k, { type }])),
    ...(options.required ? { required: options.required } : {}),
    ...(options.closed ? { additionalProperties: false } : {}),
  };
}
