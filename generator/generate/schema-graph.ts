/**
 * Turns the catalog's schemas (which reference each other by relative path or `$id`) into one
 * self-contained definitions table per package: every event's `data` schema and every shared
 * schema it reaches becomes a named definition, and every `$ref` is rewritten to
 * `#/definitions/<Name>/…`. Types and validators are both built from this table, so a shared
 * definition is one named type, and nothing is ever fetched (a `$ref` the catalog cannot serve
 * is an error here; the loader reports it as a diagnostic before generation runs).
 */
import path from 'node:path';
import { resolveSharedRef } from '../registration/index.js';
import { ContractsError } from '../core/errors.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { Catalog, EventContract, SharedSchema } from '../load/index.js';
import { byEntryKey, byField } from '../core/order.js';
import type { Draft } from '../core/config.js';
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from '../core/schema-keywords.js';

/* The applicator keywords; `items` and `dependencies` take either form and are told apart where they are read. */
/** Keywords whose value is one subschema. */
const SUBSCHEMA = SCHEMA_KEYWORDS.filter((k) => k !== 'items');
/** Keywords whose value is an array of subschemas. */
const SUBSCHEMA_ARRAY = SCHEMA_ARRAY_KEYWORDS.filter((k) => k !== 'items');
/** Keywords whose value is a map of subschemas. */
const SUBSCHEMA_MAP = SCHEMA_MAP_KEYWORDS.filter((k) => k !== 'dependencies');

/** Where a subschema sits relative to its parent: describing a value, or applied in place to the same value. */
type Position = 'value' | 'in-place' | 'definition';

const POSITION: Record<string, Position> = {
  properties: 'value',
  patternProperties: 'value',
  additionalProperties: 'value',
  unevaluatedProperties: 'value',
  items: 'value',
  prefixItems: 'value',
  additionalItems: 'value',
  unevaluatedItems: 'value',
  contains: 'value',
  propertyNames: 'value',
  contentSchema: 'value',
  allOf: 'in-place',
  anyOf: 'in-place',
  oneOf: 'in-place',
  not: 'in-place',
  if: 'in-place',
  then: 'in-place',
  else: 'in-place',
  dependentSchemas: 'in-place',
  dependencies: 'in-place',
  definitions: 'definition',
  $defs: 'definition',
};

/**
 * Rebuilds a schema bottom-up. `visit` receives each (already rebuilt) schema object with its
 * position and returns its replacement. Never mutates the input.
 */
export function mapSchema(schema: JsonValue, visit: (node: JsonObject, position: Position) => JsonObject, position: Position = 'value'): JsonValue {
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    const pos = POSITION[key];
    if ((SUBSCHEMA as readonly string[]).includes(key) || (key === 'items' && isJsonObject(value))) {
      out[key] = mapSchema(value, visit, pos ?? 'value');
    } else if ((SUBSCHEMA_ARRAY as readonly string[]).includes(key) || (key === 'items' && Array.isArray(value))) {
      out[key] = Array.isArray(value) ? value.map((v) => mapSchema(v, visit, pos ?? 'value')) : value;
    } else if ((SUBSCHEMA_MAP as readonly string[]).includes(key) || (key === 'dependencies' && isJsonObject(value))) {
      if (isJsonObject(value)) {
        const map: JsonObject = {};
        for (const [k, v] of Object.entries(value)) defineOwn(map, k, Array.isArray(v) ? v : mapSchema(v, visit, pos ?? 'value'));
        out[key] = map;
      } else out[key] = value;
    } else {
      defineOwn(out, key, value);
    }
  }
  return visit(out, position);
}

/** Assigns an own property even when the key is `__proto__` (plain assignment would set the prototype). */
export function defineOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A schema's reach: definitions named for one package, refs rewritten. */
export interface DefinitionTable {
  /** Definition name → rewritten schema (`$ref`s point into `#/definitions/`). Sorted by name. */
  definitions: Map<string, JsonObject>;
  /** Event type → definition name of its `data`. */
  eventData: Map<string, string>;
  /** Shared schema file → definition name (only shared schemas reached from this package). */
  sharedNames: Map<string, string>;
  /** Definition name → names it references (transitively closed on demand by `reachable`). */
  edges: Map<string, Set<string>>;
}

