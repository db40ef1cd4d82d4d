import { isJsonObject, type JsonObject, type JsonValue } from '../core/json.js';
import { escapePointerToken } from '../core/json-pointer.js';

/**
 * Turns a schema with references into one self-contained schema, as the compatibility engine
 * needs plain JSON. Each distinct referenced schema (already self-contained) is embedded once,
 * under `$defs["<name>"]` of the first name that refers to it; every `$ref` that points at a
 * reference name (`"money.json#/$defs/Money"`, also as a URI relative to the root's `$id`, or by
 * file name) is rewritten to a local pointer into that one copy, and the other names get a
 * one-line alias (`{"$ref": "#/$defs/<first>"}`). So a request listing 2,000 names for one schema
 * costs one copy, not 2,000 (issue 9). Copies are copy-on-write: subtrees without a `$ref` to
 * rewrite are shared with the cached referenced schema, not duplicated.
 * `$ref`s inside an embedded schema that were local to it are re-based.
 * Nothing is fetched: a `$ref` that matches no reference is left as it is.
 */
export function inlineReferences(root: JsonValue, referenced: ReadonlyMap<string, JsonValue>): JsonValue {
  if (referenced.size === 0 || !isJsonObject(root)) return root;
  const rootId = typeof root.$id === 'string' ? root.$id : undefined;
  const firstNameOf = new Map<JsonValue, string>();
  const canonical = new Map<string, string>();
  for (const [name, schema] of referenced) {
    if (!firstNameOf.has(schema)) firstNameOf.set(schema, name);
    canonical.set(name, firstNameOf.get(schema) as string);
  }
  const names = new NameIndex([...referenced.keys()], rootId);
  const target = (name: string) => `#/$defs/${escapePointerToken(canonical.get(name) ?? name)}`;
  const rewriteExternal = (ref: string): string | undefined => {
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    if (base === '') return undefined;
    const name = names.match(base);
    if (name === undefined || (fragment !== '' && !fragment.startsWith('/'))) return undefined;
    return target(name) + fragment;
  };
  const result = mapRefs(root, rewriteExternal) as JsonObject;
  const defs: JsonObject = isJsonObject(result.$defs) ? { ...result.$defs } : {};
  for (const [name, schema] of referenced) {
    if (canonical.get(name) !== name) {
      defs[name] = { $ref: target(name) };
      continue;
    }
    const embedded = mapRefs(schema, (ref) => (ref.startsWith('#') ? target(name) + ref.slice(1) : rewriteExternal(ref)));
    if (isJsonObject(embedded) && ('$id' in embedded || '$schema' in embedded)) {
      const { $id: _id, $schema: _schema, ...rest } = embedded;
      defs[name] = rest;
    } else {
      defs[name] = embedded;
    }
  }
  return { ...result, $defs: defs };
}

/** Finds the reference a `$ref` base names, in constant time per `$ref` (a request may list hundreds). */
class NameIndex {
  private readonly exact: Set<string>;
  private readonly byUri = new Map<string, string>();
  private readonly byFile = new Map<string, string[]>();

  constructor(
    names: readonly string[],
    private readonly rootId: string | undefined,
  ) {
    this.exact = new Set(names);
    for (const name of names) {
      const absolute = resolveUri(name, rootId);
      if (absolute !== undefined && !this.byUri.has(absolute)) this.byUri.set(absolute, name);
      const file = name.split('/').pop() as string;
      this.byFile.set(file, [...(this.byFile.get(file) ?? []), name]);
    }
  }

  match(base: string): string | undefined {
    if (this.exact.has(base)) return base;
    const absolute = resolveUri(base, this.rootId);
    const byUri = absolute === undefined ? undefined : this.byUri.get(absolute);
    if (byUri !== undefined) return byUri;
    const byFile = this.byFile.get(base.split('/').pop() as string) ?? [];
    return byFile.length === 1 ? byFile[0] : undefined;
  }
}

function resolveUri(ref: string, base: string | undefined): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

/**
 * A JSON value with each string `$ref` for which `rewrite` returns a new value replaced.
 * Copy-on-write: a subtree with nothing to rewrite is returned as it is (shared, never mutated).
 */
function mapRefs(value: JsonValue, rewrite: (ref: string) => string | undefined): JsonValue {
  if (Array.isArray(value)) {
    let out: JsonValue[] | undefined;
    value.forEach((item, i) => {
      const mapped = mapRefs(item, rewrite);
      if (mapped !== item) (out ??= value.slice())[i] = mapped;
    });
    return out ?? value;
  }
  if (!isJsonObject(value)) return value;
  let out: JsonObject | undefined;
  for (const key in value) {
    const child = value[key] as JsonValue;
    const mapped = key === '$ref' && typeof child === 'string' ? (rewrite(child) ?? child) : mapRefs(child, rewrite);
    // defineProperty: a plain assignment to "__proto__" (a legal JSON key) would set the prototype.
    if (mapped !== child) Object.defineProperty((out ??= { ...value }), key, { value: mapped, enumerable: true, writable: true, configurable: true });
  }
  return out ?? value;
}
