import { isJsonObject, type JsonObject, type JsonValue } from '../core/json.js';
import { escapePointerToken } from '../core/json-pointer.js';

/**
 * Turns a schema with references into one self-contained schema, as the compatibility engine
 * needs plain JSON. Each referenced schema (already self-contained) is embedded under
 * `$defs["<name>"]` of the root, and every `$ref` that points at a reference name
 * (`"money.json#/$defs/Money"`, also as a URI relative to the root's `$id`) is rewritten to a
 * local pointer. `$ref`s inside an embedded schema that were local to it are re-based.
 * Nothing is fetched: a `$ref` that matches no reference is left as it is.
 */
export function inlineReferences(root: JsonValue, referenced: ReadonlyMap<string, JsonValue>): JsonValue {
  if (referenced.size === 0 || !isJsonObject(root)) return root;
  const rootId = typeof root.$id === 'string' ? root.$id : undefined;
  const names = [...referenced.keys()];
  const target = (name: string) => `#/$defs/${escapePointerToken(name)}`;
  const rewriteExternal = (ref: string): string | undefined => {
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    if (base === '') return undefined;
    const name = matchReference(base, names, rootId);
    if (name === undefined || (fragment !== '' && !fragment.startsWith('/'))) return undefined;
    return target(name) + fragment;
  };
  const result = mapRefs(root, rewriteExternal) as JsonObject;
  const defs: JsonObject = isJsonObject(result.$defs) ? { ...result.$defs } : {};
  for (const [name, schema] of referenced) {
    const embedded = mapRefs(schema, (ref) => (ref.startsWith('#') ? target(name) + ref.slice(1) : rewriteExternal(ref)));
    if (isJsonObject(embedded)) {
      const { $id: _id, $schema: _schema, ...rest } = embedded;
      defs[name] = rest;
    } else {
      defs[name] = embedded;
    }
  }
  return { ...result, $defs: defs };
}

function matchReference(base: string, names: readonly string[], rootId: string | undefined): string | undefined {
  if (names.includes(base)) return base;
  const absolute = resolveUri(base, rootId);
  if (absolute !== undefined) {
    const byUri = names.find((n) => resolveUri(n, rootId) === absolute);
    if (byUri !== undefined) return byUri;
  }
  const last = base.split('/').pop();
  const byFile = names.filter((n) => n.split('/').pop() === last);
  return byFile.length === 1 ? byFile[0] : undefined;
}

function resolveUri(ref: string, base: string | undefined): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

/** Copies a JSON value, replacing each string `$ref` for which `rewrite` returns a new value. */
function mapRefs(value: JsonValue, rewrite: (ref: string) => string | undefined): JsonValue {
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, rewrite));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') out[key] = rewrite(child) ?? child;
    else out[key] = mapRefs(child, rewrite);
  }
  return out;
}
