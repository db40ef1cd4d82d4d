import type { JsonObject, JsonValue } from './json.js';
import { isJsonObject } from './json.js';
import { escapePointerToken } from './json-pointer.js';
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './schema-keywords.js';

export interface SchemaVisit {
  schema: JsonObject;
  /** JSON pointer of this subschema inside its file. */
  pointer: string;
  /** Keyword this subschema sits under (`properties`, `items`, …); '' for the root. */
  keyword: string;
  /** The subschema that contains this one (undefined for the root). */
  parent?: JsonObject;
  /** Pointer of `parent`. */
  parentPointer?: string;
  depth: number;
}

/**
 * Visit every object subschema of `schema` in document order (draft-agnostic: every applicator
 * keyword of every supported draft). Data positions (`examples`, `default`, `const`, `enum`)
 * are not entered, so a property named `tsType` or an example with `$ref` is not a schema.
 * Return `false` from the visitor to skip the subtree.
 */
export function walkSchema(schema: JsonValue, visit: (v: SchemaVisit) => void | false, pointer = ''): void {
  const stack: SchemaVisit[] = [];
  if (isJsonObject(schema)) stack.push({ schema, pointer, keyword: '', depth: 0 });
  // Iterative (explicit stack, reversed pushes keep document order): no recursion limit on hostile input.
  while (stack.length > 0) {
    const current = stack.pop() as SchemaVisit;
    if (visit(current) === false) continue;
    const children: SchemaVisit[] = [];
    const { schema: s, pointer: p, depth } = current;
    const push = (value: JsonValue | undefined, ptr: string, keyword: string) => {
      if (isJsonObject(value)) children.push({ schema: value, pointer: ptr, keyword, parent: s, parentPointer: p, depth: depth + 1 });
    };
    for (const key of Object.keys(s)) {
      const value = s[key];
      if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) push(value, `${p}/${escapePointerToken(key)}`, key);
      if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value)) {
        value.forEach((item, i) => push(item, `${p}/${escapePointerToken(key)}/${i}`, key));
      }
      if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isJsonObject(value)) {
        for (const name of Object.keys(value)) push(value[name], `${p}/${escapePointerToken(key)}/${escapePointerToken(name)}`, key);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as SchemaVisit);
  }
}

/** Deep copy that keeps keys such as `__proto__` as own data properties. */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, { value: cloneJson(value[key] as JsonValue), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}

/** Set an own data property (safe for any key, including `__proto__`). */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}
