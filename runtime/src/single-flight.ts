/**
 * One request per key at a time: a caller for a key whose request is running gets the same promise. The key is
 * dropped when the request settles, either way, so a failure is never cached and the next call asks again; the
 * caller caches successes itself (in `start`'s own `.then`, which runs before the key is dropped).
 */
export function singleFlight<K, V>(inFlight: Map<K, Promise<V>>, key: K, start: () => Promise<V>): Promise<V> {
  const pending = inFlight.get(key);
  if (pending) return pending;
  const p = start().then(
    (value) => {
      inFlight.delete(key);
      return value;
    },
    (error: unknown) => {
      inFlight.delete(key);
      throw error;
    },
  );
  inFlight.set(key, p);
  return p;
}
