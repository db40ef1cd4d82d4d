/**
 * Port of Confluent's `ObjectSchemaDiff`: required → properties → dependencies → additionalProperties →
 * unevaluatedProperties → max/minProperties. 2019-09/2020-12 `dependentRequired`/`dependentSchemas` are read as
 * draft-07 `dependencies` (reported under `#/dependencies/<name>`).
 *
 * Content model (judged per property key):
 * - open: no `patternProperties`, `additionalProperties` absent or true, `unevaluatedProperties` absent or true;
 * - partially open: a `patternProperties` regex matches the key, else an `additionalProperties` schema, else
 *   (when `additionalProperties` is absent) an `unevaluatedProperties` schema;
 * - closed otherwise.
 */
import { isJsonObject, type JsonObject } from '../core/json.js';
import { compareBound, numberAt } from './bounds.js';
import type { Acc, DiffState } from './context.js';
import type { SchemaNode } from './model.js';
import { compare } from './schema.js';

interface ObjectView {
  properties: JsonObject;
  required: Set<string>;
  patterns: Array<{ regex: RegExp | null; schema: unknown }>;
  /** `additionalProperties` as written (undefined when absent or not a schema). */
  additional: unknown;
  unevaluated: unknown;
  propertyDeps: Map<string, Set<string>>;
  schemaDeps: Map<string, unknown>;
}

function view(node: SchemaNode): ObjectView {
  if (node.view) return node.view as ObjectView;
  const raw = node.raw!;
  const d = node.doc.draft;
  const properties = isJsonObject(raw.properties) ? raw.properties : {};
  const required = new Set(Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : []);
  const patterns = isJsonObject(raw.patternProperties)
    ? Object.entries(raw.patternProperties).map(([source, schema]) => ({ regex: compileRegex(source), schema }))
    : [];
  const propertyDeps = new Map<string, Set<string>>();
  const schemaDeps = new Map<string, unknown>();
  const addDeps = (deps: unknown, arraysOnly: boolean, schemasOnly: boolean) => {
    if (!isJsonObject(deps)) return;
    for (const [key, dep] of Object.entries(deps)) {
      if (Array.isArray(dep)) {
        if (!schemasOnly) propertyDeps.set(key, new Set(dep.filter((x): x is string => typeof x === 'string')));
      } else if (!arraysOnly && (isJsonObject(dep) || typeof dep === 'boolean')) {
        schemaDeps.set(key, dep);
      }
    }
  };
  addDeps(raw.dependencies, false, false);
  if (d >= 2019) {
    addDeps(raw.dependentRequired, true, false);
    addDeps(raw.dependentSchemas, false, true);
  }
  const v: ObjectView = {
    properties,
    required,
    patterns,
    additional: schemaOrBoolean(raw.additionalProperties),
    unevaluated: schemaOrBoolean(raw.unevaluatedProperties),
    propertyDeps,
    schemaDeps,
  };
  node.view = v;
  return v;
}

/** A keyword value that is a schema (object or boolean); anything else counts as absent. */
export function schemaOrBoolean(value: unknown): unknown {
  return typeof value === 'boolean' || isJsonObject(value) ? value : undefined;
}

/** The `additional…`/`unevaluated…` pair of an object or array view (raw values). */
interface Leftover {
  additional: unknown;
  unevaluated: unknown;
}

/** Neither `additional…` nor `unevaluated…` closes anything (absent or true). */
export function leftoverIsOpen(v: Leftover): boolean {
  return (v.additional === undefined || v.additional === true) && (v.unevaluated === undefined || v.unevaluated === true);
}

/** The schema that `additional…` (or, without it, `unevaluated…`) gives to what is not named, or undefined. */
export function leftoverSchema(node: SchemaNode, v: Leftover): SchemaNode | undefined {
  if (isJsonObject(v.additional)) return node.doc.node(v.additional);
  if (v.additional === undefined && isJsonObject(v.unevaluated)) return node.doc.node(v.unevaluated);
  return undefined;
}

