/** Dependency order of shared schemas: deterministic topological order and reference cycles. Pure. */
import { compareCodePoints as byCodePoint } from '../core/order.js';

/**
 * Kahn's algorithm with sorted tie-breaking (deterministic): dependencies before dependents.
 * Nodes on or behind a cycle are returned as `cyclic` groups (each a strongly connected component).
 */
export function topologicalOrder(nodes: readonly string[], deps: ReadonlyMap<string, readonly string[]>): { order: string[]; cyclic: string[][] } {
  const sorted = [...nodes].sort(byCodePoint);
  const remaining = new Map(sorted.map((n) => [n, (deps.get(n) ?? []).filter((d) => nodes.includes(d) && d !== n).length]));
  const dependents = new Map<string, string[]>();
  for (const n of sorted) for (const d of deps.get(n) ?? []) if (d !== n) dependents.set(d, [...(dependents.get(d) ?? []), n]);
  const order: string[] = [];
  const ready = sorted.filter((n) => remaining.get(n) === 0);
  while (ready.length > 0) {
    ready.sort(byCodePoint);
    const n = ready.shift() as string;
    order.push(n);
    for (const m of dependents.get(n) ?? []) {
      const left = (remaining.get(m) ?? 0) - 1;
      remaining.set(m, left);
      if (left === 0) ready.push(m);
    }
  }
  const left = sorted.filter((n) => !order.includes(n));
  const selfCycles = sorted.filter((n) => (deps.get(n) ?? []).includes(n)).map((n) => [n]);
  return { order: order.filter((n) => !selfCycles.some((c) => c[0] === n)), cyclic: [...stronglyConnected(left, deps), ...selfCycles] };
}

/** Strongly connected components of size > 1 among `nodes` (Tarjan), each sorted. */
function stronglyConnected(nodes: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of deps.get(v) ?? []) {
      if (!nodes.includes(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort(byCodePoint));
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out.sort((a, b) => byCodePoint(a[0] as string, b[0] as string));
}
