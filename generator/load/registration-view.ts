/**
 * What gets registered: the pure view shared by the register stage and code generation.
 *
 * For every event type the registered schema is the whole message (the envelope) with
 * `eventType` as a constant, `eventVersion` pinned to the major, and `data` = the contract.
 * Shared definitions (`schemas/_shared/*.json`) referenced by contracts become schema
 * references `{name, subject, version}`, registered first in dependency order. A shared
 * schema is registered with `$id` = its reference name (`/_shared/money.json`, an absolute
 * path so it resolves the same from every referrer), which is how clients that key
 * referenced schemas by `$id` (kafkajs' client, Python's jsonschema) find them.
 * Every registered schema is in the registered form (registered-form.ts): standard keywords
 * only, contract metadata in Confluent schema metadata.
 *
 * No I/O: everything is computed from the Catalog. Schema text is canonical (keys sorted,
 * compact), so registering the same contract twice sends byte-identical text and generated
 * code can find a schema's id by content.
 */
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { Draft, SubjectNameStrategy } from '../core/config.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { Catalog, EventContract, SharedSchema } from './catalog.js';
import { compareCodePoints as byCodePoint } from '../core/order.js';
import { canonicalize, canonicalText } from '../core/canonical-json.js';
import { resolveCompatibility } from '../core/compatibility.js';
import { DRAFT_URI, draftFromSchemaUri } from '../core/drafts.js';
import type { SchemaMetadata } from './registered-form.js';
import { registrationMetadata, toRegisteredForm } from './registered-form.js';

/** A reference from a registered schema to another registered schema, version resolved at plan time. */
export interface SchemaReferenceSpec {
  /** The string written in `$ref` (without fragment), e.g. `_shared/money.json`. */
  name: string;
  /** Subject the referenced schema is registered under, e.g. `_shared.money`. */
  subject: string;
}

/** One schema to register under one subject. */
export interface RegistrationUnit {
  kind: 'shared' | 'event';
  subject: string;
  /** Repository-relative path of the source file. */
  file: string;
  /** Event units only. */
  eventType?: string;
  /** Event units only. */
  topic?: string;
  /** Shared units only: the reference name other schemas use in `$ref`. */
  referenceName?: string;
  /** The schema as registered (envelope for events), in the registered form. */
  schema: JsonObject;
  /** Confluent schema metadata: the contract's `x-` keywords and the keywords the registered form removed. */
  metadata?: SchemaMetadata;
  /** Canonical text of `schema`: what is sent to the registry. */
  schemaText: string;
  /** Direct references, sorted by name. */
  references: SchemaReferenceSpec[];
  /** Level and policy the subject is configured with (config + overrides). */
  compatibility: { level: CompatibilityLevel; policy: CompatibilityPolicy };
}

export interface RegistrationView {
  /** Shared units first in dependency order (referenced before referencing), then events sorted by subject. */
  units: RegistrationUnit[];
  /** Strategy conflicts, reference cycles. Units affected by an error are left out. */
  diagnostics: Diagnostic[];
}

export interface RegistrationViewOptions {
  /** @default catalog.config.subjectNameStrategy */
  subjectNameStrategy?: SubjectNameStrategy;
}

// ---------------------------------------------------------------------------------------------
// Canonical text

/** Keys sorted by code point at every depth, arrays in order (core's canonical JSON). */
export const canonicalizeSchema = canonicalize;

/** Compact, key-sorted JSON: the exact text registered. */
export function canonicalSchemaText(value: JsonValue): string {
  return canonicalText(value);
}

// ---------------------------------------------------------------------------------------------
// Subjects

/** Envelope key names, in the order documented in the README. */
export const ENVELOPE_REQUIRED = ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'data'] as const;

/**
 * Subject of an event type under a naming strategy (Confluent's serializer strategies):
 * RecordNameStrategy → `<eventType>` (the envelope's `title`), TopicRecordNameStrategy →
 * `<topic>-<eventType>`, TopicNameStrategy → `<topic>-value`.
 */
export function eventSubject(strategy: SubjectNameStrategy, event: { topic: string; eventType: string }): string {
  switch (strategy) {
    case 'RecordNameStrategy':
      return event.eventType;
    case 'TopicRecordNameStrategy':
      return `${event.topic}-${event.eventType}`;
    case 'TopicNameStrategy':
      return `${event.topic}-value`;
  }
}

