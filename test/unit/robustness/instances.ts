/**
 * A small instance generator for the robustness suite: from a bundled schema (local refs only),
 * one sample that tries to be valid (first branch of every choice, declared properties only), and
 * deterministic mutations of it: a value replaced by one of another type, a property removed, an
 * undeclared property added. Nothing random, so a failure reproduces.
 */
import type { JsonObject, JsonValue } from '../../../generator/core/json.js';
import { isJsonObject } from '../../../generator/core/json.js';
import { getAtPointer, toPointer } from '../../../generator/core/json-pointer.js';

/** The name added where an undeclared property is wanted (no schema here declares it). */
export const UNDECLARED = 'zzUndeclaredProperty';

export interface Instance {
  doc: JsonValue;
  /** How it was made: `sample`, `type@/a/b`, `drop@/a/b`, `extra@/a`. */
  how: string;
  /** For `extra` instances: the instance the undeclared property was added to. */
  base?: JsonValue;
}

const FORMATS: Record<string, string> = {
  'date-time': '2024-01-02T03:04:05Z',
  date: '2024-01-02',
  time: '03:04:05Z',
  uuid: '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f',
  email: 'ada@example.com',
  'idn-email': 'ada@example.com',
  uri: 'https://example.com/a',
  'uri-reference': '/a',
  iri: 'https://example.com/a',
  url: 'https://example.com/a',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  regex: '^a$',
  'json-pointer': '/a',
  'relative-json-pointer': '0',
  duration: 'P1D',
  'uri-template': '/a/{b}',
  byte: 'YQ==',
};

/** Instances for one schema: the sample, then mutations, at most `limit` in all. */
export function instancesOf(root: JsonObject, limit: number): Instance[] {
  const sample = sampleOf(root, root, 0, new Set());
  const out: Instance[] = [{ doc: sample, how: 'sample' }];
  for (const [pointer, value] of valuesOf(sample, '')) {
    if (out.length >= limit) break;
    out.push({ doc: replaceAt(sample, pointer, otherType(value)), how: `type@${pointer || '/'}` });
    if (isJsonObject(value)) {
      out.push({ doc: replaceAt(sample, pointer, { ...value, [UNDECLARED]: 'x' }), how: `extra@${pointer || '/'}`, base: sample });
      for (const key of Object.keys(value).slice(0, 3)) {
        const copy = { ...value };
        delete copy[key];
        out.push({ doc: replaceAt(sample, pointer, copy), how: `drop@${pointer}/${key}` });
      }
    }
  }
  return out.slice(0, limit);
}

function otherType(value: JsonValue): JsonValue {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'true';
  if (value === null) return 1;
  return 'not a container';
}

/** Every value of a document with its pointer, parents first. */
function valuesOf(doc: JsonValue, pointer: string): [string, JsonValue][] {
  const out: [string, JsonValue][] = [[pointer, doc]];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...valuesOf(v, `${pointer}/${i}`)));
  else if (isJsonObject(doc)) for (const k of Object.keys(doc)) out.push(...valuesOf(doc[k]!, `${pointer}${toPointer([k])}`));
  return out;
}

function replaceAt(doc: JsonValue, pointer: string, value: JsonValue): JsonValue {
  if (pointer === '') return value;
  const copy = structuredClone(doc);
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens.pop()!;
  const parent = getAtPointer(copy, toPointer(tokens)) as JsonObject | JsonValue[];
  (parent as Record<string, JsonValue>)[last] = value;
  return copy;
}

/** Resolves local refs (`#…`) and flattens `allOf` and the first `anyOf`/`oneOf` branch into one schema. */
function flatten(schema: JsonValue, root: JsonObject, seen: Set<string>, depth = 0): JsonObject {
  if (!isJsonObject(schema) || depth > 16) return {};
  let out: JsonObject = { ...schema };
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#') && !seen.has(out.$ref)) {
    const target = getAtPointer(root, decodeURIComponent(out.$ref.slice(1)));
    const rest = { ...out };
    delete rest.$ref;
    out = merge(flatten(target ?? {}, root, new Set([...seen, out.$ref]), depth + 1), rest);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = out[key];
    if (!Array.isArray(list)) continue;
    delete out[key];
    for (const part of key === 'allOf' ? list : list.slice(0, 1)) out = merge(out, flatten(part, root, seen, depth + 1));
  }
  return out;
}

