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
import type { Catalog, EventContract } from '../load/index.js';
import { compareCodePoints as byCodePoint } from '../core/order.js';
import { canonicalize, canonicalText } from '../core/canonical-json.js';
import { resolveCompatibility } from '../core/compatibility.js';
import { DRAFT_URI, draftFromSchemaUri } from '../core/drafts.js';
import type { SchemaMetadata } from './registered-form.js';
import { registrationMetadata, toRegisteredForm } from './registered-form.js';
import { topologicalOrder } from './graph.js';
import {
  directSharedDeps,
  idOf,
  nonSharedTargets,
  rewriteForRegistration,
  sharedResolver,
  type SchemaReferenceSpec,
  type SharedResolver,
} from './references.js';
import { eventSubject, sharedReferenceName, sharedSubject } from './subjects.js';

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

/** Envelope key names, in the order documented in the README. */
export const ENVELOPE_REQUIRED = ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'data'] as const;

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
// The view

/** Build the registration view of a catalog. Pure. */
export function buildRegistrationView(catalog: Catalog, options: RegistrationViewOptions = {}): RegistrationView {
  const strategy = options.subjectNameStrategy ?? catalog.config.subjectNameStrategy;
  const diagnostics: Diagnostic[] = [];
  const resolveShared = sharedResolver(catalog);
  const { units: sharedUnits, deps } = sharedUnitsOf(catalog, resolveShared);
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
  const blocked = blockedByCycles(cyclic, deps);
  const events: RegistrationUnit[] = [];
  for (const event of catalog.events) {
    const unit = eventUnitOf(event, { catalog, strategy, resolveShared, blocked, diagnostics });
    if (unit) events.push(unit);
  }
  events.sort((a, b) => byCodePoint(a.subject, b.subject));
  const shared = order.filter((f) => !blocked.has(f)).map((f) => sharedUnits.get(f) as RegistrationUnit);
  return { units: [...shared, ...events], diagnostics };
}

/** The shared schemas reachable from events (transitively), each as a unit, with their dependency graph. */
function sharedUnitsOf(catalog: Catalog, resolveShared: SharedResolver): { units: Map<string, RegistrationUnit>; deps: Map<string, string[]> } {
  const sharedByFile = new Map(catalog.shared.map((s) => [s.file, s]));
  const units = new Map<string, RegistrationUnit>();
  const deps = new Map<string, string[]>();
  const pending = catalog.events.flatMap((e) => directSharedDeps(e.schema, e.file, idOf(e.schema), resolveShared));
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (units.has(file)) continue;
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
    units.set(file, {
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
  return { units, deps };
}

/** Files on a reference cycle and everything that (transitively) depends on one: none can be registered. */
function blockedByCycles(cyclic: readonly string[][], deps: ReadonlyMap<string, readonly string[]>): Set<string> {
  const blocked = new Set(cyclic.flat());
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
  return blocked;
}

interface EventUnitContext {
  catalog: Catalog;
  strategy: SubjectNameStrategy;
  resolveShared: SharedResolver;
  blocked: ReadonlySet<string>;
  diagnostics: Diagnostic[];
}

/** One event type's unit, or undefined with a diagnostic when it cannot be registered. */
function eventUnitOf(event: EventContract, ctx: EventUnitContext): RegistrationUnit | undefined {
  const { catalog, strategy, resolveShared, diagnostics } = ctx;
  if (strategy === 'TopicNameStrategy') {
    const sharing = catalog.events.filter((e) => e.topic === event.topic);
    if (sharing.length > 1) {
      diagnostics.push(
        diag(
          'REGISTER_TOPIC_NAME_STRATEGY_CONFLICT',
          event.file,
          `Topic "${event.topic}" carries ${sharing.length} event types (${sharing.map((e) => e.eventType).join(', ')}), so TopicNameStrategy would file them all under subject "${event.topic}-value" and judge one against the other. Use TopicRecordNameStrategy (the default), or give each event type its own topic with "x-topic".`,
        ),
      );
      return undefined;
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
    return undefined;
  }
  const blockedBy = directSharedDeps(event.schema, event.file, idOf(event.schema), resolveShared).find((d) => ctx.blocked.has(d));
  if (blockedBy) {
    diagnostics.push(
      diag(
        'REGISTER_REFERENCE_CYCLE',
        event.file,
        `"${event.eventType}" cannot be registered: it references "${blockedBy}", which is part of a reference cycle.`,
      ),
    );
    return undefined;
  }
  const data: JsonObject = { ...event.schema };
  const declaredSchema = typeof data.$schema === 'string' ? data.$schema : undefined;
  delete data.$schema;
  delete data.$id;
  const { schema: rewritten, references } = rewriteForRegistration(data, event.file, idOf(event.schema), resolveShared, DATA_POINTER);
  const draft = (declaredSchema !== undefined ? draftFromSchemaUri(declaredSchema) : undefined) ?? event.draft;
  const { schema, annotations } = toRegisteredForm(envelopeSchema(event, rewritten, declaredSchema), draft);
  const metadata = registrationMetadata(event.schema, annotations, canonicalSchemaText);
  return {
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
  };
}

function diag(ruleId: string, file: string, message: string): Diagnostic {
  return { ruleId, severity: 'error', message, file, pointer: '', line: 0, column: 0 };
}
