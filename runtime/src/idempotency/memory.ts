import { ConfigurationError } from '../errors.js';
import { IdTable } from './id-table.js';
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
      await ids.finished(eventId);
    }
    let processed = false;
    try {
      await effect(undefined);
      processed = true;
    } finally {
      ids.finish(eventId, processed);
    }
    return 'processed';
  }

  const fast: MemoryFastPath = { forGroup };
  return { runOnce, close: async () => groups.clear(), [MEMORY_FAST_PATH]: fast } as IdempotencyStore<undefined>;
}

/**
 * One table per group (`IdTable`: the ids without a heap object per id) with the expiry time, or IN_FLIGHT while a
 * delivery runs, as the value. Insertion order is (nearly) expiry order — one TTL for all, counted when the handler
 * ends — so eviction only ever looks at the oldest entries, and only when the table is over its bound or the oldest
 * known expiry has passed.
 */
class GroupIds implements MemoryGroupIds {
  private readonly table: IdTable;
  /** Wakes the deliveries waiting for a running one of the same id to finish (see finished()). */
  private readonly waiters = new Map<string, () => void>();
  private readonly waiting = new Map<string, Promise<void>>();
  /** Expiry of the oldest processed entry (a lower bound after an eviction; Infinity when none is known). */
  private oldest = Infinity;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    // Room for the bound at once, up to 8 MiB (growing while the first ids arrive costs the consumer ~5 %); a larger
    // bound is reached by doubling.
    this.table = new IdTable(Math.min(2 * maxEntries, 1 << 18));
  }

  begin(eventId: string): 'go' | 'duplicate' | 'busy' {
    const table = this.table;
    const slot = table.lookup(eventId);
    if (slot >= 0) {
      const state = table.value(slot);
      if (state === IN_FLIGHT) return 'busy';
      if (state > this.now()) return 'duplicate';
      table.remove(slot); // expired: re-inserted as the newest, in expiry order
    }
    table.insert(IN_FLIGHT);
    if (table.size > this.maxEntries) this.evictOverflow();
    return 'go';
  }

  finish(eventId: string, processed: boolean): void {
    const table = this.table;
    const slot = table.lookup(eventId);
    if (this.waiters.size !== 0) this.wake(eventId);
    if (!processed) {
      if (slot >= 0) table.remove(slot);
      return;
    }
    const t = this.now();
    const expiresAt = t + this.ttlMs;
    if (slot >= 0)
      table.setValue(slot, expiresAt); // in place: the entry keeps its position
    else table.insert(expiresAt);
    if (expiresAt < this.oldest) this.oldest = expiresAt;
    else if (this.oldest <= t) this.evictExpired(t);
  }

  /** Resolves when the running delivery of `eventId` finishes (begin() said 'busy'). */
  finished(eventId: string): Promise<void> {
    let done = this.waiting.get(eventId);
    if (done === undefined) {
      done = new Promise<void>((resolve) => this.waiters.set(eventId, resolve));
      this.waiting.set(eventId, done);
    }
    return done;
  }

  /** The table's invariant check (for tests). */
  audit(): { problem?: string; displaced: number } {
    return this.table.audit();
  }

  /** The ids held, oldest first, with their expiry or IN_FLIGHT (for tests). */
  entries(): [string, number][] {
    const out: [string, number][] = [];
    for (let s = this.table.head; s !== -1; s = this.table.next(s)) out.push([this.table.idAt(s), this.table.value(s)]);
    return out;
  }

  private wake(eventId: string): void {
    const resolve = this.waiters.get(eventId);
    if (resolve === undefined) return;
    this.waiters.delete(eventId);
    this.waiting.delete(eventId);
    resolve();
  }

  /** Forgets the oldest processed ids until the table is within its bound (running deliveries are kept). */
  private evictOverflow(): void {
    const table = this.table;
    let s = table.head;
    while (s !== -1 && table.size > this.maxEntries) {
      const next = table.next(s);
      s = table.value(s) === IN_FLIGHT ? next : table.remove(s, next);
    }
  }

  private evictExpired(t: number): void {
    const table = this.table;
    this.oldest = Infinity;
    let s = table.head;
    while (s !== -1) {
      const state = table.value(s);
      const next = table.next(s);
      if (state === IN_FLIGHT) s = next;
      else if (state > t) {
        this.oldest = state;
        return;
      } else s = table.remove(s, next);
    }
  }
}
