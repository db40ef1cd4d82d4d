/**
 * Key-sorted canonical JSON, the one meaning of "canonical" outside the registry's wire form: object keys
 * in code-point order at every depth, arrays in order, no insignificant whitespace. Two values with the
 * same canonical text are the same (fingerprints, lock revisions, the text we register).
 * (The embedded registry's `registry-server/canonical.ts` is Confluent's form, which keeps the author's key
 * order; compat's `jsonEquals` is structural equality. Neither is this.)
 */
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from './json.js';
import { isJsonObject } from './json.js';
import { compareCodePoints } from './order.js';

/** A copy of `value` with object keys sorted at every depth (arrays in order). */
export function canonicalize<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => canonicalize(v)) as T;
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort(compareCodePoints)) out[key] = canonicalize(value[key] as JsonValue);
    return out as T;
  }
  return value;
}

/** Canonical JSON text (key-sorted, compact), written in one pass without copying the value. */
export function canonicalText(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalText(value[i] as JsonValue);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort(compareCodePoints);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    out += `${i ? ',' : ''}${JSON.stringify(key)}:${canonicalText(value[key] as JsonValue)}`;
  }
  return `${out}}`;
}

/** `sha256:<hex>` of a text. */
export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
