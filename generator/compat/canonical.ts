/**
 * Structural identity of JSON values: a canonical string (sorted keys) cached per object, used for
 * duplicate subschemas (`CombinedSchemaDiff` de-duplicates with structural `equals`), enum sets,
 * `const` and `default`. Never throws: values nested deeper than the cap get a unique token, so
 * they compare unequal to everything (the safe answer for "did it change?").
 */

const MAX_DEPTH = 2000;
const cache = new WeakMap<object, string>();
let uniqueCounter = 0;

export function canonical(value: unknown): string {
  return canon(value, 0);
}

function canon(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
    if (value === undefined) return 'undefined';
    return JSON.stringify(value) ?? 'null';
  }
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  let out: string;
  if (depth > MAX_DEPTH) {
    out = `\u0000deep${uniqueCounter++}`;
  } else if (Array.isArray(value)) {
    out = '[' + value.map((v) => canon(v, depth + 1)).join(',') + ']';
  } else {
    const keys = Object.keys(value).sort();
    out = '{' + keys.map((k) => JSON.stringify(k) + ':' + canon((value as Record<string, unknown>)[k], depth + 1)).join(',') + '}';
  }
  cache.set(value, out);
  return out;
}

/** Deep equality of JSON values (numbers by value, so 0.5 equals 0.50 once parsed). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonical(a) === canonical(b);
}
