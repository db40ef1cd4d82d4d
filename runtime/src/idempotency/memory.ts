import { ConfigurationError } from '../errors.js';
import type { IdempotencyKey, IdempotencyStore } from './store.js';

export interface MemoryIdempotencyStoreOptions {
  /** Processed ids kept per consumer group; the oldest are forgotten first. @default 100_000 */
  maxEntries?: number;
  /** How long a processed id is remembered (at least; counted from the end of its handler). @default 86_400_000 (24 h) */
  ttlMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/**
 * One consumer group's ids, with the synchronous path the consumer takes (no promise, no key object, no string
 * built per message): begin() reserves the id until finish(); 'busy' means another delivery of the id is running
 * (the caller takes the async runOnce path, which waits for it).
 */
export interface MemoryGroupIds {
  begin(eventId: string): 'go' | 'duplicate' | 'busy';
  finish(eventId: string, processed: boolean): void;
}
export interface MemoryFastPath {
  forGroup(group: string): MemoryGroupIds;
}
export const MEMORY_FAST_PATH: unique symbol = Symbol('event-contracts.memory-idempotency');

/** The map value of an id whose delivery is running (expiry times are ≥ 0). */
const IN_FLIGHT = -1;

/**
 * Processed event ids in process memory: bounded (oldest forgotten first) and with a TTL. It protects against
 * redeliveries within one process lifetime (retries, rebalances, DLQ replays); it forgets everything on restart and
 * cannot make an effect and its mark atomic. Use the PostgreSQL store for effectively-once across crashes.
 */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): IdempotencyStore<undefined> {
  const maxEntries = options.maxEntries ?? 100_000;
  const ttlMs = options.ttlMs ?? 86_400_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new ConfigurationError(`maxEntries is ${String(maxEntries)}: the memory idempotency store needs an integer ≥ 1.`);
  }
  if (!(ttlMs > 0)) throw new ConfigurationError(`ttlMs is ${String(ttlMs)}: the memory idempotency store needs a TTL > 0.`);
  const groups = new Map<string, GroupIds>();
  const forGroup = (group: string): GroupIds => {
    let ids = groups.get(group);
    if (ids === undefined) groups.set(group, (ids = new GroupIds(maxEntries, ttlMs, now)));
    return ids;
  };

  async function runOnce(key: IdempotencyKey, effect: (tx: undefined) => Promise<void>): Promise<'processed' | 'duplicate'> {
    const ids = forGroup(key.group);
    const { eventId } = key;
    for (;;) {
      const state = ids.begin(eventId);
      if (state === 'duplicate') return 'duplicate';
      if (state === 'go') break;
      // Two deliveries of one id at once (two partitions, a replay racing the original): wait, then look again.
      await (ids.running.get(eventId) ?? new Promise((r) => setTimeout(r, 1))).catch(() => undefined);
    }
    const run = effect(undefined);
    ids.running.set(eventId, run);
    let processed = false;
    try {
      await run;
      processed = true;
    } finally {
      ids.running.delete(eventId);
      ids.finish(eventId, processed);
    }
    return 'processed';
  }

  const fast: MemoryFastPath = { forGroup };
  return { runOnce, close: async () => groups.clear(), [MEMORY_FAST_PATH]: fast } as IdempotencyStore<undefined>;
}

/**
 * One Map per group, keyed by the envelope's own eventId string (V8 caches a string's hash in the string, so the
 * begin/finish pair hashes it once) with the expiry time, or IN_FLIGHT while a delivery runs, as the value: three
 * hash operations per new event (get, set, update in place). Insertion order is (nearly) expiry order — one TTL
 * for all, counted when the handler ends — so eviction only ever looks at the oldest entries, and only when the
 * map is over its bound or the oldest known expiry has passed.
 */
class GroupIds implements MemoryGroupIds {
  readonly ids = new Map<string, number>();
  /** Promises of runOnce effects, for a concurrent runOnce of the same id to wait on. */
  readonly running = new Map<string, Promise<unknown>>();
  /** Expiry of the oldest processed entry (a lower bound after an eviction; Infinity when none is known). */
  private oldest = Infinity;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  begin(eventId: string): 'go' | 'duplicate' | 'busy' {
    const ids = this.ids;
    const state = ids.get(eventId);
    if (state !== undefined) {
      if (state === IN_FLIGHT) return 'busy';
      if (state > this.now()) return 'duplicate';
      ids.delete(eventId); // expired: re-inserted at the end, in expiry order
    }
    ids.set(eventId, IN_FLIGHT);
    if (ids.size > this.maxEntries) this.evictOverflow();
    return 'go';
  }

  finish(eventId: string, processed: boolean): void {
    if (!processed) {
      this.ids.delete(eventId);
      return;
    }
    const t = this.now();
    const expiresAt = t + this.ttlMs;
    this.ids.set(eventId, expiresAt); // an update in place: the entry keeps its position
    if (expiresAt < this.oldest) this.oldest = expiresAt;
    else if (this.oldest <= t) this.evictExpired(t);
  }

  /** Forgets the oldest processed ids until the map is within its bound (running deliveries are kept). */
  private evictOverflow(): void {
    const ids = this.ids;
    for (const [id, state] of ids) {
      if (ids.size <= this.maxEntries) return;
      if (state !== IN_FLIGHT) ids.delete(id);
    }
  }

  private evictExpired(t: number): void {
    const ids = this.ids;
    this.oldest = Infinity;
    for (const [id, state] of ids) {
      if (state === IN_FLIGHT) continue;
      if (state > t) {
        this.oldest = state;
        return;
      }
      ids.delete(id);
    }
  }
}
