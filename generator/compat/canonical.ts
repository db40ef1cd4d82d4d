/**
 * Structural identity of JSON values: a canonical string (sorted keys) cached per object, used for
 * duplicate subschemas (`CombinedSchemaDiff` de-duplicates with structural `equals`), enum sets,
 * `const`, `default` and the "unchanged subtree" fast path. Iterative, so any nesting depth is fine.
 */

const cache = new WeakMap<object, string>();

function leaf(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? 'null';
}

export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return leaf(value);
  const hit = cache.get(value);
  if (hit !== undefined) return hit;
  // Post-order walk with an explicit stack: children first, then the parent from its children's strings.
  const stack: Array<{ node: object; expanded: boolean }> = [{ node: value, expanded: false }];
  const visiting = new Set<object>([value]); // guards against object graphs with cycles (not JSON, but never hang)
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (cache.has(top.node)) {
      stack.pop();
      continue;
    }
    const children: unknown[] = Array.isArray(top.node) ? top.node : Object.values(top.node);
    if (!top.expanded) {
      top.expanded = true;
      for (const child of children) {
        if (child !== null && typeof child === 'object' && !cache.has(child) && !visiting.has(child)) {
          visiting.add(child);
          stack.push({ node: child, expanded: false });
        }
      }
      continue;
    }
    stack.pop();
    const str = (v: unknown) => (v !== null && typeof v === 'object' ? (cache.get(v) ?? 'null') : leaf(v));
    let out: string;
    if (Array.isArray(top.node)) {
      out = '[' + top.node.map(str).join(',') + ']';
    } else {
      const obj = top.node as Record<string, unknown>;
      out = '{' + Object.keys(obj).sort().map((k) => JSON.stringify(k) + ':' + str(obj[k])).join(',') + '}';
    }
    cache.set(top.node, out);
  }
  return cache.get(value) ?? 'null';
}

/** Deep equality of JSON values (numbers by value, so 0.5 equals 0.50 once parsed). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonical(a) === canonical(b);
}