/**
 * Reference name of a shared schema: `/` + its path relative to `schemas/`, e.g.
 * `/_shared/money.json`. This is the string written in `$ref` of registered schemas
 * (registries resolve `$ref` by name) and the referenced schema's `$id`; the leading `/`
 * makes it resolve to itself against any referrer's `$id`.
 */
export function sharedReferenceName(file: string): string {
  return '/' + (file.startsWith('schemas/') ? file.slice('schemas/'.length) : file);
}

/**
 * Subject of a shared schema: the reference name without `.json`, `/` → `.`,
 * e.g. `schemas/_shared/money.json` → `_shared.money`. No `/` so it survives every
 * registry's URL routing.
 */
export function sharedSubject(file: string): string {
  return sharedReferenceName(file)
    .slice(1)
    .replace(/\.json$/, '')
    .replace(/\//g, '.');
}

// ---------------------------------------------------------------------------------------------
// Envelope

export function draftUri(draft: Draft): string {
  return DRAFT_URI[draft];
}

/** `eventVersion` of major N: `N.<minor>.<patch>`. */
export function eventVersionPattern(major: number): string {
  return `^${major}\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$`;
}

/**
 * The envelope schema around an (already rewritten) `data` schema. `eventVersion` is pinned to
 * the major by pattern, not to a constant, so a compatible minor revision does not change it.
 */
export function envelopeSchema(event: Pick<EventContract, 'eventType' | 'version' | 'draft'>, data: JsonObject, $schema?: string): JsonObject {
  return {
    $schema: $schema ?? draftUri(event.draft),
    title: event.eventType,
    type: 'object',
    required: [...ENVELOPE_REQUIRED],
    properties: {
      eventId: { type: 'string', format: 'uuid', minLength: 36, maxLength: 36 },
      eventType: { type: 'string', const: event.eventType },
      eventVersion: { type: 'string', pattern: eventVersionPattern(event.version), maxLength: 32 },
      timestamp: { type: 'string', format: 'date-time', maxLength: 64 },
      source: { type: 'string', minLength: 1, maxLength: 256 },
      correlationId: { type: 'string', minLength: 1, maxLength: 256 },
      traceId: { type: 'string', minLength: 1, maxLength: 256 },
      data,
    },
    additionalProperties: false,
  };
}

/** Pointer prefix of `data` inside the envelope; local `#/…` refs of a contract are moved under it. */
export const DATA_POINTER = '#/properties/data';

/** True when a registered schema is an envelope built by this tool (used by `pull`). */
export function isOurEnvelope(schema: JsonValue): schema is JsonObject & { properties: JsonObject } {
  if (!isJsonObject(schema) || !isJsonObject(schema.properties)) return false;
  const props = schema.properties;
  const eventType = isJsonObject(props.eventType) ? props.eventType.const : undefined;
  return (
    typeof eventType === 'string' &&
    schema.title === eventType &&
    isJsonObject(props.data) &&
    isJsonObject(props.eventId) &&
    isJsonObject(props.eventVersion) &&
    schema.additionalProperties === false
  );
}

// ---------------------------------------------------------------------------------------------
// References

/** Keywords whose values are instance data, not schemas: `$ref` inside them is not a reference. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

/** Visit every `$ref` string, returning a replacement (or undefined to keep it). Returns a copy. */
export function mapRefs(schema: JsonValue, fn: (ref: string) => string | undefined): JsonValue {
  if (Array.isArray(schema)) return schema.map((v) => mapRefs(v, fn));
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') out[key] = fn(value) ?? value;
    else if (DATA_KEYWORDS.has(key)) out[key] = structuredClone(value);
    else out[key] = mapRefs(value, fn);
  }
  return out;
}

function collectRefs(schema: JsonValue, into: string[] = []): string[] {
  mapRefs(schema, (ref) => {
    into.push(ref);
    return undefined;
  });
  return into;
}

function splitRef(ref: string): { base: string; fragment: string } {
  const hash = ref.indexOf('#');
  return hash < 0 ? { base: ref, fragment: '' } : { base: ref.slice(0, hash), fragment: ref.slice(hash) };
}

const FAKE_ROOT = 'file:///__repo__/';

/**
 * Resolve the non-fragment part of a `$ref` written in `fromFile` (whose `$id` may be an
 * absolute base) to a shared schema of the catalog, or undefined (local, remote or unknown).
 */
