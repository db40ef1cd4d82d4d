/**
 * Make a registered schema self-contained for the local compatibility engine: every schema it
 * references (transitively) is copied under `definitions` and `$ref`s are rewritten to local
 * pointers. Candidate and registered versions are bundled the same way, so the engine sees
 * identical paths for identical content (the registry resolves references the same way
 * before it diffs).
 */
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { mapRefs } from '../registration/index.js';

export interface ReferencedDocument {
  name: string;
  schema: JsonObject;
  /** The referenced document's own references. */
  references: { name: string; resolve: () => ReferencedDocument | undefined }[];
}

/** Key under `definitions` for a reference name: `_shared/money.json` → `ref:_shared.money.json`. */
export function bundleKey(name: string): string {
  return 'ref:' + name.replace(/[/~#%]/g, '.');
}

/**
 * Bundle `root` with its references. `resolveRoot(name)` gives the documents referenced by the
 * root; nested documents bring their own resolvers. Unknown names keep their `$ref` unchanged.
 */
export function bundleSchema(root: JsonObject, references: readonly { name: string; resolve: () => ReferencedDocument | undefined }[]): JsonObject {
  const definitions: JsonObject = {};
  const seen = new Set<string>();
  const rewrite = (schema: JsonValue, names: ReadonlySet<string>, localPrefix: string | undefined): JsonValue =>
    mapRefs(schema, (ref) => {
      const hash = ref.indexOf('#');
      const base = hash < 0 ? ref : ref.slice(0, hash);
      const fragment = hash < 0 ? '' : ref.slice(hash + 1);
      if (base === '')
        return localPrefix !== undefined && fragment.startsWith('/')
          ? `#${localPrefix}${fragment}`
          : localPrefix !== undefined && fragment === ''
            ? `#${localPrefix}`
            : undefined;
      if (!names.has(base)) return undefined;
      return `#/definitions/${bundleKey(base)}${fragment}`;
    });
  const visit = (refs: readonly { name: string; resolve: () => ReferencedDocument | undefined }[]): void => {
    for (const ref of refs) {
      if (seen.has(ref.name)) continue;
      seen.add(ref.name);
      const doc = ref.resolve();
      if (!doc) continue;
      const copy: JsonObject = { ...doc.schema };
      delete copy.$schema;
      delete copy.$id;
      const names = new Set(doc.references.map((r) => r.name));
      definitions[bundleKey(ref.name)] = rewrite(copy, names, `/definitions/${bundleKey(ref.name)}`);
      visit(doc.references);
    }
  };
  visit(references);
  const names = new Set(references.map((r) => r.name));
  const out = rewrite(root, names, undefined) as JsonObject;
  if (Object.keys(definitions).length === 0) return out;
  const existing = isJsonObject(out.definitions) ? out.definitions : {};
  return { ...out, definitions: { ...existing, ...definitions } };
}
