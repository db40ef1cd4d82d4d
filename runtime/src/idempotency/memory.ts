import { ConfigurationError } from '../errors.js';
import type { IdempotencyKey, IdempotencyStore } from './store.js';

export interface MemoryIdempotencyStoreOptions {
  /** Processed ids kept; the oldest are forgotten first. @default 100_000 */
  maxEntries?: number;
  /** How long a processed id is remembered. @default 86_400_000 (24 h) */
  ttlMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Processed event ids in process memory: bounded (oldest forgotten first) and with a TTL. It protects against
 * redeliveries within one process lifetime (retries, rebalances, DLQ replays); it forgets everything on restart and
 * cannot make an effect and its mark atomic. Use the PostgreSQL store for effectively-once across crashes.
 */
/**
 * The consumer's synchronous path into the memory store (no promise per message): 'go' reserves the id until
 * finish(); 'busy' means another delivery of the id is running (the caller takes the async runOnce path).
 */
export interface MemoryFastPath {
  tryBegin(key: IdempotencyKey): 'go' | 'duplicate' | 'busy';
  finish(key: IdempotencyKey, processed: boolean): void;
}
export const MEMORY_FAST_PATH: unique symbol = Symbol('event-contracts.memory-idempotency');

export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): IdempotencyStore<undefined> {
  const maxEntries = options.maxEntries ?? 100_000;
  const ttlMs = options.ttlMs ?? 86_400_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new ConfigurationError(`maxEntries is ${String(maxEntries)}: the memory idempotency store needs an integer ≥ 1.`);
  }
  if (!(ttlMs > 0)) throw new ConfigurationError(`ttlMs is ${String(ttlMs)}: the memory idempotency store needs a TTL > 0.`);
  // Insertion order is expiry order (one TTL for all), so eviction only ever looks at the oldest entries.
  const expiries = new Map<string, number>();
  // Two deliveries of one id at once (two partitions, a replay racing the original) run the effect once.
  const running = new Map<string, Promise<unknown>>();

  function evict(t: number): void {
    for (const [id, expiresAt] of expiries) {
      if (expiries.size <= maxEntries && expiresAt > t) break;
      expiries.delete(id);
    }
  }

  async function runOnce(key: IdempotencyKey, effect: (tx: undefined) => Promise<void>): Promise<'processed' | 'duplicate'> {
    const id = `${key.group}\u0000${key.eventId}`;
    for (;;) {
      const pending = running.get(id);
      if (pending === undefined && !reserved.has(id)) break;
      await (pending ?? new Promise((r) => setTimeout(r, 1))).catch(() => undefined);
    }
    const t = now();
    const expiresAt = expiries.get(id);
    if (expiresAt !== undefined && expiresAt > t) return 'duplicate';
    const run = effect(undefined);
    running.set(id, run);
    try {
      await run;
    } finally {
      running.delete(id);
    }
    expiries.delete(id);
    expiries.set(id, t + ttlMs);
    if (expiries.size > maxEntries || (expiries.values().next().value ?? Infinity) <= t) evict(t);
    return 'processed';
  }

  const reserved = new Set<string>();
  const fast: MemoryFastPath = {
    tryBegin(key) {
      const id = `${key.group}\u0000${key.eventId}`;
      if (running.has(id) || reserved.has(id)) return 'busy';
      const expiresAt = expiries.get(id);
      if (expiresAt !== undefined && expiresAt > now()) return 'duplicate';
      reserved.add(id);
      return 'go';
    },
    finish(key, processed) {
      const id = `${key.group}\u0000${key.eventId}`;
      reserved.delete(id);
      if (!processed) return;
      const t = now();
      expiries.delete(id);
      expiries.set(id, t + ttlMs);
      if (expiries.size > maxEntries || (expiries.values().next().value ?? Infinity) <= t) evict(t);
    },
  };
  return { runOnce, close: async () => expiries.clear(), [MEMORY_FAST_PATH]: fast } as IdempotencyStore<undefined>;
}