export interface SharedIndex {
  all: readonly SharedSchema[];
  byFile: Map<string, SharedSchema>;
  byId: Map<string, SharedSchema>;
  /** Shared file → stable type name (unique across the catalog). */
  names: Map<string, string>;
}

/** Indexes shared schemas by repository path and `$id`, and names each one once for the whole catalog. */
export function indexShared(catalog: Catalog, eventNames: ReadonlySet<string>): SharedIndex {
  const byFile = new Map<string, SharedSchema>();
  const byId = new Map<string, SharedSchema>();
  const names = new Map<string, string>();
  const taken = new Set(eventNames);
  for (const shared of [...catalog.shared].sort(byField('file'))) {
    byFile.set(shared.file, shared);
    if (shared.id) byId.set(stripFragment(shared.id), shared);
    const base = typeNameFrom(path.posix.basename(shared.file).replace(/\.(schema\.)?json$/, ''));
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    names.set(shared.file, name);
  }
  return { all: catalog.shared, byFile, byId, names };
}

/** `money-amount` → `MoneyAmount`; a leading digit gets a `T` prefix. Always an ASCII identifier. */
export function typeNameFrom(text: string): string {
  const parts = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let name = parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  if (name === '') name = 'Schema';
  if (/^[0-9]/.test(name)) name = `T${name}`;
  return stableTypeName(name);
}

/**
 * json-schema-to-typescript renames a type whose name is not in its own canonical form (a letter
 * after a digit upper-cased, `_x` turned into `X`), and then the type we asked for is missing. Our
 * names (ASCII letters, digits, `_`) are put in that form first, so they come out as given.
 */
export function stableTypeName(name: string): string {
  const out = name
    .replace(/^_[a-z]/, (m) => m.toUpperCase())
    .replace(/_[a-z]/g, (m) => m.slice(1).toUpperCase())
    .replace(/([\d$]+[a-zA-Z])/g, (m) => m.toUpperCase());
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/**
 * Builds the definitions table for a group of events: each event's `data` schema plus every
 * shared schema reachable from them, with refs rewritten.
 */
export function buildDefinitions(events: readonly EventContract[], dataNames: ReadonlyMap<string, string>, shared: SharedIndex): DefinitionTable {
  const definitions = new Map<string, JsonObject>();
  const eventData = new Map<string, string>();
  const sharedNames = new Map<string, string>();
  const edges = new Map<string, Set<string>>();
  const pending: SharedSchema[] = [];

  const rewrite = (schema: JsonObject, file: string, ownName: string, ownId: string | undefined, draft: Draft | undefined): JsonObject => {
    const deps = new Set<string>();
    const rewritten = mapSchema(stripCodeKeywords(schema), (node) => {
      if (draft === 'draft-04') normalizeDraft04(node);
      const ref = node.$ref;
      if (typeof ref === 'string') {
        const target = resolveRef(ref, file, ownName, ownId, shared);
        if (target.shared && !sharedNames.has(target.shared.file)) {
          sharedNames.set(target.shared.file, target.name);
          pending.push(target.shared);
        }
        if (target.name !== ownName) deps.add(target.name);
        node.$ref = target.ref;
      }
      delete node.$id;
      delete node.$schema;
      delete node.$anchor;
      // `id` names the base URI in draft-04 and nothing after; either way it is resolved here, and
      // left in place it would name a type (json-schema-to-typescript) or stop ajv ("NOT SUPPORTED").
      if (typeof node.id === 'string') delete node.id;
      return node;
    }) as JsonObject;
    edges.set(ownName, deps);
    return rewritten;
  };

  for (const event of events) {
    const name = dataNames.get(event.eventType)!;
    eventData.set(event.eventType, name);
    definitions.set(
      name,
      rewrite(event.schema, event.file, name, stringOrUndefined(event.draft === 'draft-04' ? event.schema.id : event.schema.$id), event.draft),
    );
  }
  while (pending.length > 0) {
    const next = pending.shift()!;
    const name = sharedNames.get(next.file)!;
    definitions.set(name, rewrite(next.schema, next.file, name, next.id, next.draft));
  }
  return { definitions: new Map([...definitions].sort(byEntryKey)), eventData, sharedNames, edges };
}

/** Names reachable from `roots` (inclusive), sorted. */
export function reachable(table: DefinitionTable, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const dep of table.edges.get(name) ?? []) stack.push(dep);
  }
  return [...seen].sort();
}

