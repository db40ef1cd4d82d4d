/**
 * planRegistration: pure. From the registration view of a catalog and what the registry holds,
 * decide per subject: already registered (id, version), register a new version, set the
 * compatibility config, or refuse because the local engine finds the change incompatible
 * (explained before the registry is asked). The apply step performs the plan.
 */
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { SubjectNameStrategy } from '../core/config.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { JsonObject } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { Catalog } from '../load/index.js';
import type { SchemaMetadata, RegistrationUnit, RegistrationView } from '../registration/index.js';
import { buildRegistrationView, canonicalSchemaText } from '../registration/index.js';
import type { ReferencedDocument } from './bundle.js';
import { bundleSchema } from './bundle.js';
import type { RegisteredSchema, SchemaReference, SubjectConfig } from './client.js';
import { registeredFormChange } from './form-change.js';
import type { CompatJudge } from './local-compat.js';
import { localJudge } from './local-compat.js';
import type { RegistryState } from './state.js';
import { refKey } from './state.js';

export type PlanAction =
  /** The identical schema (same text, same references) is a live version of the subject. */
  | 'already-registered'
  /** A new version will be registered. */
  | 'register'
  /** The local engine finds it incompatible with the registered versions; not sent. */
  | 'incompatible'
  /** A schema it references is incompatible or blocked; not sent. */
  | 'blocked';

export interface PlannedReference {
  name: string;
  subject: string;
  /** Undefined when the referenced schema is registered earlier in the same apply. */
  version?: number;
}

export interface PlanItem {
  subject: string;
  kind: 'shared' | 'event';
  file: string;
  eventType?: string;
  action: PlanAction;
  schemaText: string;
  references: PlannedReference[];
  /** Confluent schema metadata sent with the schema (see registered-form.ts). */
  metadata?: SchemaMetadata;
  /** For already-registered: the matching version. */
  registered?: { id: number; version: number };
  /** The subject's newest live version before this run. */
  latest?: { id: number; version: number };
  /** Config the subject must have. */
  compatibility: { level: CompatibilityLevel; policy: CompatibilityPolicy };
  /** Set when the subject's config differs from `compatibility` (or it has none). */
  configChange?: { from?: SubjectConfig; to: { level: CompatibilityLevel; policy: CompatibilityPolicy } };
  /** Why it is incompatible or blocked (the local engine's explanation). */
  reasons: string[];
  /** Subjects in this plan that must be registered first. */
  dependsOn: string[];
  /** Set when the subject's registry state could not be read: why (it is registered without the local check). */
  unverified?: string;
  /**
   * Set when the newest live version holds the same content in a registered form an older version of
   * this tool produced: one line naming what changed (form-change.ts). The subject still gets a new
   * version (docs/decisions.md, "Registries holding the older registered form").
   */
  formChange?: string;
  /** With formChange: the live version holding the same content. */
  sameContentAs?: number;
}

export interface RegistrationPlan {
  /** In apply order: shared schemas (dependencies first), then events by subject. */
  items: PlanItem[];
  /** Problems found while building the view (strategy conflicts, reference cycles). */
  diagnostics: Diagnostic[];
}

export interface PlanOptions {
  catalog: Catalog;
  state: RegistryState;
  /** @default catalog.config.subjectNameStrategy */
  subjectNameStrategy?: SubjectNameStrategy;
  /** Precomputed view (otherwise built from the catalog). */
  view?: RegistrationView;
  /** The local compatibility engine. @default localJudge (generator/compat) */
  judge?: CompatJudge;
}

export function planRegistration(options: PlanOptions): RegistrationPlan {
  const view = options.view ?? buildRegistrationView(options.catalog, { subjectNameStrategy: options.subjectNameStrategy });
  const judge = options.judge ?? localJudge;
  const { state } = options;
  const units = new Map(view.units.map((u) => [u.subject, u]));
  /** Version each subject will have after apply: number (known now), 'pending' (registered during apply), 'unavailable'. */
  const outcome = new Map<string, number | 'pending' | 'unavailable'>();
  const items: PlanItem[] = [];

  for (const unit of view.units) {
    const subjectState = state.subjects.get(unit.subject);
    const live = subjectState?.versions ?? [];
    const newest = live[live.length - 1];
    const references: PlannedReference[] = unit.references.map((r) => {
      const v = outcome.get(r.subject);
      return typeof v === 'number' ? { ...r, version: v } : { ...r };
    });
    const dependsOn = unit.references.filter((r) => outcome.get(r.subject) === 'pending').map((r) => r.subject);
    const unavailable = unit.references.filter((r) => outcome.get(r.subject) === 'unavailable' || !outcome.has(r.subject));
    const item: PlanItem = {
      subject: unit.subject,
      kind: unit.kind,
      file: unit.file,
      eventType: unit.eventType,
      action: 'register',
      schemaText: unit.schemaText,
      references,
      ...(unit.metadata ? { metadata: unit.metadata } : {}),
      latest: newest ? { id: newest.id, version: newest.version } : undefined,
      compatibility: unit.compatibility,
      configChange: configChange(subjectState?.config, unit.compatibility),
      reasons: [],
      dependsOn,
    };
    const unreadable = state.unreadable?.get(unit.subject);
    if (unreadable !== undefined) {
      // Registration is idempotent and the registry judges compatibility itself (at the level set
      // just before), so a subject whose state could not be read is still sent, unverified.
      item.unverified = `could not read the subject from the registry (${unreadable}); sent without the local check, the registry's own check applies`;
      item.configChange = { to: unit.compatibility };
      outcome.set(unit.subject, 'pending');
      items.push(item);
      continue;
    }
    if (unavailable.length > 0) {
      item.action = 'blocked';
      item.reasons = unavailable.map((r) => `references "${r.name}" (subject "${r.subject}"), which cannot be registered; fix that schema first.`);
      outcome.set(unit.subject, 'unavailable');
      items.push(item);
      continue;
    }
    if (dependsOn.length === 0) {
      const match = findLive(live, unit.schemaText, references as SchemaReference[], unit.metadata);
      if (match) {
        item.action = 'already-registered';
        item.registered = { id: match.id, version: match.version };
        outcome.set(unit.subject, match.version);
        items.push(item);
        continue;
      }
    }
    const verdict = live.length === 0 ? { compatible: true, messages: [] } : judgeAgainstLive(unit, live, units, state, judge);
    const formChange = newest ? registeredFormChange(newest, { schema: unit.schema, schemaText: unit.schemaText, references }) : undefined;
    if (formChange) {
      item.formChange = formChange.text;
      item.sameContentAs = formChange.version;
    }
    if (!verdict.compatible) {
      item.action = 'incompatible';
      item.reasons = verdict.messages.length > 0 ? verdict.messages : [`incompatible under ${unit.compatibility.level}/${unit.compatibility.policy}`];
      outcome.set(unit.subject, 'unavailable');
    } else {
      outcome.set(unit.subject, 'pending');
    }
    items.push(item);
  }
  return { items, diagnostics: view.diagnostics };
}

