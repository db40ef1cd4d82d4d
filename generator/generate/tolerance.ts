/**
 * The schemas behind the two generated validators, from a validator root (validators.ts):
 *
 * - strict (producer side): the schema as written, plus every declared object closed
 *   (`producerVariant`). Closing a branch of `oneOf`, `not`, `if` or `maxContains` can turn a
 *   rejection into an acceptance, so when the schema has one of those the strict validator also
 *   requires the schema as written (`needsWrittenGuard`): strict ⊆ plain, always.
 * - tolerant (consumer side): ignores properties no subschema at their place declares, and
 *   nothing else (`consumerVariant`). Opening closed objects wholesale would change which
 *   `anyOf`/`oneOf` branch matches (an open branch with no `required` matches anything), so
 *   instead each `additionalProperties: false` / `unevaluatedProperties: false` is told to let
 *   through exactly the names that nothing at that place declares.
 *
 * Why tolerant ⊇ strict: a document strict accepts has only names some subschema at their place
 * declares, and on such a document the tolerant schema evaluates exactly like the schema as
 * written, which strict implies. Why tolerant rejects what the schema as written rejects for any
 * other reason: the two schemas differ only on names declared nowhere at their place.
 */
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { escapePointerToken, fragmentToPointer } from '../core/json-pointer.js';
import { cloneJson, walkSchema, type SchemaVisit } from '../core/walk-schema.js';
import { defineOwn, producerVariant as closeObjects } from './schema-graph.js';

/** Where a validator root keeps its definitions (validators.ts). */
export const DEFINITIONS = '__definitions';

/** Keywords whose subschemas apply to the same instance as their parent. */
const IN_PLACE = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'dependencies']);

/** Keywords under which making a subschema accept more can make the whole schema accept less. */
const NON_MONOTONE = ['oneOf', 'not', 'if', 'maxContains'];

/**
 * Producer-side variant of a validator root: every declared object closed (schema-graph.ts),
 * inside the definitions container too (refs into an event's own `$defs` land there).
 */
export function producerVariant(root: JsonObject): JsonObject {
  const out = closeObjects(root) as JsonObject;
  const container = root[DEFINITIONS];
  if (!isJsonObject(container)) return out;
  const definitions: JsonObject = {};
  for (const name of Object.keys(container)) defineOwn(definitions, name, closeObjects(container[name]!, 'definition'));
  return { ...out, [DEFINITIONS]: definitions };
}

/** Whether closing objects could make the producer variant accept what the schema as written rejects. */
export function needsWrittenGuard(root: JsonObject): boolean {
  let found = false;
  walkSchema(root, ({ schema }) => {
    if (NON_MONOTONE.some((k) => k in schema)) found = true;
    return found ? false : undefined;
  });
  return found;
}

/** What the subschemas at one place (a location of the instance) say about property names. */
interface Place {
  names: Set<string>;
  patterns: Set<string>;
  /** Some subschema constrains every name (a map, a schema-valued `unevaluatedProperties`, …): nothing to tolerate. */
  all: boolean;
}

/** Consumer-side variant (see the file comment). Never mutates its input. */
export function consumerVariant(root: JsonObject): JsonObject {
  const copy = cloneJson(root);
  const nodes = new Map<string, JsonObject>();
  const parent = new UnionFind();
  const visit = ({ schema, pointer, keyword, parentPointer }: SchemaVisit): void => {
    nodes.set(pointer, schema);
    parent.add(pointer);
    if (IN_PLACE.has(keyword) && parentPointer !== undefined) parent.union(pointer, parentPointer);
  };
  walkSchema(copy, visit);
  // The validator root keeps the definitions under a container no walker knows (validators.ts).
  const container = copy[DEFINITIONS];
  if (isJsonObject(container)) for (const name of Object.keys(container)) walkSchema(container[name]!, visit, `/${DEFINITIONS}/${escapePointerToken(name)}`);
  for (const [pointer, schema] of nodes) {
    const ref = schema.$ref;
    const target = typeof ref === 'string' && ref.startsWith('#') ? fragmentToPointer(ref.slice(1)) : undefined;
    if (target !== undefined && nodes.has(target)) parent.union(pointer, target);
  }
  const places = new Map<string, Place>();
  for (const [pointer, schema] of nodes) {
    const key = parent.find(pointer);
    const place = places.get(key) ?? { names: new Set(), patterns: new Set(), all: false };
    places.set(key, place);
    declare(schema, place);
  }
  for (const [pointer, schema] of nodes) {
    if (schema.additionalProperties !== false && schema.unevaluatedProperties !== false) continue;
    const pattern = undeclaredPattern(places.get(parent.find(pointer))!);
    if (pattern === undefined) continue;
    const own = isJsonObject(schema.patternProperties) ? schema.patternProperties : {};
    schema.patternProperties = { ...own, [pattern]: true };
  }
  return copy;
}

/** Adds the names and patterns one subschema declares to its place. */
function declare(schema: JsonObject, place: Place): void {
  const keys = (value: JsonValue | undefined): string[] => (isJsonObject(value) ? Object.keys(value) : []);
  const strings = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  for (const name of keys(schema.properties)) place.names.add(name);
  for (const name of strings(schema.required)) place.names.add(name);
  for (const keyword of ['dependencies', 'dependentRequired', 'dependentSchemas']) {
    const map = schema[keyword];
    for (const name of keys(map)) {
      place.names.add(name);
      for (const dep of strings(isJsonObject(map) ? map[name] : undefined)) place.names.add(dep);
    }
  }
  for (const pattern of keys(schema.patternProperties)) place.patterns.add(pattern);
  if (isJsonObject(schema.additionalProperties) || isJsonObject(schema.unevaluatedProperties)) place.all = true;
}

/**
 * A regular expression (ajv compiles it with the `u` flag) matching exactly the names the place
 * does not declare: not one of its names, matched by none of its patterns. undefined when there is
 * nothing to tolerate, or when a pattern cannot be combined safely (it uses back-references).
 */
export function undeclaredPattern(place: Place): string | undefined {
  if (place.all) return undefined;
  const patterns = [...place.patterns].sort();
  if (patterns.some((p) => /\\[1-9k]/.test(p))) return undefined;
  const names = [...place.names].sort().map(escapeRegExp);
  const parts = ['^'];
  if (names.length > 0) parts.push(`(?!(?:${names.join('|')})$)`);
  for (const p of patterns) parts.push(`(?![\\s\\S]*?(?:${p}))`);
  return parts.join('');
}

function escapeRegExp(text: string): string {
  // Only syntax characters: other escapes are errors under the `u` flag.
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Disjoint sets of JSON pointers (path compression only: the sets are small). */
class UnionFind {
  private readonly up = new Map<string, string>();
  add(x: string): void {
    if (!this.up.has(x)) this.up.set(x, x);
  }
  find(x: string): string {
    let root = x;
    while (this.up.get(root) !== root) root = this.up.get(root)!;
    for (let cur = x; cur !== root;) {
      const next = this.up.get(cur)!;
      this.up.set(cur, root);
      cur = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    this.add(a);
    this.add(b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.up.set(ra, rb);
  }
}
