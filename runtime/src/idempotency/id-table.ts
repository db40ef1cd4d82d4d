/**
 * The memory idempotency store's table of event ids: an open-addressing hash table in one ArrayBuffer, its entries
 * also chained in insertion order (oldest first, for eviction). See docs/decisions.md ("why a typed-array table").
 *
 * Why not a `Map<string, number>`: retaining every eventId string (100,000 per group by default) makes each
 * young-generation GC copy and promote them and scan the map's old→young pointers, and a lookup visits the map's
 * bucket, its chain and the key strings: together about a fifth of the consumer's throughput. Here a canonical
 * lower-case UUID — what an envelope's eventId is in practice — is parsed (no allocation) into its 128 bits and
 * compared word by word: exact, and no heap object per id. Any other string (upper case, not a UUID) keeps the
 * string itself for its slot, so one insertion order and one bound cover both kinds, and equality stays string
 * equality (`"ABC…"` and `"abc…"` are two ids, as in the PostgreSQL store's `text` column).
 *
 * One slot is one 32-byte record, so a lookup and an insertion touch one or two cache lines:
 *   [ value (float64) | kind << 30 | prev + 1 | w0 | w1 | w2 | w3 | next + 1 ]
 * (kind 0 = empty; a TEXT slot keeps its hash in w0). Linear probing at a load ≤ 1/2, deletion by backward shift (no
 * tombstones, so lookups do not slow down with churn), capacity doubled when needed. Slots move during a backward
 * shift and a growth; the chain's links are slot numbers and are relinked when they do.
 */

const EMPTY = 0;
const UUID = 1;
const TEXT = 2;
const NONE = -1;
const STRIDE = 8; // words per slot
const META = 2; // kind << 30 | (prev + 1)
const W0 = 3;
const W1 = 4;
const W2 = 5;
const W3 = 6;
const NEXT = 7; // next + 1
const LINK = 0x3fffffff;
const MIN_CAPACITY = 8;
/** A link must fit in META's 30 bits. */
const MAX_CAPACITY = 2 ** 29;

export class IdTable {
  /** Entries held. */
  size = 0;
  /** Slot of the oldest entry, NONE when empty. */
  head = NONE;
  private tail = NONE;
  private mask: number;
  private u: Uint32Array;
  /** The same buffer: slot s's value is f[s * 4]. */
  private f: Float64Array;
  /** The id of each TEXT slot (undefined elsewhere); allocated with the first TEXT id. */
  private texts: (string | undefined)[] | undefined;
  // The id last given to lookup(), parsed: insert() after a failed lookup() stores it without parsing it again, and
  // the consumer's second lookup of an id (before and after its handler) costs a comparison.
  private parsed: string | undefined;
  private kind = EMPTY;
  private hash = 0;
  private w0 = 0;
  private w1 = 0;
  private w2 = 0;
  private w3 = 0;
  private text: string | undefined;
  /** The parsed id's slot (or -1: absent), while slotKnown (until an entry moves). */
  private slot = NONE;
  private slotKnown = false;

  constructor(
    initialCapacity = 256,
    private readonly seed = (Math.random() * 0x1_0000_0000) >>> 0,
  ) {
    let capacity = MIN_CAPACITY;
    while (capacity < initialCapacity) capacity *= 2;
    this.mask = capacity - 1;
    [this.u, this.f] = allocate(capacity);
  }

  /** The slot holding `id`, or -1 when it is absent (insert() then adds it). */
  lookup(id: string): number {
    if (id !== this.parsed) this.parse(id);
    else if (this.slotKnown) return this.slot;
    this.slotKnown = true;
    return (this.slot = this.probe());
  }

  /** Adds the id of the last lookup(), which found it absent, as the newest entry; returns its slot. */
  insert(value: number): number {
    if (this.size + 1 > (this.mask + 1) >>> 1) this.grow();
    const slot = this.freeSlot(this.hash);
    const b = slot * STRIDE;
    const u = this.u;
    u[b + META] = this.kind << 30;
    u[b + W0] = this.w0;
    u[b + W1] = this.w1;
    u[b + W2] = this.w2;
    u[b + W3] = this.w3;
    if (this.kind === TEXT) (this.texts ??= new Array<string | undefined>(this.mask + 1).fill(undefined))[slot] = this.text;
    this.f[slot * 4] = value;
    this.link(slot);
    this.size++;
    this.slotKnown = true;
    return (this.slot = slot);
  }

  value(slot: number): number {
    return this.f[slot * 4] as number;
  }

  setValue(slot: number, value: number): void {
    this.f[slot * 4] = value;
  }

  /** The next newer entry's slot, NONE after the newest. */
  next(slot: number): number {
    return (this.u[slot * STRIDE + NEXT] as number) - 1;
  }

