import type { JsonValue } from '../core/json.js';
import { canonicalSchemaText, contentKey, normalizeReferences, SchemaSyntaxError } from './canonical.js';
import { judge, revisionsToCheck } from './compatibility.js';
import type { RegistryContext } from './context.js';
import { errors } from './errors.js';
import type { SchemaMetadata, SchemaReference } from './records.js';
import { jsonSchemaProblem, unresolvableRef } from './schema-check.js';
import { liveVersions, type SchemaEntry, type VersionEntry } from './state.js';

/** A register/lookup/compatibility request body, validated and in canonical form. */
export interface SchemaRequest {
  /** Canonical text. */
  schema: string;
  parsed: JsonValue;
  references: SchemaReference[];
  metadata?: SchemaMetadata;
  contentKey: string;
  /** Sent with normalize=true: identity ignores key order, so stored versions are compared normalised too. */
  normalized: boolean;
  id?: number;
  version?: number;
}

const NOT_JSON_TYPE = (type: string) =>
  `Schema type ${type} is not supported by this registry: it serves JSON Schema only. Send "schemaType": "JSON"` +
  (type === 'AVRO' ? ' (a request without schemaType means AVRO).' : '.');

/** Validates a `RegisterSchemaRequest` body; every problem is 42201 with a message saying what to send. */
export function parseSchemaRequest(body: unknown, options: { normalize: boolean }): SchemaRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw errors.invalidSchema('Invalid schema: the request body must be a JSON object like {"schemaType":"JSON","schema":"{...}"}.');
  }
  const request = body as Record<string, unknown>;
  const type = request.schemaType === undefined || request.schemaType === null ? 'AVRO' : String(request.schemaType).toUpperCase();
  if (type !== 'JSON') throw errors.invalidSchema(NOT_JSON_TYPE(type));
  if (typeof request.schema !== 'string' || request.schema.trim() === '') {
    throw errors.invalidSchema('Empty schema: "schema" must be the JSON Schema as a string.');
  }
  let schema: string;
  try {
    schema = canonicalSchemaText(request.schema, { normalize: options.normalize });
  } catch (error) {
    if (error instanceof SchemaSyntaxError) throw errors.invalidSchema(`Invalid schema: ${error.message}.`);
    throw error;
  }
  const parsed = JSON.parse(schema) as JsonValue;
  const problem = jsonSchemaProblem(parsed);
  if (problem) throw errors.invalidSchema(`Invalid schema: ${problem}.`);
  const rawRefs = parseReferences(request.references);
  const references = options.normalize ? normalizeReferences(rawRefs) : rawRefs;
  const id = optionalInteger(request.id, 'id');
  const version = optionalInteger(request.version, 'version');
  const metadata = parseMetadata(request.metadata);
  return {
    schema,
    parsed,
    references,
    ...(metadata ? { metadata } : {}),
    contentKey: contentKey(schema, references, metadata),
    normalized: options.normalize,
    ...(id !== undefined ? { id } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}

function parseReferences(value: unknown): SchemaReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw errors.invalidSchema('Invalid schema: "references" must be an array of {name, subject, version}.');
  return value.map((ref, index) => {
    const r = (typeof ref === 'object' && ref !== null ? ref : {}) as Record<string, unknown>;
    if (
      typeof r.name !== 'string' ||
      r.name === '' ||
      typeof r.subject !== 'string' ||
      r.subject === '' ||
      !Number.isInteger(r.version) ||
      (r.version as number) < 1
    ) {
      throw errors.invalidSchema(
        `Invalid schema: references[${index}] must be {"name": "<$ref name>", "subject": "<subject>", "version": <integer ≥ 1>}, got ${JSON.stringify(ref)}.`,
      );
    }
    return { name: r.name, subject: r.subject, version: r.version as number };
  });
}

/** Confluent's `metadata`: only `properties` (string → string) is kept; `tags` and `sensitive` are not supported. */
function parseMetadata(value: unknown): SchemaMetadata | undefined {
  if (value === undefined || value === null) return undefined;
  const properties = (value as { properties?: unknown }).properties;
  const valid =
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (properties === undefined ||
      properties === null ||
      (typeof properties === 'object' && !Array.isArray(properties) && Object.values(properties).every((v) => typeof v === 'string')));
  if (!valid) throw errors.invalidSchema('Invalid schema: "metadata" must be {"properties": {"<name>": "<string>", …}}.');
  const entries = Object.entries((properties ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length > 0 ? { properties: Object.fromEntries(entries) } : undefined;
}

/** Confluent sends -1/0 for "not given"; only values ≥ 1 mean something. */
function optionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value)) throw errors.invalidSchema(`Invalid schema: "${field}" must be an integer.`);
  return (value as number) >= 1 ? (value as number) : undefined;
}

