// The memory idempotency store's typed-array table (runtime/src/idempotency/id-table.ts) must be exact: a false
// "duplicate" drops an event. Table-driven cases for the id forms, then randomized model tests: thousands of
// operations compared step by step with simple reference implementations built on a JS Map (the store's previous
// Map-based logic), with the table's invariants checked along the way.
import { describe, expect, it } from 'vitest';
import { IdTable } from '../../../runtime/src/idempotency/id-table.js';
import { createMemoryIdempotencyStore, MEMORY_FAST_PATH, type MemoryFastPath, type MemoryGroupIds } from '../../../runtime/src/idempotency/memory.js';

/** mulberry32: a small seeded generator, so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A pool of ids that stresses the exact comparison: UUIDs, their upper-case and one-digit-off twins, and text. */
function idPool(rnd: () => number, size: number): string[] {
  const pool: string[] = [];
  while (pool.length < size) {
    const id = uuid(rnd);
    const r = rnd();
    if (r < 0.6) pool.push(id);
    else if (r < 0.7) pool.push(id, id.toUpperCase());
    else if (r < 0.8) pool.push(id, id.slice(0, 35) + (id[35] === '0' ? '1' : '0'));
    else if (r < 0.9) pool.push(`order-${Math.floor(rnd() * 1000)}`);
    else pool.push(id.slice(0, 8) + 'g' + id.slice(9)); // 36 characters, not a UUID
  }
  return pool;
}

describe('IdTable: which ids are the same', () => {
  const base = '3f6c2a5e-8a7b-4c1d-9e2f-0123456789ab';
  const cases: { name: string; other: string }[] = [
    { name: 'upper case (the PostgreSQL store compares text too)', other: base.toUpperCase() },
    { name: 'one hex digit of case', other: base.replace('a', 'A') },
    { name: 'the last digit', other: base.slice(0, 35) + 'c' },
    { name: 'the first digit', other: '4' + base.slice(1) },
    { name: 'a digit of each word', other: '3f6c2a5e-8a7b-4c1d-9e2f-0123456789a0' },
    { name: 'no dashes (32 characters)', other: base.replaceAll('-', '') },
    { name: 'a dash moved', other: '3f6c2a5e8-a7b-4c1d-9e2f-0123456789ab' },
    { name: 'braces', other: `{${base}}` },
    { name: 'one character longer', other: base + '0' },
    { name: 'a non-hex letter', other: base.slice(0, 35) + 'g' },
    { name: 'a char code with a hex digit in its low bits', other: base.slice(0, 35) + String.fromCharCode(0x80 + 'b'.charCodeAt(0)) },
    { name: 'a full-width digit', other: base.slice(0, 35) + '\uff42' },
    { name: 'the empty string', other: '' },
  ];
  it.each(cases)('$name is another id', ({ other }) => {
    const table = new IdTable(8, 1);
    table.lookup(base);
    table.insert(1);
    expect(table.lookup(other)).toBe(-1);
    table.insert(2);
    const a = table.lookup(base);
    const b = table.lookup(other);
    expect([table.value(a), table.value(b), table.idAt(a), table.idAt(b)]).toEqual([1, 2, base, other]);
    expect(table.audit().problem).toBeUndefined();
  });

  it('finds an id again from another string object with the same characters', () => {
    const table = new IdTable();
    table.lookup(JSON.parse(`"${base}"`) as string);
    table.insert(7);
    const copy = JSON.parse(`{"id":"${base}"}`) as { id: string };
    expect(table.value(table.lookup(copy.id))).toBe(7);
  });
});

describe('IdTable: randomized against a Map', () => {
  it.each([1, 2, 3, 4])('seed %i: 20,000 lookups, inserts and removes (growth, collisions, backward shifts) keep Map semantics and order', (seed) => {
    const rnd = random(seed);
    const pool = idPool(rnd, 600);
    const table = new IdTable(8, seed); // 8 slots: it grows several times, and collides constantly while small
    const model = new Map<string, number>();
    let displacedSeen = 0;
    for (let step = 0; step < 20_000; step++) {
      const id = pool[Math.floor(rnd() * pool.length)]!;
      const slot = table.lookup(id);
      expect(slot >= 0, `seed ${seed} step ${step}: ${id}`).toBe(model.has(id));
      if (slot < 0) {
        table.insert(step);
        model.set(id, step);
      } else if (rnd() < 0.45) {
        // Remove while walking the chain, as eviction does: the followed entry must still be found where remove() says.
        const next = table.next(slot);
        const followed = next === -1 ? undefined : table.idAt(next);
        const moved = table.remove(slot, next);
        model.delete(id);
        if (followed !== undefined) expect(table.idAt(moved)).toBe(followed);
      } else {
        expect(table.value(slot)).toBe(model.get(id));
        table.setValue(slot, -step);
        model.set(id, -step);
      }
      if (step % 500 === 0) {
        const { problem, displaced } = table.audit();
        expect(problem, `seed ${seed} step ${step}`).toBeUndefined();
        displacedSeen += displaced;
      }
    }
    const order: [string, number][] = [];
    for (let s = table.head; s !== -1; s = table.next(s)) order.push([table.idAt(s), table.value(s)]);
    expect(order).toEqual([...model]);
    expect(displacedSeen).toBeGreaterThan(0);
  });
});