  /**
   * Removes the entry in `slot`, closing the gap by shifting the entries after it in its probe run back. Returns the
   * slot the entry that was in `follow` is in now (NONE stays NONE), so a walk along the chain can go on.
   */
  remove(slot: number, follow = NONE): number {
    this.slotKnown = false; // entries move
    this.unlink(slot);
    this.size--;
    const { u, mask } = this;
    let gap = slot;
    for (let j = (gap + 1) & mask; u[j * STRIDE + META] !== 0; j = (j + 1) & mask) {
      // The entry in j may fill the gap only if its home slot is not after the gap (cyclically) on its way to j.
      const home = this.hashAt(u, j) & mask;
      if (((j - home) & mask) < ((j - gap) & mask)) continue;
      this.move(j, gap);
      if (follow === j) follow = gap;
      gap = j;
    }
    u[gap * STRIDE + META] = EMPTY;
    if (this.texts !== undefined) this.texts[gap] = undefined;
    return follow;
  }

  /** The id in `slot` (a UUID in its canonical lower-case form). */
  idAt(slot: number): string {
    const b = slot * STRIDE;
    if ((this.u[b + META] as number) >>> 30 === TEXT) return (this.texts as string[])[slot] as string;
    const hex = (w: number) => (this.u[b + w] as number).toString(16).padStart(8, '0');
    const h = hex(W0) + hex(W1) + hex(W2) + hex(W3);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /**
   * Checks the table's invariants (for tests): every entry is found from its home slot without crossing an empty
   * slot, the chain links every entry once, and `size` counts them. `displaced` counts the entries not in their home
   * slot (so a test can show that collisions happened).
   */
  audit(): { problem?: string; displaced: number } {
    const { u, mask } = this;
    const empty = (s: number) => u[s * STRIDE + META] === EMPTY;
    let occupied = 0;
    let displaced = 0;
    for (let slot = 0; slot <= mask; slot++) {
      if (empty(slot)) continue;
      occupied++;
      const home = this.hashAt(u, slot) & mask;
      if (home !== slot) displaced++;
      for (let s = home; s !== slot; s = (s + 1) & mask) {
        if (empty(s)) return { problem: `slot ${slot} is unreachable from its home slot ${home}`, displaced };
      }
    }
    let chained = 0;
    for (let s = this.head, prev = NONE; s !== NONE; prev = s, s = this.next(s)) {
      if (empty(s) || this.prevOf(s) !== prev || ++chained > occupied) return { problem: `the chain is broken at slot ${s}`, displaced };
    }
    if (chained !== occupied || occupied !== this.size) return { problem: `size ${this.size}, ${occupied} occupied, ${chained} chained`, displaced };
    return { displaced };
  }

  /**
   * Parses `id` into the lookup fields: a canonical lower-case UUID into four words, anything else is TEXT; and its
   * hash, seeded so that ids chosen to collide in one process do not collide in another.
   */
  private parse(id: string): void {
    this.parsed = id;
    if (id.length === 36 && this.parseUuid(id)) {
      this.kind = UUID;
      this.text = undefined;
      this.hash = uuidHash(this.seed, this.w0, this.w1, this.w2, this.w3);
      return;
    }
    let h = this.seed ^ 0x5bd1e995;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    this.kind = TEXT;
    this.text = id;
    this.hash = this.w0 = fmix(h ^ id.length);
    this.w1 = this.w2 = this.w3 = 0;
  }

  /** Reads 8-4-4-4-12 lower-case hex digits into w0..w3; false when a character does not fit. */
  private parseUuid(id: string): boolean {
    if (id.charCodeAt(8) !== DASH || id.charCodeAt(13) !== DASH || id.charCodeAt(18) !== DASH || id.charCodeAt(23) !== DASH) return false;
    const a = hex4(id, 0);
    const b = hex4(id, 4);
    const c = hex4(id, 9);
    const d = hex4(id, 14);
    const e = hex4(id, 19);
    const f = hex4(id, 24);
    const g = hex4(id, 28);
    const h = hex4(id, 32);
    if ((a | b | c | d | e | f | g | h) > 0xffff) return false; // a character that is not a lower-case hex digit
    this.w0 = a * 0x10000 + b;
    this.w1 = c * 0x10000 + d;
    this.w2 = e * 0x10000 + f;
    this.w3 = g * 0x10000 + h;
    return true;
  }

  /** The slot of the parsed id, or -1. */
  private probe(): number {
    const { u, mask, kind, w0 } = this;
    for (let slot = this.hash & mask; ; slot = (slot + 1) & mask) {
      const b = slot * STRIDE;
      const meta = u[b + META] as number;
      if (meta === EMPTY) return NONE;
      if (u[b + W0] !== w0 || meta >>> 30 !== kind) continue;
      if (kind === TEXT ? (this.texts as string[])[slot] === this.text : u[b + W1] === this.w1 && u[b + W2] === this.w2 && u[b + W3] === this.w3) {
        return slot;
      }
    }
  }

  private hashAt(u: Uint32Array, slot: number): number {
    const b = slot * STRIDE;
    const w0 = u[b + W0] as number;
    return (u[b + META] as number) >>> 30 === TEXT ? w0 : uuidHash(this.seed, w0, u[b + W1] as number, u[b + W2] as number, u[b + W3] as number);
  }

  private freeSlot(hash: number): number {
    let slot = hash & this.mask;
    while (this.u[slot * STRIDE + META] !== EMPTY) slot = (slot + 1) & this.mask;
    return slot;
  }

  private prevOf(slot: number): number {
    return ((this.u[slot * STRIDE + META] as number) & LINK) - 1;
  }

  private setPrev(slot: number, prev: number): void {
    const i = slot * STRIDE + META;
    this.u[i] = ((this.u[i] as number) & ~LINK) | (prev + 1);
  }

  private setNext(slot: number, next: number): void {
    this.u[slot * STRIDE + NEXT] = next + 1;
  }

  /** Copies the entry in `from` into the empty slot `to` and relinks the chain to it. */
  private move(from: number, to: number): void {
    const u = this.u;
    const f = from * STRIDE;
    const t = to * STRIDE;
    for (let i = 0; i < STRIDE; i++) u[t + i] = u[f + i] as number;
    if (this.texts !== undefined) this.texts[to] = this.texts[from];
    this.join(this.prevOf(to), to, to, this.next(to));
  }

  private link(slot: number): void {
    this.setPrev(slot, this.tail);
    this.setNext(slot, NONE);
    if (this.tail === NONE) this.head = slot;
    else this.setNext(this.tail, slot);
    this.tail = slot;
  }

  private unlink(slot: number): void {
    const prev = this.prevOf(slot);
    const next = this.next(slot);
    this.join(prev, next, prev, next);
  }

  /** Points `prev` (or head) forward to `after` and `next` (or tail) back to `before`. */
  private join(prev: number, after: number, before: number, next: number): void {
    if (prev === NONE) this.head = after;
    else this.setNext(prev, after);
    if (next === NONE) this.tail = before;
    else this.setPrev(next, before);
  }

  /**
   * Doubles the capacity. The entries are re-inserted in slot order (the old table read front to back, not along the
   * chain, whose slots are scattered), then the chain's links are translated to the new slots.
   */
  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    if (capacity > MAX_CAPACITY) throw new RangeError(`the idempotency table cannot hold more than ${MAX_CAPACITY / 2} ids`);
    this.slotKnown = false;
    const old = this.u;
    const oldTexts = this.texts;
    const movedTo = new Int32Array(this.mask + 1);
    this.mask = capacity - 1;
    [this.u, this.f] = allocate(capacity);
    const u = this.u;
    this.texts = oldTexts === undefined ? undefined : new Array<string | undefined>(capacity).fill(undefined);
    for (let from = 0; from < movedTo.length; from++) {
      const f = from * STRIDE;
      if (old[f + META] === EMPTY) continue;
      const to = this.freeSlot(this.hashAt(old, from));
      const t = to * STRIDE;
      for (let i = 0; i < STRIDE; i++) u[t + i] = old[f + i] as number;
      if (oldTexts !== undefined) (this.texts as (string | undefined)[])[to] = oldTexts[from];
      movedTo[from] = to;
    }
    const translate = (link: number) => (link === NONE ? NONE : (movedTo[link] as number));
    for (let slot = 0; slot < capacity; slot++) {
      if (u[slot * STRIDE + META] === EMPTY) continue;
      this.setPrev(slot, translate(this.prevOf(slot)));
      this.setNext(slot, translate(this.next(slot)));
    }
    this.head = translate(this.head);
    this.tail = translate(this.tail);
  }
}