function merge(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a, ...b };
  if (isJsonObject(a.properties) && isJsonObject(b.properties)) out.properties = { ...a.properties, ...b.properties };
  if (Array.isArray(a.required) && Array.isArray(b.required)) out.required = [...new Set([...a.required, ...b.required])];
  return out;
}

function sampleOf(schema: JsonValue, root: JsonObject, depth: number, seen: Set<string>): JsonValue {
  if (schema === true || schema === undefined) return 'x';
  const s = flatten(schema, root, seen);
  if ('const' in s) return s.const!;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.find((v) => v !== null) ?? s.enum[0]!;
  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : [inferType(s)];
  const type = types.find((t) => t !== 'null') ?? 'null';
  if (depth > 6) return type === 'null' ? null : type === 'array' ? [] : type === 'object' ? {} : type === 'string' ? 'x' : type === 'boolean' ? true : 1;
  switch (type) {
    case 'object': {
      const out: JsonObject = {};
      const props = isJsonObject(s.properties) ? s.properties : {};
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      // Required properties always; optional ones too near the top (more to mutate), not deep (recursion).
      for (const key of Object.keys(props)) {
        if (props[key] === false || (!required.includes(key) && depth > 2)) continue;
        Object.defineProperty(out, key, { value: sampleOf(props[key]!, root, depth + 1, seen), enumerable: true, writable: true, configurable: true });
      }
      for (const key of required) if (!(key in out)) out[key] = 'x';
      return out;
    }
    case 'array': {
      if (Array.isArray(s.items)) return s.items.map((item) => sampleOf(item, root, depth + 1, seen));
      if (Array.isArray(s.prefixItems)) return s.prefixItems.map((item) => sampleOf(item, root, depth + 1, seen));
      const n = Math.max(typeof s.minItems === 'number' ? s.minItems : 1, 1);
      if (typeof s.maxItems === 'number' && s.maxItems === 0) return [];
      return Array.from({ length: Math.min(n, 3) }, () => sampleOf(s.items ?? {}, root, depth + 1, seen));
    }
    case 'string': {
      if (typeof s.format === 'string' && FORMATS[s.format]) return FORMATS[s.format]!;
      const min = typeof s.minLength === 'number' ? s.minLength : 1;
      const max = typeof s.maxLength === 'number' ? s.maxLength : Math.max(min, 8);
      return 'x'.repeat(Math.min(Math.max(min, 1), max));
    }
    case 'integer':
    case 'number':
      return numberOf(s, type === 'integer');
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function inferType(s: JsonObject): string {
  if (isJsonObject(s.properties) || Array.isArray(s.required) || isJsonObject(s.patternProperties)) return 'object';
  if (s.items !== undefined || s.prefixItems !== undefined) return 'array';
  if (s.minLength !== undefined || s.maxLength !== undefined || s.pattern !== undefined || s.format !== undefined) return 'string';
  if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined) return 'number';
  return 'string';
}

function numberOf(s: JsonObject, integer: boolean): number {
  const num = (v: JsonValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  let low = num(s.minimum) ?? (num(s.exclusiveMinimum) !== undefined ? num(s.exclusiveMinimum)! + 1 : undefined);
  if (s.exclusiveMinimum === true && low !== undefined) low += 1;
  const high = num(s.maximum) ?? num(s.exclusiveMaximum);
  let value = low ?? (high !== undefined ? Math.min(high - (s.exclusiveMaximum === true || num(s.exclusiveMaximum) !== undefined ? 1 : 0), 1) : 1);
  if (high !== undefined && value >= high && (s.exclusiveMaximum === true || num(s.exclusiveMaximum) !== undefined)) value = high - (integer ? 1 : 0.5);
  const step = num(s.multipleOf);
  if (step) value = Math.ceil(value / step) * step;
  return integer ? Math.ceil(value) : value;
}