function configChange(current: SubjectConfig | undefined, desired: { level: CompatibilityLevel; policy: CompatibilityPolicy }): PlanItem['configChange'] {
  if (current && current.level === desired.level && (current.policy === undefined || current.policy === desired.policy)) return undefined;
  return current ? { from: current, to: desired } : { to: desired };
}

/**
 * The live version whose schema, references and metadata equal ours (newest first), if any.
 * A version without metadata matches on schema and references alone: registries that keep no
 * metadata (Apicurio) never return it, and registering again would change nothing there.
 */
export function findLive(
  live: readonly RegisteredSchema[],
  schemaText: string,
  references: readonly SchemaReference[],
  metadata?: SchemaMetadata,
): RegisteredSchema | undefined {
  for (let i = live.length - 1; i >= 0; i--) {
    const v = live[i] as RegisteredSchema;
    if (sameText(v.schema, schemaText) && sameReferences(v.references, references) && (v.metadata === undefined || sameMetadata(v.metadata, metadata)))
      return v;
  }
  return undefined;
}

function sameMetadata(a: SchemaMetadata | undefined, b: SchemaMetadata | undefined): boolean {
  return canonicalSchemaText(a?.properties ?? {}) === canonicalSchemaText(b?.properties ?? {});
}

function sameText(registered: string, ours: string): boolean {
  if (registered === ours) return true;
  try {
    return canonicalSchemaText(JSON.parse(registered)) === ours;
  } catch {
    return false;
  }
}

function sameReferences(a: readonly SchemaReference[], b: readonly SchemaReference[]): boolean {
  if (a.length !== b.length) return false;
  const key = (r: SchemaReference): string => `${r.name}\u0000${r.subject}\u0000${r.version}`;
  const sa = a.map(key).sort();
  const sb = b.map(key).sort();
  return sa.every((x, i) => x === sb[i]);
}

function judgeAgainstLive(
  unit: RegistrationUnit,
  live: readonly RegisteredSchema[],
  units: ReadonlyMap<string, RegistrationUnit>,
  state: RegistryState,
  judge: CompatJudge,
): { compatible: boolean; messages: string[] } {
  const candidate = bundleSchema(
    unit.schema,
    unit.references.map((r) => ({ name: r.name, resolve: () => localDocument(r.name, r.subject, units) })),
  );
  const previous: { version: number; schema: JsonObject }[] = [];
  for (const v of live) {
    const parsed = parseObject(v.schema);
    if (!parsed) continue;
    previous.push({
      version: v.version,
      schema: bundleSchema(
        parsed,
        v.references.map((r) => ({ name: r.name, resolve: () => registeredDocument(r, state) })),
      ),
    });
  }
  return judge({ candidate, previous, level: unit.compatibility.level, policy: unit.compatibility.policy, eventType: unit.eventType });
}

export function localDocument(name: string, subject: string, units: ReadonlyMap<string, RegistrationUnit>): ReferencedDocument | undefined {
  const u = units.get(subject);
  if (!u) return undefined;
  return { name, schema: u.schema, references: u.references.map((r) => ({ name: r.name, resolve: () => localDocument(r.name, r.subject, units) })) };
}

export function registeredDocument(ref: SchemaReference, state: RegistryState): ReferencedDocument | undefined {
  const v = state.referenced.get(refKey(ref.subject, ref.version));
  const schema = v ? parseObject(v.schema) : undefined;
  if (!v || !schema) return undefined;
  return { name: ref.name, schema, references: v.references.map((r) => ({ name: r.name, resolve: () => registeredDocument(r, state) })) };
}

export function parseObject(text: string): JsonObject | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return isJsonObject(v as never) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