function allocate(capacity: number): [Uint32Array, Float64Array] {
  const buffer = new ArrayBuffer(capacity * STRIDE * 4);
  return [new Uint32Array(buffer), new Float64Array(buffer)];
}

const DASH = 45;
/** The value of each lower-case hex digit's char code, NOT_HEX for every other code below 128. */
const NOT_HEX = 0x10000;
const HEX_VALUE = new Int32Array(128).fill(NOT_HEX);
for (let d = 0; d < 16; d++) HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;

/** Four hex digits from `at`: their value, or ≥ NOT_HEX when one is not a lower-case hex digit. */
function hex4(id: string, at: number): number {
  return (digit(id.charCodeAt(at)) << 12) + (digit(id.charCodeAt(at + 1)) << 8) + (digit(id.charCodeAt(at + 2)) << 4) + digit(id.charCodeAt(at + 3));
}

function digit(code: number): number {
  return code < 128 ? (HEX_VALUE[code] as number) : NOT_HEX;
}

function uuidHash(seed: number, w0: number, w1: number, w2: number, w3: number): number {
  return fmix(mixWord(mixWord(mixWord(mixWord(seed, w0), w1), w2), w3) ^ 16);
}

/** One step of MurmurHash3's 32-bit block mix. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit, so `hash & mask` spreads sequential ids. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