interface RefTarget {
  name: string;
  ref: string;
  shared?: SharedSchema;
}

function resolveRef(ref: string, file: string, ownName: string, ownId: string | undefined, shared: SharedIndex): RefTarget {
  const hash = ref.indexOf('#');
  const base = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  if (fragment !== '' && !fragment.startsWith('/')) {
    throw new ContractsError(
      `\`$ref: ${JSON.stringify(ref)}\` in ${file} uses an anchor fragment; code generation supports JSON-pointer fragments only.`,
      'Point at the definition with a JSON pointer (`#/definitions/Name`).',
    );
  }
  const pointer = fragment;
  if (base === '' || (ownId !== undefined && stripFragment(ownId) === base)) {
    return { name: ownName, ref: `#/definitions/${ownName}${pointer}` };
  }
  const target = resolveSharedRef(ref, file, ownId, shared.all);
  if (!target) {
    throw new ContractsError(
      `\`$ref: ${JSON.stringify(ref)}\` in ${file} does not resolve to a schema in the repository.`,
      'Point it at a file under schemas/ (relative path) or at the `$id` of a shared schema; run `contracts lint` for details.',
    );
  }
  const name = shared.names.get(target.file)!;
  return { name, ref: `#/definitions/${name}${pointer}`, shared: target };
}

/**
 * Draft-04 keywords whose meaning changed later, rewritten to the 2019-09 form the validators are
 * compiled with: boolean `exclusiveMaximum`/`exclusiveMinimum` qualify `maximum`/`minimum`.
 */
function normalizeDraft04(node: JsonObject): void {
  for (const [exclusive, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof node[exclusive] !== 'boolean') continue;
    if (node[exclusive] === true && typeof node[bound] === 'number') {
      node[exclusive] = node[bound];
      delete node[bound];
    } else delete node[exclusive];
  }
}

function stripFragment(id: string): string {
  const hash = id.indexOf('#');
  return hash === -1 ? id : id.slice(0, hash);
}

function stringOrUndefined(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Removes every `ts*` keyword (tsType, tsEnumNames, …) and every `x-*` extension: neither may reach generated code. */
export function stripCodeKeywords(schema: JsonValue): JsonValue {
  return mapSchema(schema, (node) => {
    for (const key of Object.keys(node)) if (/^ts[A-Z]/.test(key) || key.startsWith('x-')) delete node[key];
    return node;
  });
}

const COMPOSITION = ['$ref', 'allOf', 'anyOf', 'oneOf', 'if', 'dependentSchemas', 'dependencies'] as const;

/** Whether a schema, at a value position, describes (or may describe, through refs/composition) a declared object. */
function describesDeclaredObject(node: JsonObject): boolean {
  if (isJsonObject(node.properties) || isJsonObject(node.patternProperties) || Array.isArray(node.required)) return true;
  return COMPOSITION.some((k) => k in node);
}

/**
 * Producer-side variant: undeclared properties are rejected even where the schema is open.
 * At every value position that declares an object: `additionalProperties: false` when the
 * object is declared by its own `properties`/`patternProperties` alone, else
 * `unevaluatedProperties: false` (which sees through `$ref`, `allOf`, `oneOf`, … where
 * `additionalProperties` would not). `additionalProperties: true` is dropped everywhere.
 * Schema-valued `additionalProperties` (maps) and free-form `{type: "object"}` with nothing
 * declared are left as written.
 */
export function producerVariant(schema: JsonValue, position: Position = 'value'): JsonValue {
  return mapSchema(
    schema,
    (node, position) => {
      if (node.additionalProperties === true) delete node.additionalProperties;
      if (node.unevaluatedProperties === true) delete node.unevaluatedProperties;
      if (position === 'value' && !('unevaluatedProperties' in node) && !('additionalProperties' in node) && describesDeclaredObject(node)) {
        if (COMPOSITION.some((k) => k in node)) node.unevaluatedProperties = false;
        else node.additionalProperties = false;
      }
      return node;
    },
    position,
  );
}
