/**
 * Local `$ref` resolution, like Confluent's `SchemaDiff.normalizeSchema` (a reference is replaced by the
 * schema it refers to, so the diff sees through it). Supported: `#`, JSON pointers (`#/$defs/x`,
 * `#/definitions/x`, bridged both ways as Confluent bridges top-level `definitions` into `$defs`),
 * `$id`-identified subschemas and anchors within the document (`$anchor`, draft-6/7 `"$id": "#name"`), and
 * other documents passed as references (Confluent schema references: by `name`, `./name`, `mem://input/name` or an
 * absolute URI; a referenced document resolves its own `$ref`s against its name, normalised as `new URL` writes it).
 * Remote references are never fetched: they throw UnresolvedRefError, as Confluent throws on an unresolved ref.
 */
import { isJsonObject, type JsonObject } from '../core/json.js';
import { UnresolvedRefError } from './errors.js';
import { refOf, type SchemaDocument, type SchemaNode } from './model.js';
import { escapePointerToken, unescapePointerToken } from '../core/json-pointer.js';

interface DocIndex {
  /** Absolute URI (no fragment) → resource root. */
  resources: Map<string, unknown>;
  /** Absolute URI + '#' + anchor name → schema. */
  anchors: Map<string, unknown>;
  /** Each object holding a `$ref` → its base URI. */
  sites: Map<object, string>;
}

/** Keywords whose values are data, not schemas: never scanned for `$id`. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
const MAX_REF_HOPS = 64;

/** Indexes are pure functions of (root object, base URI): shared across comparisons of the same parsed schema. */
const indexCache = new WeakMap<object, Map<string, DocIndex>>();

function indexOf(doc: SchemaDocument): DocIndex {
  if (doc.index) return doc.index as DocIndex;
  const cacheable = typeof doc.root === 'object' && doc.root !== null;
  const cached = cacheable ? indexCache.get(doc.root as object)?.get(doc.baseUri) : undefined;
  if (cached) return (doc.index = cached);
  const index: DocIndex = { resources: new Map(), anchors: new Map(), sites: new Map() };
  index.resources.set(doc.baseUri, doc.root);
  const idKey = doc.draft === 4 ? 'id' : '$id';
  // Iterative walk (nesting depth cannot blow the stack); `values` and `bases` are parallel stacks.
  const values: unknown[] = [doc.root];
  const bases: string[] = [doc.baseUri];
  const seen = new Set<object>(); // JSON has no shared nodes; programmatic object graphs might (even cycles)
  while (values.length > 0) {
    const value = values.pop();
    const parentBase = bases.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const v of value) {
        if (typeof v === 'object' && v !== null) {
          values.push(v);
          bases.push(parentBase);
        }
      }
      continue;
    }
    const obj = value as JsonObject;
    let base = parentBase;
    const id = obj[idKey];
    if (typeof id === 'string') {
      const abs = resolveUri(id, parentBase);
      if (abs !== undefined) {
        const [uri, fragment] = splitFragment(abs);
        if (id.startsWith('#')) {
          if (fragment) index.anchors.set(`${uri}#${fragment}`, obj);
        } else {
          base = uri;
          if (!index.resources.has(uri)) index.resources.set(uri, obj);
          if (fragment) index.anchors.set(`${uri}#${fragment}`, obj);
        }
      }
    }
    if (typeof obj.$anchor === 'string') index.anchors.set(`${base}#${obj.$anchor}`, obj);
    if (typeof obj.$dynamicAnchor === 'string' && !index.anchors.has(`${base}#${obj.$dynamicAnchor}`)) index.anchors.set(`${base}#${obj.$dynamicAnchor}`, obj);
    if (refOf(obj, doc.draft) !== undefined) index.sites.set(obj, base);
    for (const key in obj) {
      const child = obj[key];
      if (typeof child === 'object' && child !== null && !DATA_KEYWORDS.has(key)) {
        values.push(child);
        bases.push(base);
      }
    }
  }
  doc.index = index;
  if (cacheable) {
    let byBase = indexCache.get(doc.root as object);
    if (!byBase) indexCache.set(doc.root as object, (byBase = new Map()));
    byBase.set(doc.baseUri, index);
  }
  return index;
}