/** The store's previous implementation (one Map per group), kept as the reference the table must match. */
class ReferenceGroupIds {
  readonly ids = new Map<string, number>();
  private oldest = Infinity;
  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  begin(eventId: string): 'go' | 'duplicate' | 'busy' {
    const state = this.ids.get(eventId);
    if (state !== undefined) {
      if (state === -1) return 'busy';
      if (state > this.now()) return 'duplicate';
      this.ids.delete(eventId);
    }
    this.ids.set(eventId, -1);
    if (this.ids.size > this.maxEntries) {
      for (const [id, s] of this.ids) {
        if (this.ids.size <= this.maxEntries) break;
        if (s !== -1) this.ids.delete(id);
      }
    }
    return 'go';
  }

  finish(eventId: string, processed: boolean): void {
    if (!processed) {
      this.ids.delete(eventId);
      return;
    }
    const t = this.now();
    const expiresAt = t + this.ttlMs;
    this.ids.set(eventId, expiresAt);
    if (expiresAt < this.oldest) this.oldest = expiresAt;
    else if (this.oldest <= t) {
      this.oldest = Infinity;
      for (const [id, s] of this.ids) {
        if (s === -1) continue;
        if (s > t) {
          this.oldest = s;
          break;
        }
        this.ids.delete(id);
      }
    }
  }
}

type Inspectable = MemoryGroupIds & { entries(): [string, number][]; audit(): { problem?: string; displaced: number } };

describe('memory store: randomized against the Map-based reference', () => {
  const cases = [
    { seed: 11, maxEntries: 1, ttlMs: 50 },
    { seed: 12, maxEntries: 7, ttlMs: 30 },
    { seed: 13, maxEntries: 60, ttlMs: 200 },
    { seed: 14, maxEntries: 400, ttlMs: 1_000 },
    { seed: 15, maxEntries: 5_000, ttlMs: 10_000 },
  ];
  it.each(cases)(
    'seed $seed, maxEntries $maxEntries, ttl $ttlMs: 12,000 begin/finish/clock steps give the same answers, entries and order',
    ({ seed, maxEntries, ttlMs }) => {
      const rnd = random(seed);
      const pool = idPool(rnd, Math.max(40, maxEntries * 3));
      let now = 1_000;
      const clock = () => now;
      const store = createMemoryIdempotencyStore({ maxEntries, ttlMs, now: clock }) as unknown as { [MEMORY_FAST_PATH]: MemoryFastPath };
      const table = store[MEMORY_FAST_PATH].forGroup('g') as Inspectable;
      const reference = new ReferenceGroupIds(maxEntries, ttlMs, clock);
      const inFlight: string[] = [];
      const answers = { go: 0, duplicate: 0, busy: 0 };
      for (let step = 0; step < 12_000; step++) {
        const r = rnd();
        const where = `seed ${seed} step ${step}`;
        if (r < 0.55 || inFlight.length === 0) {
          const id = pool[Math.floor(rnd() * pool.length)]!;
          const got = table.begin(id);
          expect(got, `${where}: begin ${id}`).toBe(reference.begin(id));
          answers[got]++;
          if (got === 'go') inFlight.push(id);
        } else if (r < 0.95) {
          const [id] = inFlight.splice(Math.floor(rnd() * inFlight.length), 1);
          const processed = rnd() < 0.85;
          table.finish(id!, processed);
          reference.finish(id!, processed);
        } else now += Math.floor(rnd() * ttlMs * 0.3); // sometimes past the TTL of the oldest
        if (step % 250 === 0 || step === 11_999) {
          expect(table.entries(), where).toEqual([...reference.ids]);
          expect(table.audit().problem, where).toBeUndefined();
        }
      }
      // Every path was taken.
      expect(Math.min(answers.go, answers.duplicate, answers.busy)).toBeGreaterThan(0);
    },
  );

  it('evicts the oldest processed ids at the bound but never one whose delivery is running', () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 2 }) as unknown as { [MEMORY_FAST_PATH]: MemoryFastPath };
    const ids = store[MEMORY_FAST_PATH].forGroup('g') as Inspectable;
    const [a, b, c, d] = ['0a', '0b', '0c', '0d'].map((x) => `${x}000000-0000-4000-8000-000000000000`);
    expect([ids.begin(a!), ids.begin(b!), ids.begin(c!)]).toEqual(['go', 'go', 'go']); // three running: over the bound
    expect(ids.entries().map(([id]) => id)).toEqual([a, b, c]);
    ids.finish(b!, true);
    expect(ids.begin(d!)).toBe('go'); // b, the only processed one, goes
    expect(ids.entries().map(([id]) => id)).toEqual([a, c, d]);
  });
});
