/**
 * The one string order of the tool: code-point order (what `<` does on UTF-16 code units), never
 * locale-aware, so every sorted output (lock, generated files, reports) is byte-identical on every machine.
 */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Comparator on one string field of the values: `events.sort(byField('eventType'))`. */
export function byField<K extends string>(key: K): (a: { readonly [P in K]: string }, b: { readonly [P in K]: string }) => number {
  return (a, b) => compareCodePoints(a[key], b[key]);
}

/** Comparator on the keys of `[key, value]` entries: `new Map([...map].sort(byEntryKey))`. */
export function byEntryKey(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return compareCodePoints(a[0], b[0]);
}
