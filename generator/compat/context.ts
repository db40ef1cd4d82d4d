/**
 * Diff state, after Confluent's `json/diff/Context.java`: the set of compatible change kinds for the
 * policy, memoised pair results, and recursion handling for recursive schemas.
 *
 * When a document holds `$ref`s, each pair (original node, update node) is compared once per run and its
 * result memoised with paths relative to the pair, so a `$ref` used in many places is diffed once and
 * reported at every place.
 * A pair met again while it is still being compared (a cycle) is assumed compatible; after the run, if
 * such an assumption turned out false, the run is repeated with that pair assumed incompatible
 * (greatest fixed point: start from "everything compatible", remove what is refuted).
 */
import type { ChangeKind } from './change-kinds.js';
import type { SchemaNode } from './model.js';

/**
 * Internal markers, never reported: a recursive pair assumed incompatible (it only steers decisions such
 * as combined-schema matching), and a comparison cut at the depth limit (reported as a note; the verdict
 * becomes incompatible).
 */
export type Marker = 'RECURSIVE_PAIR_INCOMPATIBLE' | 'DEPTH_LIMIT_REACHED' | 'WORK_LIMIT_REACHED';

export interface Diff {
  type: ChangeKind | Marker;
  /** Relative to the pair being compared: '' for the pair itself, else '/properties/x/…'. */
  path: string;
}

export interface PairResult {
  readonly diffs: readonly Diff[];
  readonly compatible: boolean;
}

export const EMPTY_RESULT: PairResult = Object.freeze({ diffs: Object.freeze([]) as readonly Diff[], compatible: true });

/** Collects the differences of one pair (Confluent's Context at one path). */
export class Acc {
  readonly diffs: Diff[] = [];
  compatible = true;

  constructor(private readonly compatibleKinds: ReadonlySet<string>) {}

  add(path: string, type: ChangeKind | Marker): void {
    this.diffs.push({ type, path });
    if (!this.compatibleKinds.has(type)) this.compatible = false;
  }

  /** Adds a nested result at `prefix` (e.g. '/properties/x'). */
  addAll(prefix: string, result: PairResult): void {
    for (const d of result.diffs) this.diffs.push(prefix ? { type: d.type, path: prefix + d.path } : d);
    if (!result.compatible) this.compatible = false;
  }

  result(): PairResult {
    return this.diffs.length === 0 && this.compatible ? EMPTY_RESULT : { diffs: this.diffs, compatible: this.compatible };
  }
}

class PairMap<V> {
  private readonly outer = new Map<SchemaNode, Map<SchemaNode, V>>();
  get(a: SchemaNode, b: SchemaNode): V | undefined {
    return this.outer.get(a)?.get(b);
  }
  set(a: SchemaNode, b: SchemaNode, v: V): void {
    let inner = this.outer.get(a);
    if (!inner) this.outer.set(a, (inner = new Map()));
    inner.set(b, v);
  }
  delete(a: SchemaNode, b: SchemaNode): void {
    this.outer.get(a)?.delete(b);
  }
}

export class PairSet {
  private readonly map = new PairMap<true>();
  size = 0;
  has(a: SchemaNode, b: SchemaNode): boolean {
    return this.map.get(a, b) === true;
  }
  add(a: SchemaNode, b: SchemaNode): void {
    if (!this.has(a, b)) {
      this.map.set(a, b, true);
      this.size++;
    }
  }
  delete(a: SchemaNode, b: SchemaNode): void {
    if (this.has(a, b)) {
      this.map.delete(a, b);
      this.size--;
    }
  }
}

/** Deepest pair nesting compared; deeper schemas are cut with a note (never a stack overflow). */
export const MAX_DEPTH = 256;
/** Most pair comparisons in one run (only pathological, e.g. cyclic non-JSON, input gets near it). */
export const MAX_STEPS = 1_000_000;

export class DiffState {
  /**
   * Without any `$ref` the schemas are trees: no pair can recur or cycle, so memoisation and cycle
   * tracking are skipped (they cost more than they save there).
   */
  readonly tracking: boolean;
  readonly memo = new PairMap<PairResult>();
  private readonly inProgress = new PairSet();
  private readonly assumedCompatible: Array<[SchemaNode, SchemaNode]> = [];
  depth = 0;
  /** Pair comparisons (and equality steps at the depth limit) left in this run. */
  readonly budget = { left: MAX_STEPS };

  constructor(
    readonly compatibleKinds: ReadonlySet<string>,
    /** Recursive pairs refuted in an earlier run of the fixed-point iteration. */
    readonly assumedIncompatible: PairSet,
    tracking = true,
  ) {
    this.tracking = tracking;
  }

  acc(): Acc {
    return new Acc(this.compatibleKinds);
  }

  /** Returns the result to use for a pair met again while in progress, or undefined when it is not in progress. */
  reentered(o: SchemaNode, u: SchemaNode): PairResult | undefined {
    if (!this.tracking || !this.inProgress.has(o, u)) return undefined;
    if (this.assumedIncompatible.has(o, u)) return { diffs: [{ type: 'RECURSIVE_PAIR_INCOMPATIBLE', path: '' }], compatible: false };
    this.assumedCompatible.push([o, u]);
    return EMPTY_RESULT;
  }

  memoised(o: SchemaNode, u: SchemaNode): PairResult | undefined {
    return this.tracking ? this.memo.get(o, u) : undefined;
  }

  enter(o: SchemaNode, u: SchemaNode): void {
    if (this.tracking) this.inProgress.add(o, u);
    this.depth++;
  }

  leave(o: SchemaNode, u: SchemaNode, result: PairResult): void {
    this.depth--;
    if (!this.tracking) return;
    this.inProgress.delete(o, u);
    this.memo.set(o, u, result);
  }

  /** Pairs assumed compatible on re-entry whose own comparison found them incompatible. */
  refutedAssumptions(): Array<[SchemaNode, SchemaNode]> {
    return this.assumedCompatible.filter(([o, u]) => this.memo.get(o, u)?.compatible === false && !this.assumedIncompatible.has(o, u));
  }
}
