/**
 * The property tree of a bundled schema: what a reader of the event page sees instead of raw JSON.
 * Pure. Local `$ref`s are followed (cycles stop with a "see above" node); refs to inlined shared
 * definitions (`#/definitions/_shared.money`) are followed too and carry the shared definition's subject
 * so the page can link to it.
 */
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { fragmentToPointer, localRefTarget, unescapePointerToken } from '../core/json-pointer.js';

export interface TreeNode {
  /** Property name, `[]` for array items, `{*}` for additional properties, `one of #1` for alternatives. */
  name: string;
  /** `string`, `integer | null`, `object`, `array of string`, `const "x"` … */
  type: string;
  required: boolean;
  /** `format: uuid`, `1 ≤ length ≤ 32`, `enum: "a", "b"` … */
  constraints: string[];
  description?: string;
  deprecated?: boolean;
  /** Subject of the shared definition this node's schema comes from, e.g. `_shared.money`. */
  shared?: string;
  /** The ref was already expanded on this path (recursive schema). */
  recursive?: boolean;
  children: TreeNode[];
}

const MAX_DEPTH = 12;
const SHARED_PREFIX = /^\/(?:definitions|\$defs)\/(_[^/]*)$/;

/** Tree of the properties of `schema` (root = the bundle). */
export function propertyTree(root: JsonObject): TreeNode[] {
  return childrenOf(root, root, new Set(), 0);
}

interface Resolved {
  schema: JsonObject;
  shared?: string;
  recursive: boolean;
  seen: Set<string>;
}

function resolve(root: JsonObject, node: JsonValue | undefined, seen: ReadonlySet<string>): Resolved | undefined {
  let current = node;
  let shared: string | undefined;
  const path = new Set(seen);
  for (let hops = 0; hops < 32 && isJsonObject(current) && typeof current.$ref === 'string'; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#')) break;
    if (path.has(ref)) return { schema: current, recursive: true, seen: path, ...(shared ? { shared } : {}) };
    path.add(ref);
    const pointer = fragmentToPointer(ref.slice(1));
    const m = pointer === undefined ? null : SHARED_PREFIX.exec(pointer);
    if (m) shared = unescapePointerToken(m[1] as string);
    const target = localRefTarget(root, ref);
    if (target === undefined) break;
    current = target;
  }
  if (!isJsonObject(current)) return current === true || current === undefined ? { schema: {}, recursive: false, seen: path } : undefined;
  return { schema: current, recursive: false, seen: path, ...(shared ? { shared } : {}) };
}

function childrenOf(root: JsonObject, schema: JsonObject, seen: ReadonlySet<string>, depth: number): TreeNode[] {
  if (depth >= MAX_DEPTH) return [];
  const out: TreeNode[] = [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  if (isJsonObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) out.push(node(root, name, sub, required.has(name), seen, depth));
  }
  if (isJsonObject(schema.patternProperties)) {
    for (const [pattern, sub] of Object.entries(schema.patternProperties)) out.push(node(root, `/${pattern}/`, sub, false, seen, depth));
  }
  if (isJsonObject(schema.additionalProperties)) out.push(node(root, '{*}', schema.additionalProperties, false, seen, depth));
  if (isJsonObject(schema.items)) out.push(node(root, '[]', schema.items, false, seen, depth));
  if (Array.isArray(schema.prefixItems)) schema.prefixItems.forEach((s, i) => out.push(node(root, `[${i}]`, s, false, seen, depth)));
  if (Array.isArray(schema.items)) schema.items.forEach((s, i) => out.push(node(root, `[${i}]`, s, false, seen, depth)));
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    const label = keyword === 'allOf' ? 'all of' : keyword === 'anyOf' ? 'any of' : 'one of';
    list.forEach((s, i) => out.push(node(root, `${label} #${i + 1}`, s, false, seen, depth)));
  }
  return out;
}

function node(root: JsonObject, name: string, raw: JsonValue, required: boolean, seen: ReadonlySet<string>, depth: number): TreeNode {
  const r = resolve(root, raw, seen);
  if (!r) return { name, type: raw === false ? 'never' : 'any', required, constraints: [], children: [] };
  const s = r.schema;
  const n: TreeNode = { name, type: typeOf(root, s), required, constraints: constraints(s), children: [] };
  const description =
    typeof s.description === 'string' ? s.description : isJsonObject(raw) && typeof raw.description === 'string' ? raw.description : undefined;
  if (description !== undefined) n.description = description;
  if (s.deprecated === true) n.deprecated = true;
  if (r.shared) n.shared = r.shared;
  if (r.recursive) {
    n.recursive = true;
    return n;
  }
  n.children = childrenOf(root, s, r.seen, depth + 1);
  return n;
}

function typeOf(root: JsonObject, s: JsonObject): string {
  if (s.const !== undefined) return `const ${JSON.stringify(s.const)}`;
  const t = Array.isArray(s.type) ? s.type.filter((x): x is string => typeof x === 'string').join(' | ') : typeof s.type === 'string' ? s.type : '';
  if (t === 'array' && isJsonObject(s.items)) {
    const items = resolve(root, s.items, new Set());
    const inner = items ? typeOf(root, items.schema) : '';
    return inner ? `array of ${inner}` : 'array';
  }
  if (t) return t;
  if (Array.isArray(s.enum)) return 'enum';
  if (s.oneOf) return 'one of';
  if (s.anyOf) return 'any of';
  if (s.allOf) return 'all of';
  if (s.properties) return 'object';
  return 'any';
}

const BOUNDS: [string, string, string][] = [
  ['minLength', 'maxLength', 'length'],
  ['minItems', 'maxItems', 'items'],
  ['minProperties', 'maxProperties', 'properties'],
];

function constraints(s: JsonObject): string[] {
  const out: string[] = [];
  if (typeof s.format === 'string') out.push(`format: ${s.format}`);
  if (typeof s.pattern === 'string') out.push(`pattern: ${s.pattern}`);
  for (const [lo, hi, what] of BOUNDS) {
    const min = typeof s[lo] === 'number' ? s[lo] : undefined;
    const max = typeof s[hi] === 'number' ? s[hi] : undefined;
    if (min !== undefined && max !== undefined) out.push(`${min} ≤ ${what} ≤ ${max}`);
    else if (min !== undefined) out.push(`${what} ≥ ${min}`);
    else if (max !== undefined) out.push(`${what} ≤ ${max}`);
  }
  const low = typeof s.minimum === 'number' ? `${s.minimum} ≤ ` : typeof s.exclusiveMinimum === 'number' ? `${s.exclusiveMinimum} < ` : '';
  const high = typeof s.maximum === 'number' ? ` ≤ ${s.maximum}` : typeof s.exclusiveMaximum === 'number' ? ` < ${s.exclusiveMaximum}` : '';
  if (low || high) out.push(`${low}value${high}`);
  if (typeof s.multipleOf === 'number') out.push(`multiple of ${s.multipleOf}`);
  if (s.uniqueItems === true) out.push('unique items');
  if (Array.isArray(s.enum)) out.push(`one of: ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (s.default !== undefined) out.push(`default: ${JSON.stringify(s.default)}`);
  if (s.additionalProperties === false) out.push('closed (no other properties)');
  return out;
}