/** `<change>_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` and `<change>_NOT_COVERED_BY_…` exist for these four. */
type CoveredChange = 'PROPERTY_REMOVED' | 'PROPERTY_ADDED' | 'ITEM_REMOVED' | 'ITEM_ADDED';

/**
 * A named property or tuple item removed or added where the other side is partially open:
 * compares it with the schema the open part gives it and records whether that covers the change.
 */
export function addCoverage(st: DiffState, acc: Acc, path: string, original: SchemaNode, update: SchemaNode, change: CoveredChange): void {
  const r = compare(st, original, update);
  acc.addAll(path, r);
  acc.add(path, r.compatible ? `${change}_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL` : `${change}_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL`);
}

/** Java `Pattern.compile(p).matcher(key).find()`, approximated with a JS RegExp; an invalid pattern matches nothing. */
function compileRegex(source: string): RegExp | null {
  try {
    return new RegExp(source, 'u');
  } catch {
    try {
      return new RegExp(source);
    } catch {
      return null;
    }
  }
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function isOpen(v: ObjectView): boolean {
  return v.patterns.length === 0 && leftoverIsOpen(v);
}

/** The schema a partially open content model gives to `key`, or undefined when closed for it. */
function partialSchema(node: SchemaNode, v: ObjectView, key: string): SchemaNode | undefined {
  for (const p of v.patterns) {
    if (p.regex) {
      p.regex.lastIndex = 0;
      if (p.regex.test(key)) return node.doc.node(p.schema);
    }
  }
  return leftoverSchema(node, v);
}

export function compareObject(st: DiffState, acc: Acc, o: SchemaNode, u: SchemaNode): void {
  const ov = view(o);
  const uv = view(u);
  compareRequired(acc, u, ov, uv);
  compareProperties(st, acc, o, u, ov, uv);
  compareDependencies(st, acc, o, u, ov, uv);
  compareOpenness(st, acc, o, u, ov.additional, uv.additional, '/additionalProperties', 'ADDITIONAL_PROPERTIES');
  compareOpenness(st, acc, o, u, ov.unevaluated, uv.unevaluated, '/unevaluatedProperties', 'UNEVALUATED_PROPERTIES');
  const or = o.raw!;
  const ur = u.raw!;
  compareBound(acc, 'maxProperties', numberAt(or, 'maxProperties'), numberAt(ur, 'maxProperties'), 'MAX_PROPERTIES');
  compareBound(acc, 'minProperties', numberAt(or, 'minProperties'), numberAt(ur, 'minProperties'), 'MIN_PROPERTIES');
}

/** Keys of the original, then keys only the update has (deterministic; Confluent iterates a HashSet). */
function union(a: Iterable<string>, b: Iterable<string>): Iterable<string> {
  const out = new Set(a);
  for (const k of b) out.add(k);
  return out;
}

function propertyKeys(a: JsonObject, b: JsonObject): string[] {
  const out = Object.keys(a);
  for (const k in b) if (!has(a, k)) out.push(k);
  return out;
}

/** Only properties declared on both sides are judged here; added/removed properties are judged in compareProperties. */
function compareRequired(acc: Acc, u: SchemaNode, ov: ObjectView, uv: ObjectView): void {
  for (const key of union(ov.required, uv.required)) {
    if (!has(ov.properties, key) || !has(uv.properties, key)) continue;
    const wasRequired = ov.required.has(key);
    const isRequired = uv.required.has(key);
    if (!wasRequired && isRequired) {
      acc.add(`/required/${key}`, u.doc.node(uv.properties[key]).meta.hasDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED');
    } else if (wasRequired && !isRequired) {
      acc.add(`/required/${key}`, 'REQUIRED_ATTRIBUTE_REMOVED');
    }
  }
}

function compareProperties(st: DiffState, acc: Acc, o: SchemaNode, u: SchemaNode, ov: ObjectView, uv: ObjectView): void {
  for (const key of propertyKeys(ov.properties, uv.properties)) {
    const path = `/properties/${key}`;
    const inOriginal = has(ov.properties, key);
    const inUpdate = has(uv.properties, key);
    if (inOriginal && inUpdate) {
      acc.addAll(path, compare(st, o.doc.node(ov.properties[key]), u.doc.node(uv.properties[key])));
    } else if (inOriginal) {
      const originalSchema = o.doc.node(ov.properties[key]);
      if (isOpen(uv)) {
        acc.add(path, 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL');
        continue;
      }
      const partial = partialSchema(u, uv, key);
      if (partial) {
        addCoverage(st, acc, path, originalSchema, partial, 'PROPERTY_REMOVED');
      } else {
        acc.add(path, originalSchema.kind === 'false' ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
      }
    } else {
      const updateSchema = u.doc.node(uv.properties[key]);
      const required = uv.required.has(key);
      const withDefault = updateSchema.meta.hasDefault;
      if (isOpen(ov)) {
        if (updateSchema.kind === 'empty' || updateSchema.kind === 'true') acc.add(path, 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL');
        else if (required)
          acc.add(path, withDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
        else acc.add(path, 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
        continue;
      }
      const partial = partialSchema(o, ov, key);
      if (partial) {
        addCoverage(st, acc, path, partial, updateSchema, 'PROPERTY_ADDED');
      }
      if (required)
        acc.add(path, withDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
      else acc.add(path, 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
    }
  }
}

function compareDependencies(st: DiffState, acc: Acc, o: SchemaNode, u: SchemaNode, ov: ObjectView, uv: ObjectView): void {
  for (const key of union(ov.propertyDeps.keys(), uv.propertyDeps.keys())) {
    const path = `/dependencies/${key}`;
    const a = ov.propertyDeps.get(key);
    const b = uv.propertyDeps.get(key);
    if (!b) acc.add(path, 'DEPENDENCY_ARRAY_REMOVED');
    else if (!a) acc.add(path, 'DEPENDENCY_ARRAY_ADDED');
    else {
      const bHasA = [...a].every((x) => b.has(x));
      const aHasB = [...b].every((x) => a.has(x));
      if (bHasA && aHasB) continue;
      acc.add(path, bHasA ? 'DEPENDENCY_ARRAY_EXTENDED' : aHasB ? 'DEPENDENCY_ARRAY_NARROWED' : 'DEPENDENCY_ARRAY_CHANGED');
    }
  }
  for (const key of union(ov.schemaDeps.keys(), uv.schemaDeps.keys())) {
    const path = `/dependencies/${key}`;
    if (!uv.schemaDeps.has(key)) acc.add(path, 'DEPENDENCY_SCHEMA_REMOVED');
    else if (!ov.schemaDeps.has(key)) acc.add(path, 'DEPENDENCY_SCHEMA_ADDED');
    else acc.addAll(path, compare(st, o.doc.node(ov.schemaDeps.get(key)), u.doc.node(uv.schemaDeps.get(key))));
  }
}

/**
 * additionalProperties / unevaluatedProperties (and, from array.ts, additionalItems / unevaluatedItems):
 * permission lost or gained, schema added to an open model (NARROWED) or lifted (EXTENDED), else recurse.
 */
export function compareOpenness(
  st: DiffState,
  acc: Acc,
  o: SchemaNode,
  u: SchemaNode,
  ovalue: unknown,
  uvalue: unknown,
  path: string,
  prefix: 'ADDITIONAL_PROPERTIES' | 'UNEVALUATED_PROPERTIES' | 'ADDITIONAL_ITEMS' | 'UNEVALUATED_ITEMS',
): void {
  const oPermits = ovalue !== false;
  const uPermits = uvalue !== false;
  const oSchema = isJsonObject(ovalue);
  const uSchema = isJsonObject(uvalue);
  if (oPermits !== uPermits) acc.add(path, oPermits ? `${prefix}_REMOVED` : `${prefix}_ADDED`);
  else if (!oSchema && uSchema) acc.add(path, `${prefix}_NARROWED`);
  else if (oSchema && !uSchema) acc.add(path, `${prefix}_EXTENDED`);
  else if (oSchema && uSchema) acc.addAll(path, compare(st, o.doc.node(ovalue), u.doc.node(uvalue)));
}
