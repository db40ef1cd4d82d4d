/**
 * Structural identity of JSON values without building big strings: a 32-bit structural hash cached per
 * object (computed once, bottom-up, iteratively) plus an exact deep equality that prunes with it. Used for
 * the "unchanged subtree" fast path, duplicate combined branches (Confluent de-duplicates with structural
 * `equals`), `const`, `default` and enum values. Numbers compare by value (0.5 equals 0.50 once parsed).
 */

const hashes = new WeakMap<object, number>();

function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

function leafHash(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return mixString(0x811c9dc5, 'n' + (Number.isFinite(v) ? String(v) : 'null'));
    case 'string':
      return mixString(0x811c9dc5, 's' + v);
    case 'boolean':
      return v ? 0x51ed27 : 0x2f6b1c;
    default:
      return 0x1b873593;
  }
}

const childHash = (v: unknown): number => (v !== null && typeof v === 'object' ? (hashes.get(v) ?? 0) : leafHash(v));

/** Structural hash of a JSON value (key order does not matter). */
export function structuralHash(value: unknown): number {
  if (value === null || typeof value !== 'object') return leafHash(value);
  const hit = hashes.get(value);
  if (hit !== undefined) return hit;
  const stack: Array<{ node: object; expanded: boolean }> = [{ node: value, expanded: false }];
  const visiting = new Set<object>([value]); // object graphs with cycles are not JSON, but must not hang
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (!top.expanded) {
      top.expanded = true;
      for (const child of Array.isArray(top.node) ? top.node : Object.values(top.node)) {
        if (child !== null && typeof child === 'object' && !hashes.has(child) && !visiting.has(child)) {
          visiting.add(child);
          stack.push({ node: child, expanded: false });
        }
      }
      continue;
    }
    stack.pop();
    let h: number;
    if (Array.isArray(top.node)) {
      h = 0x9e3779b1;
      for (const child of top.node) h = Math.imul(h ^ childHash(child), 0x01000193) + 0x7f4a7c15;
    } else {
      // Order-independent over entries: sum of per-entry hashes.
      const obj = top.node as Record<string, unknown>;
      h = 0x85ebca6b;
      for (const key of Object.keys(obj)) h = (h + Math.imul(mixString(0x811c9dc5, key) ^ childHash(obj[key]), 0x27d4eb2d)) | 0;
    }
    hashes.set(top.node, h | 0);
  }
  return hashes.get(value) ?? 0;
}

/** Exact deep equality of JSON values; iterative, pruned by the structural hash. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  const stack: Array<[unknown, unknown]> = [[a, b]];
  let steps = 0;
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (structuralHash(x) !== structuralHash(y)) return false;
    if (++steps > 1_000_000) return false; // pathological (cyclic) input: call it different
    if (Array.isArray(x)) {
      const ya = y as unknown[];
      if (x.length !== ya.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], ya[i]]);
    } else {
      const xo = x as Record<string, unknown>;
      const yo = y as Record<string, unknown>;
      const keys = Object.keys(xo);
      if (keys.length !== Object.keys(yo).length) return false;
      for (const k of keys) {
        if (!Object.prototype.hasOwnProperty.call(yo, k)) return false;
        stack.push([xo[k], yo[k]]);
      }
    }
  }
  return true;
}

/** A canonical string for small values (enum members): sorted keys. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value === 'number' ? (Number.isFinite(value) ? String(value) : 'null') : (JSON.stringify(value) ?? 'null');
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  const obj = value as Record<string, unknown>;
  return '{' + Object.keys(obj).sort().map((k) => JSON.stringify(k) + ':' + canonical(obj[k])).join(',') + '}';
}
