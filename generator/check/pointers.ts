/**
 * From a compat path to where a reviewer should look. Compat paths follow the schema structure through
 * `$ref`s (`#/properties/total/properties/amount`, even when the root is `{"$ref": "#/definitions/Main"}`);
 * `throughRefs` rewrites them to where they are written in the bundle, and `detailPath` narrows a coarse
 * change (`TYPE_CHANGED` or `COMBINED_TYPE_SUBSCHEMAS_CHANGED` at `#/` or at a combinator) to the deepest
 * place where the two revisions actually differ. Pure.
 */
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { canonicalText } from '../core/canonical-json.js';
import { getAtPointer, parsePointer, toPointer } from '../core/json-pointer.js';
import { detectDraft } from '../compat/index.js';
import { DOCUMENTATION_KEYWORDS, SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS, stripDocumentation } from './canonical.js';
import { pathToPointer } from './revisions.js';

const MAX_REF_HOPS = 32;
/** Keywords that hold no constraint of the node itself (definitions are reached through `$ref`). */
const NOT_COMPARED = new Set([...DOCUMENTATION_KEYWORDS, '$schema', '$id', 'id', '$defs', 'definitions', '$anchor', 'default']);

/** Confluent path (`#/properties/a`, `#/`) → JSON pointer tokens (`['properties', 'a']`, `[]`). */
function pathTokens(path: string): string[] | undefined {
  const pointer = pathToPointer(path);
  return parsePointer(pointer === '/' ? '' : pointer);
}

/**
 * Whether `node` stands for the schema its `$ref` names. Drafts 4–7 ignore a `$ref`'s siblings, so a
 * root `{"$ref": "#/definitions/Main", "type": "object", "properties": {}}` is `Main` (the compat engine
 * reads it that way, so must the locator); from 2019-09 on siblings apply, and a token the node itself
 * has is the node's own.
 */
function followsRef(node: JsonValue | undefined, token: string | undefined, legacyDraft: boolean): node is JsonObject {
  if (!isJsonObject(node) || typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) return false;
  return legacyDraft || token === undefined || !(token in node);
}

function refTarget(ref: string): string[] | undefined {
  try {
    return parsePointer(decodeURIComponent(ref.slice(1)));
  } catch {
    return undefined;
  }
}

/**
 * Rewrites a compat pointer to where it lives in the bundle (`/definitions/_shared.money/properties/amount`)
 * by following local refs on the way. Pointers that do not resolve are returned as far as they got.
 */
export function throughRefs(bundled: JsonObject, pointer: string): string {
  const tokens = parsePointer(pointer);
  if (!tokens) return pointer;
  const legacy = detectDraft(bundled) < 2019;
  let node: JsonValue | undefined = bundled;
  let at: string[] = [];
  for (const token of tokens) {
    for (let hops = 0; hops < MAX_REF_HOPS && followsRef(node, token, legacy); hops++) {
      const target = refTarget(node.$ref as string);
      if (!target) break;
      node = getAtPointer(bundled, toPointer(target));
      at = target;
    }
    const next: JsonValue | undefined = Array.isArray(node) ? node[Number(token)] : isJsonObject(node) ? node[token] : undefined;
    if (next === undefined) return toPointer([...at, token]);
    node = next;
    at = [...at, token];
  }
  return toPointer(at);
}

/** The schema at a compat path, with `$ref`s followed (also at the end); undefined when it does not resolve. */
function schemaAt(root: JsonObject, tokens: readonly string[]): JsonValue | undefined {
  const at = getAtPointer(root, throughRefs(root, toPointer(tokens)));
  return deref(root, at);
}

function deref(root: JsonObject, node: JsonValue | undefined): JsonValue | undefined {
  const legacy = detectDraft(root) < 2019;
  for (let hops = 0; hops < MAX_REF_HOPS; hops++) {
    // A 2019-09+ `$ref` with constraints beside it is a node of its own; one standing alone is its target.
    const alone = isJsonObject(node) && Object.keys(node).every((k) => k === '$ref' || NOT_COMPARED.has(k));
    if (!followsRef(node, undefined, legacy) || (!legacy && !alone)) return node;
    const target = refTarget(node.$ref as string);
    if (!target) return node;
    node = getAtPointer(root, toPointer(target));
  }
  return node;
}

/** Compared on schemas whose documentation keywords were stripped first (see detailPath). */
const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean =>
  a === undefined || b === undefined ? a === b : canonicalText(a) === canonicalText(b);

/** Keys (or indexes) under which two maps/arrays differ. */
function differing(
  a: JsonValue | undefined,
  b: JsonValue | undefined,
  keys: (v: JsonValue | undefined) => string[],
  child: (v: JsonValue | undefined, k: string) => JsonValue | undefined,
): string[] {
  const all = [...new Set([...keys(a), ...keys(b)])];
  return all.filter((k) => !same(child(a, k), child(b, k)));
}
const objectKeys = (v: JsonValue | undefined): string[] => (isJsonObject(v) ? Object.keys(v) : []);
const member = (v: JsonValue | undefined, k: string): JsonValue | undefined =>
  isJsonObject(v) && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
const indexes = (v: JsonValue | undefined): string[] => (Array.isArray(v) ? v.map((_x, i) => String(i)) : []);
const item = (v: JsonValue | undefined, k: string): JsonValue | undefined => (Array.isArray(v) ? v[Number(k)] : undefined);