export interface RegisterResult {
  id: number;
  version: number;
  /** False when an identical schema was already registered under the subject (idempotent re-registration). */
  created: boolean;
}

/**
 * Registers `request` under `subject` with Confluent's rules: an identical live version is
 * returned as is; otherwise the id is the content's existing id (or max + 1), the version is
 * max(stored, soft-deleted included) + 1, and the schema must be compatible with the live
 * versions at the subject's level and policy. In IMPORT mode the given id/version are kept
 * and no compatibility check runs.
 */
export async function registerSchema(ctx: RegistryContext, subject: string, request: SchemaRequest, options: { force: boolean }): Promise<RegisterResult> {
  ctx.assertWritable(subject);
  const importing = ctx.effectiveMode(subject) === 'IMPORT';
  const resolved = await ctx.resolveRequest(request);
  const refProblem = unresolvableRef(resolved);
  if (refProblem) throw errors.invalidSchema(`Invalid schema: ${refProblem}.`);
  const entry = ctx.state.subjects.get(subject);
  const live = liveVersions(entry);

  const same = findSameContent(ctx, live, request);
  if (same && (!importing || request.id === undefined || request.id === same.id)) {
    return { id: same.id, version: same.version, created: false };
  }

  const id = importing && request.id !== undefined ? importedId(ctx, request) : (ctx.state.idByContent.get(request.contentKey) ?? ctx.state.maxId + 1);
  const stored = entry?.versions ?? [];
  let version = (stored[stored.length - 1]?.version ?? 0) + 1;
  if (importing && request.version !== undefined) {
    const clash = stored.find((v) => v.version === request.version);
    if (clash && clash.id !== id) {
      throw errors.operationNotPermitted(
        `Overwrite new schema with version ${request.version} is not permitted: subject '${subject}' already has a different schema (id ${clash.id}) at that version.`,
      );
    }
    if (clash && !clash.deleted) return { id, version: clash.version, created: false };
    version = request.version;
  }

  if (!importing && !options.force) {
    const config = ctx.effectiveConfig(subject);
    const previous = revisionsToCheck(live, config.compatibilityLevel).map((v) => ({ version: v.version, schema: () => ctx.resolvedSchema(v.id) }));
    const verdict = await judge(previous, resolved, { level: config.compatibilityLevel, policy: config.compatibilityPolicy });
    if (!verdict.compatible) throw errors.incompatible(subject, verdict.messages);
  }

  ctx.commit({
    op: 'register',
    subject,
    version,
    id,
    schema: request.schema,
    references: request.references,
    ...(request.metadata ? { metadata: request.metadata } : {}),
  });
  return { id, version, created: true };
}

function importedId(ctx: RegistryContext, request: SchemaRequest): number {
  const id = request.id as number;
  const existing = ctx.state.schemas.get(id);
  if (existing && existing.contentKey !== request.contentKey) {
    throw errors.operationNotPermitted(`Overwrite new schema with id ${id} is not permitted: id ${id} already holds a different schema.`);
  }
  return id;
}

/** The newest version among `versions` with the request's content (compared normalised when the request was). */
export function findSameContent(ctx: RegistryContext, versions: readonly VersionEntry[], request: SchemaRequest): VersionEntry | undefined {
  for (let i = versions.length - 1; i >= 0; i -= 1) {
    const v = versions[i] as VersionEntry;
    const stored = ctx.state.schemas.get(v.id);
    if (!stored) continue;
    const key = request.normalized ? normalizedKey(stored) : stored.contentKey;
    if (key === request.contentKey) return v;
  }
  return undefined;
}

const normalizedKeys = new WeakMap<SchemaEntry, string>();

function normalizedKey(entry: SchemaEntry): string {
  let key = normalizedKeys.get(entry);
  if (key === undefined) {
    key = contentKey(canonicalSchemaText(entry.schema, { normalize: true }), normalizeReferences(entry.references), entry.metadata);
    normalizedKeys.set(entry, key);
  }
  return key;
}

/** Confluent's `Schema` entity for one subject version (empty fields omitted, as with NON_EMPTY). */
export function schemaResponse(subject: string, version: VersionEntry, schema: SchemaEntry): Record<string, unknown> {
  return {
    subject,
    version: version.version,
    id: schema.id,
    schemaType: 'JSON',
    ...(schema.references.length > 0 ? { references: schema.references } : {}),
    schema: schema.schema,
    ...(schema.metadata ? { metadata: schema.metadata } : {}),
    ...(version.deleted ? { deleted: true } : {}),
  };
}
