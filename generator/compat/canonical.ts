/**
 * Structural equality of JSON values (everit compares schemas structurally): used for duplicate combined
 * branches, `const`, `default` and enum members. Numbers compare by value (0.5 equals 0.50 once parsed).
 * Iterative, so nesting depth cannot overflow the stack.
 */

const MAX_STEPS = 10_000_000;

/** A shared step allowance: `left` is decremented per compared pair. */
export interface Budget {
  left: number;
}

/** Exact deep equality of JSON values; returns at the first difference (or false when the budget runs out). */
export function jsonEquals(a: unknown, b: unknown, budget: Budget = { left: MAX_STEPS }): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (--budget.left < 0) return false; // huge or cyclic (non-JSON) input: call it different
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push(x[i], y[i]);
    } else {
      if (Array.isArray(y)) return false;
      const xo = x as Record<string, unknown>;
      const yo = y as Record<string, unknown>;
      let count = 0;
      for (const k in xo) {
        if (!Object.prototype.hasOwnProperty.call(yo, k)) return false;
        stack.push(xo[k], yo[k]);
        count++;
      }
      for (const _ in yo) count--;
      if (count !== 0) return false;
    }
  }
  return true;
}

/** A canonical string for small values (enum members): sorted keys. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return typeof value === 'number' ? (Number.isFinite(value) ? String(value) : 'null') : (JSON.stringify(value) ?? 'null');
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  const obj = value as Record<string, unknown>;
  return (
    '{' +
    Object.keys(obj)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + canonical(obj[k]))
      .join(',') +
    '}'
  );
}