/**
 * The deepest compat path below `path` where the previous and next schema differ: descends while exactly
 * one keyword, one property or one branch differs; a `required` change names the property
 * (`#/anyOf/0/required/count`), and with `keyword` a single differing plain keyword is named too
 * (`#/properties/status/enum`). Undefined when nothing deeper than `path` explains the change.
 */
export function detailPath(previousSchema: JsonObject, nextSchema: JsonObject, path: string, options: { keyword: boolean }): string | undefined {
  const start = pathTokens(path);
  if (!start) return undefined;
  // A description edit is no difference; stripping keeps the structure, so compat paths still resolve.
  const previous = stripDocumentation(previousSchema) as JsonObject;
  const next = stripDocumentation(nextSchema) as JsonObject;
  const tokens = [...start];
  let a = schemaAt(previous, tokens);
  let b = schemaAt(next, tokens);
  for (let depth = 0; depth < 64 && isJsonObject(a) && isJsonObject(b); depth++) {
    const keys = differing(a, b, (v) => objectKeys(v).filter((k) => !NOT_COMPARED.has(k) && k !== '$ref'), member);
    if (keys.length !== 1) break;
    const key = keys[0] as string;
    // A plain keyword (`enum`, `const`) is named only when asked: `TYPE_CHANGED` at a property says it already.
    const step =
      stepInto(key, member(a, key), member(b, key)) ??
      (options.keyword && !SCHEMA_KEYWORDS.has(key) && !SCHEMA_ARRAY_KEYWORDS.has(key) && !SCHEMA_MAP_KEYWORDS.has(key)
        ? { tokens: [], descend: false }
        : undefined);
    if (!step) break;
    tokens.push(key, ...step.tokens);
    if (!step.descend) break;
    a = schemaAt(previous, tokens);
    b = schemaAt(next, tokens);
  }
  if (tokens.length === start.length) return undefined;
  return `#${toPointer(tokens)}`;
}

/**
 * Where to go below the one differing keyword: the single changed property, branch or required name, or
 * into a differing subschema. Undefined (stop here) for a plain keyword such as `type` or `enum`, or when
 * several entries changed: the node itself is then the deepest place that explains the change.
 */
function stepInto(key: string, a: JsonValue | undefined, b: JsonValue | undefined): { tokens: string[]; descend: boolean } | undefined {
  if (key === 'required') {
    const names = differing(
      a,
      b,
      (v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []),
      (v, k) => (Array.isArray(v) && v.includes(k) ? true : undefined),
    );
    return names.length === 1 ? { tokens: [names[0] as string], descend: false } : undefined;
  }
  if (SCHEMA_MAP_KEYWORDS.has(key) || key === 'dependencies') {
    const names = differing(a, b, objectKeys, member);
    if (names.length !== 1) return undefined;
    const name = names[0] as string;
    return { tokens: [name], descend: member(a, name) !== undefined && member(b, name) !== undefined };
  }
  if (SCHEMA_ARRAY_KEYWORDS.has(key) || (key === 'items' && Array.isArray(a) && Array.isArray(b))) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return undefined;
    const changed = differing(a, b, indexes, item);
    return changed.length === 1 ? { tokens: [changed[0] as string], descend: true } : undefined;
  }
  if (SCHEMA_KEYWORDS.has(key) && isJsonObject(a) && isJsonObject(b)) return { tokens: [], descend: true };
  return undefined;
}

/**
 * A compat path in a reviewer's words: `#/properties/order/properties/total` → `order.total`,
 * `#/properties/tags/items` → `tags[]`, `#/properties/t/items/0` → `t[0]`,
 * `#/anyOf/0/required/count` → `anyOf[0].count`; the root is `the event data`. A trailing keyword is
 * dropped (`#/properties/name/maxLength` → `name`), or with `keyword` named (`` `enum` of `status` ``).
 */
export function fieldName(path: string, options: { keyword?: boolean } = {}): string {
  const tokens = pathTokens(path) ?? [];
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    const nextToken = tokens[i + 1];
    if ((t === 'properties' || t === 'required' || t === 'patternProperties' || t === 'dependencies') && nextToken !== undefined) {
      out += `${out ? '.' : ''}${t === 'patternProperties' ? `/${nextToken}/` : nextToken}`;
      i++;
    } else if ((t === 'items' || t === 'prefixItems') && nextToken !== undefined && /^\d+$/.test(nextToken)) {
      out += `[${nextToken}]`;
      i++;
    } else if (t === 'items' || t === 'additionalItems') {
      out += '[]';
    } else if (SCHEMA_ARRAY_KEYWORDS.has(t) && nextToken !== undefined) {
      out += `${out ? '.' : ''}${t}[${nextToken}]`;
      i++;
    } else if (t === 'additionalProperties') {
      out += `${out ? '.' : ''}*`;
    } else if (i === tokens.length - 1 && !SCHEMA_KEYWORDS.has(t)) {
      // A trailing keyword (`maxLength`, `enum`, `type`) names what changed, not which field.
      if (options.keyword) return `\`${t}\` of ${out ? `\`${out}\`` : 'the event data'}`;
    } else {
      out += `${out ? '.' : ''}${t}`;
    }
  }
  return out ? `\`${out}\`` : 'the event data';
}
