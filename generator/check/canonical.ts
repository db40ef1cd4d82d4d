import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { escapePointerToken } from '../core/json-pointer.js';
import { canonicalText, sha256 } from '../core/canonical-json.js';
import { compareCodePoints } from '../core/order.js';
import { SCHEMA_ARRAY_KEYWORDS as APPLICATOR_MANY, SCHEMA_KEYWORDS as APPLICATOR_ONE, SCHEMA_MAP_KEYWORDS as APPLICATOR_MAP } from '../core/schema-keywords.js';

/** Fingerprint of a schema revision: sha256 of its canonical text. */
export function schemaFingerprint(value: JsonValue): string {
  return sha256(canonicalText(value));
}

/**
 * Keywords that document a schema without changing which instances it accepts or how they are
 * read. A revision that differs from its predecessor only in these is a patch release.
 * `deprecated` and `x-sunset` are lifecycle notes for humans and for `check`'s deletion rule.
 */
export const DOCUMENTATION_KEYWORDS: ReadonlySet<string> = new Set(['title', 'description', 'examples', '$comment', 'x-owner', 'deprecated', 'x-sunset']);

/*
 * Where documentation is stripped and changes are located: the applicator keywords, except that
 * `dependencies` (names or schemas) and an `items` array are handled where they are read, and
 * `contentSchema` is not entered (it never was: a title inside it still makes a minor release).
 */
/** Keywords whose value is a map of name → subschema. */
export const SCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set(APPLICATOR_MAP.filter((k) => k !== 'dependencies'));
/** Keywords whose value is one subschema (or, for `items`, possibly an array of them). */
export const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set(APPLICATOR_ONE.filter((k) => k !== 'contentSchema'));
/** Keywords whose value is an array of subschemas. */
export const SCHEMA_ARRAY_KEYWORDS: ReadonlySet<string> = new Set(APPLICATOR_MANY.filter((k) => k !== 'items'));

/**
 * The schema with every documentation keyword removed, walking only schema positions: a property
 * *named* `title` under `properties` is kept, `enum`/`const`/`default` values are kept verbatim.
 */
export function stripDocumentation(schema: JsonValue): JsonValue {
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOCUMENTATION_KEYWORDS.has(key)) continue;
    if (SCHEMA_MAP_KEYWORDS.has(key) && isJsonObject(value)) {
      const map: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) map[name] = stripDocumentation(sub);
      out[key] = map;
    } else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map(stripDocumentation);
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = Array.isArray(value) ? value.map(stripDocumentation) : stripDocumentation(value);
    } else if (key === 'dependencies' && isJsonObject(value)) {
      const map: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) map[name] = Array.isArray(sub) ? sub : stripDocumentation(sub);
      out[key] = map;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Documentation keywords that differ between two schemas, as JSON-path-style locations (`#/properties/a/examples`). */
export function documentationChanges(previous: JsonValue, next: JsonValue, path = '#'): { keyword: string; path: string }[] {
  const out: { keyword: string; path: string }[] = [];
  if (!isJsonObject(previous) || !isJsonObject(next)) return out;
  for (const keyword of DOCUMENTATION_KEYWORDS) {
    const a = previous[keyword];
    const b = next[keyword];
    if (a === undefined && b === undefined) continue;
    if (a === undefined || b === undefined || canonicalText(a) !== canonicalText(b)) out.push({ keyword, path: `${path}/${keyword}` });
  }
  for (const key of Object.keys(next).sort(compareCodePoints)) {
    const a = previous[key];
    const b = next[key];
    if (a === undefined || b === undefined) continue;
    if (SCHEMA_MAP_KEYWORDS.has(key) && isJsonObject(a) && isJsonObject(b)) {
      for (const name of Object.keys(b).sort(compareCodePoints)) {
        if (a[name] !== undefined) out.push(...documentationChanges(a[name], b[name] as JsonValue, `${path}/${key}/${escapePointerToken(name)}`));
      }
    } else if ((SCHEMA_ARRAY_KEYWORDS.has(key) || SCHEMA_KEYWORDS.has(key)) && Array.isArray(a) && Array.isArray(b)) {
      b.forEach((sub, i) => {
        if (a[i] !== undefined) out.push(...documentationChanges(a[i] as JsonValue, sub, `${path}/${key}/${i}`));
      });
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out.push(...documentationChanges(a, b, `${path}/${key}`));
    }
  }
  return out;
}