/**
 * Resolves every `$ref` of a document up front, as Confluent does when it loads a schema (an unresolvable
 * reference makes the schema invalid, whether or not the diff would reach it). Throws UnresolvedRefError.
 */
export function validateRefs(doc: SchemaDocument): void {
  const sites = indexOf(doc).sites;
  doc.hasRefs = sites.size > 0;
  for (const site of sites.keys()) normalize(resolveTarget(doc, site as JsonObject));
}

/** Follows `$ref` nodes until a non-reference schema (Confluent `normalizeSchema`). */
export function normalize(node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.kind === 'ref'; hops++) {
    if (hops >= MAX_REF_HOPS) {
      throw new UnresolvedRefError(
        String(refOf(node.raw!, node.doc.draft)),
        node.doc.side.label,
        pointerTo(node.doc.root, node.raw!),
        'the reference chain loops without reaching a schema',
        node.doc.referenceName,
      );
    }
    current = current.target ??= resolveTarget(current.doc, current.raw!);
  }
  return current;
}

/** One hop: the schema a `$ref` object points at (which may itself be a reference). */
function resolveTarget(doc: SchemaDocument, raw: JsonObject): SchemaNode {
  const ref = String(refOf(raw, doc.draft));
  const base = indexOf(doc).sites.get(raw) ?? doc.baseUri;
  const fail = (reason: string): never => {
    throw new UnresolvedRefError(ref, doc.side.label, pointerTo(doc.root, raw), reason, doc.referenceName);
  };
  const abs = resolveUri(ref, base);
  if (abs === undefined) return fail('it is not a valid URI reference');
  const [uri, fragment] = splitFragment(abs);
  let targetDoc = doc;
  let resource = indexOf(doc).resources.get(uri);
  if (resource === undefined) {
    const written = ref.split('#')[0] ?? '';
    const external = doc.side.lookupReference(uri, written);
    if (!external)
      return fail(
        /^[a-z][a-z0-9+.-]*:\/\//i.test(written)
          ? 'remote references are not fetched and no reference with that name was supplied'
          : 'no such document among the supplied references',
      );
    targetDoc = external;
    const extIndex = indexOf(external);
    resource = extIndex.resources.get(uri) ?? external.root;
  }
  let target: unknown;
  if (fragment === '') target = resource;
  else if (fragment.startsWith('/')) target = followPointer(resource, fragment);
  else target = indexOf(targetDoc).anchors.get(`${uri}#${fragment}`) ?? indexOf(targetDoc).anchors.get(`${targetDoc.baseUri}#${fragment}`);
  if (target === undefined) return fail(fragment.startsWith('/') ? `nothing at \`#${fragment}\`` : `no anchor named "${fragment}"`);
  if (typeof target !== 'boolean' && !isJsonObject(target)) return fail('it points at a value that is not a schema');
  return targetDoc.node(target);
}

/** JSON pointer of `target` inside `root` (only computed for error messages). */
function pointerTo(root: unknown, target: object): string {
  const stack: Array<[unknown, string]> = [[root, '']];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const [value, pointer] = stack.pop()!;
    if (value === target) return pointer;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    for (const [k, v] of Object.entries(value)) stack.push([v, `${pointer}/${escapePointerToken(k)}`]);
  }
  return '';
}

function followPointer(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  const segments = pointer.split('/').slice(1).map(unescapePointerToken);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(seg)) return undefined;
      current = current[Number(seg)];
    } else if (isJsonObject(current)) {
      if (Object.prototype.hasOwnProperty.call(current, seg)) current = current[seg];
      else if (seg === '$defs' && isJsonObject(current.definitions)) current = current.definitions;
      else if (seg === 'definitions' && isJsonObject(current.$defs)) current = current.$defs;
      else return undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

export function resolveUri(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

function splitFragment(uri: string): [string, string] {
  const i = uri.indexOf('#');
  if (i < 0) return [uri, ''];
  let fragment = uri.slice(i + 1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // keep it encoded
  }
  return [uri.slice(0, i), fragment];
}