export function resolveSharedRef(ref: string, fromFile: string, fromId: string | undefined, shared: readonly SharedSchema[]): SharedSchema | undefined {
  const { base } = splitRef(ref);
  if (base === '') return undefined;
  const candidates: string[] = [];
  if (fromId && /^[a-z][a-z0-9+.-]*:/i.test(fromId)) {
    try {
      candidates.push(new URL(base, fromId).href);
    } catch {
      /* not resolvable against $id */
    }
  }
  try {
    candidates.push(new URL(base).href);
  } catch {
    /* relative */
  }
  for (const c of candidates) {
    const byId = shared.find((s) => s.id !== undefined && stripHash(s.id) === stripHash(c));
    if (byId) return byId;
  }
  let url: URL;
  try {
    url = new URL(base, FAKE_ROOT + fromFile);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'file:' || !url.pathname.startsWith('/__repo__/')) return undefined;
  const path = decodeURIComponent(url.pathname.slice('/__repo__/'.length));
  return shared.find((s) => s.file === path);
}

function stripHash(uri: string): string {
  return uri.replace(/#$/, '');
}

/** Resolves a `$ref` written in a file to the shared schema it names (undefined: local, remote, unknown). */
export type SharedResolver = (ref: string, fromFile: string, fromId: string | undefined) => SharedSchema | undefined;

/**
 * Resolver over a catalog: the loader's resolved `$ref` edges when present (exact, honours
 * nested `$id`s), else URI resolution against the file path and `$id`.
 */
export function sharedResolver(catalog: Pick<Catalog, 'shared' | 'refs'>): SharedResolver {
  const byFile = new Map(catalog.shared.map((s) => [s.file, s]));
  const edges = new Map<string, string>();
  for (const e of catalog.refs ?? []) if (e.target) edges.set(`${e.file}\u0000${e.ref}`, e.target.file);
  return (ref, fromFile, fromId) => {
    const target = edges.get(`${fromFile}\u0000${ref}`);
    if (target !== undefined) return target === fromFile ? undefined : byFile.get(target);
    return resolveSharedRef(ref, fromFile, fromId, catalog.shared);
  };
}

/** Files other than shared schemas and itself that a file's `$ref`s point at (from the loader's edges). */
function nonSharedTargets(catalog: Pick<Catalog, 'shared' | 'refs'>, file: string): string[] {
  const shared = new Set(catalog.shared.map((s) => s.file));
  const out = new Set<string>();
  for (const e of catalog.refs ?? []) if (e.file === file && e.target && e.target.file !== file && !shared.has(e.target.file)) out.add(e.target.file);
  return [...out].sort(byCodePoint);
}

interface Rewritten {
  schema: JsonObject;
  references: SchemaReferenceSpec[];
}

/**
 * Rewrite the refs of a schema for registration: refs to shared schemas become
 * `<reference name><fragment>`; with `localPrefix`, local `#/…` refs move under it
 * (the contract is nested at `#/properties/data` in the envelope).
 */
function rewriteForRegistration(schema: JsonObject, file: string, id: string | undefined, resolveShared: SharedResolver, localPrefix: string | undefined): Rewritten {
  const references = new Map<string, SchemaReferenceSpec>();
  const rewritten = mapRefs(schema, (ref) => {
    if (ref.startsWith('#')) {
      if (!localPrefix) return undefined;
      if (ref === '#' || ref === '#/') return localPrefix;
      return ref.startsWith('#/') ? localPrefix + ref.slice(1) : undefined;
    }
    const target = resolveShared(ref, file, id);
    if (!target) return undefined;
    const name = sharedReferenceName(target.file);
    references.set(name, { name, subject: sharedSubject(target.file) });
    return name + splitRef(ref).fragment;
  }) as JsonObject;
  return { schema: rewritten, references: [...references.values()].sort((a, b) => byCodePoint(a.name, b.name)) };
}

/**
 * Inverse of the registration rewrite, used by `pull`: local refs under `#/properties/data`
 * move back to the root, reference names become paths relative to `toFile`.
 */
export function rewriteForRepository(schema: JsonObject, toFile: string, referenceFile: (name: string) => string | undefined, localPrefix?: string): JsonObject {
  return mapRefs(schema, (ref) => {
    if (ref.startsWith('#')) {
      if (!localPrefix) return undefined;
      if (ref === localPrefix) return '#';
      return ref.startsWith(localPrefix + '/') ? '#' + ref.slice(localPrefix.length) : undefined;
    }
    const { base, fragment } = splitRef(ref);
    const target = referenceFile(base);
    return target ? relativePath(toFile, target) + fragment : undefined;
  }) as JsonObject;
}

/** POSIX relative path from the directory of `fromFile` to `toFile`, always with a leading `./` or `../`. */
export function relativePath(fromFile: string, toFile: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = toFile.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  const up = from.length - i;
  const rest = to.slice(i).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

// ---------------------------------------------------------------------------------------------
// The view

/** Build the registration view of a catalog. Pure. */
export function buildRegistrationView(catalog: Catalog, options: RegistrationViewOptions = {}): RegistrationView {
  const strategy = options.subjectNameStrategy ?? catalog.config.subjectNameStrategy;
  const diagnostics: Diagnostic[] = [];
  const resolveShared = sharedResolver(catalog);

  // Which shared schemas are reachable from events, and their dependency graph.
  const sharedByFile = new Map(catalog.shared.map((s) => [s.file, s]));
  const sharedUnits = new Map<string, RegistrationUnit>();
  const deps = new Map<string, string[]>();
  const pending = catalog.events.flatMap((e) => directSharedDeps(e.schema, e.file, idOf(e.schema), resolveShared));
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (sharedUnits.has(file)) continue;
    const s = sharedByFile.get(file);
    if (!s) continue;
    const withoutId: JsonObject = { ...s.schema };
    delete withoutId.$id;
    // Always declare the draft: registries sniff the schema type (Apicurio refuses a bare `{"type":"string"}` as "not JSON").
    if (typeof withoutId.$schema !== 'string') withoutId.$schema = draftUri(s.draft ?? catalog.config.defaultDraft);
    const { schema: rewritten, references } = rewriteForRegistration(withoutId, s.file, s.id, resolveShared, undefined);
    const draft = draftFromSchemaUri(String(withoutId.$schema)) ?? s.draft ?? catalog.config.defaultDraft;
    const { schema, annotations } = toRegisteredForm({ ...rewritten, [draft === 'draft-04' ? 'id' : '$id']: sharedReferenceName(file) }, draft);
    const metadata = registrationMetadata(s.schema, annotations, canonicalSchemaText);
    sharedUnits.set(file, {
      kind: 'shared',
      subject: sharedSubject(file),
      file,
      referenceName: sharedReferenceName(file),
      schema,
      ...(metadata ? { metadata } : {}),
      schemaText: canonicalSchemaText(schema),
      references,
      compatibility: resolveCompatibility(catalog.config),
    });
    const d = directSharedDeps(s.schema, s.file, s.id, resolveShared);
    deps.set(file, d);
    pending.push(...d);
  }

  const { order, cyclic } = topologicalOrder([...sharedUnits.keys()], deps);
  for (const cycle of cyclic) {
    const first = cycle[0] as string;
    diagnostics.push(
      diag(
        'REGISTER_REFERENCE_CYCLE',
        first,
        `Shared schemas reference each other in a cycle (${[...cycle, first].join(' → ')}); a registry cannot register them because each reference names a version of the other. Move the recursive part into one file and use a local "#/definitions/…" reference.`,
      ),
    );
  }
  const blocked = new Set(cyclic.flat());
  // Anything that (transitively) depends on a cycle cannot be registered either.
  let grew = true;
  while (grew) {
    grew = false;
    for (const [file, d] of deps) {
      if (!blocked.has(file) && d.some((x) => blocked.has(x))) {
        blocked.add(file);
        grew = true;
      }
    }
  }

  const events: RegistrationUnit[] = [];
  const byTopic = new Map<string, EventContract[]>();
  for (const e of catalog.events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
  for (const event of catalog.events) {
    if (strategy === 'TopicNameStrategy') {
      const sharing = byTopic.get(event.topic) ?? [];
      if (sharing.length > 1) {
        diagnostics.push(
          diag(
            'REGISTER_TOPIC_NAME_STRATEGY_CONFLICT',
            event.file,
            `Topic "${event.topic}" carries ${sharing.length} event types (${sharing.map((e) => e.eventType).join(', ')}), so TopicNameStrategy would file them all under subject "${event.topic}-value" and judge one against the other. Use TopicRecordNameStrategy (the default), or give each event type its own topic with "x-topic".`,
          ),
        );
        continue;
      }
    }
    const foreign = nonSharedTargets(catalog, event.file);
    if (foreign.length > 0) {
      diagnostics.push(
        diag(
          'REGISTER_REF_TO_NON_SHARED',
          event.file,
          `"${event.eventType}" references ${foreign.map((f) => `"${f}"`).join(', ')}, which is not a shared definition, so it cannot become a schema reference. Move the referenced definition to a file under "schemas/_shared/" and reference that.`,
        ),
      );
      continue;
    }
    const deps = directSharedDeps(event.schema, event.file, idOf(event.schema), resolveShared);
    const blockedBy = deps.find((d) => blocked.has(d));
    if (blockedBy) {
      diagnostics.push(diag('REGISTER_REFERENCE_CYCLE', event.file, `"${event.eventType}" cannot be registered: it references "${blockedBy}", which is part of a reference cycle.`));
      continue;
    }
    const data: JsonObject = { ...event.schema };
    const declaredSchema = typeof data.$schema === 'string' ? data.$schema : undefined;
    delete data.$schema;
    delete data.$id;
    const { schema: rewritten, references } = rewriteForRegistration(data, event.file, idOf(event.schema), resolveShared, DATA_POINTER);
    const draft = (declaredSchema !== undefined ? draftFromSchemaUri(declaredSchema) : undefined) ?? event.draft;
    const { schema, annotations } = toRegisteredForm(envelopeSchema(event, rewritten, declaredSchema), draft);
    const metadata = registrationMetadata(event.schema, annotations, canonicalSchemaText);
    events.push({
      kind: 'event',
      subject: eventSubject(strategy, event),
      file: event.file,
      eventType: event.eventType,
      topic: event.topic,
      schema,
      ...(metadata ? { metadata } : {}),
      schemaText: canonicalSchemaText(schema),
      references,
      compatibility: resolveCompatibility(catalog.config, event),
    });
  }
  events.sort((a, b) => byCodePoint(a.subject, b.subject));
  const shared = order.filter((f) => !blocked.has(f)).map((f) => sharedUnits.get(f) as RegistrationUnit);
  return { units: [...shared, ...events], diagnostics };
}

function idOf(schema: JsonObject): string | undefined {
  return typeof schema.$id === 'string' ? schema.$id : undefined;
}

function directSharedDeps(schema: JsonObject, file: string, id: string | undefined, resolveShared: SharedResolver): string[] {
  const out = new Set<string>();
  for (const ref of collectRefs(schema)) {
    const target = resolveShared(ref, file, id);
    if (target && target.file !== file) out.add(target.file);
  }
  return [...out].sort(byCodePoint);
}

/**
 * Kahn's algorithm with sorted tie-breaking (deterministic): dependencies before dependents.
 * Nodes on or behind a cycle are returned as `cyclic` groups (each a strongly connected component).
 */
export function topologicalOrder(nodes: readonly string[], deps: ReadonlyMap<string, readonly string[]>): { order: string[]; cyclic: string[][] } {
  const sorted = [...nodes].sort(byCodePoint);
  const remaining = new Map(sorted.map((n) => [n, (deps.get(n) ?? []).filter((d) => nodes.includes(d) && d !== n).length]));
  const dependents = new Map<string, string[]>();
  for (const n of sorted) for (const d of deps.get(n) ?? []) if (d !== n) dependents.set(d, [...(dependents.get(d) ?? []), n]);
  const order: string[] = [];
  const ready = sorted.filter((n) => remaining.get(n) === 0);
  while (ready.length > 0) {
    ready.sort(byCodePoint);
    const n = ready.shift() as string;
    order.push(n);
    for (const m of dependents.get(n) ?? []) {
      const left = (remaining.get(m) ?? 0) - 1;
      remaining.set(m, left);
      if (left === 0) ready.push(m);
    }
  }
  const left = sorted.filter((n) => !order.includes(n));
  const selfCycles = sorted.filter((n) => (deps.get(n) ?? []).includes(n)).map((n) => [n]);
  return { order: order.filter((n) => !selfCycles.some((c) => c[0] === n)), cyclic: [...stronglyConnected(left, deps), ...selfCycles] };
}

/** Strongly connected components of size > 1 among `nodes` (Tarjan), each sorted. */
function stronglyConnected(nodes: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of deps.get(v) ?? []) {
      if (!nodes.includes(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort(byCodePoint));
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out.sort((a, b) => byCodePoint(a[0] as string, b[0] as string));
}

function diag(ruleId: string, file: string, message: string): Diagnostic {
  return { ruleId, severity: 'error', message, file, pointer: '', line: 0, column: 0 };
}

