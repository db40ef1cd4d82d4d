/**
 * The raw diff, like Confluent's `SchemaDiff.compare(original, update, policy)`: every difference with its
 * Confluent type and JSON path, in emission order. Iterates to the greatest fixed point for recursive schemas.
 */
import { compatibleChangesFor, type ChangeKind, type Policy } from './change-kinds.js';
import { DiffState, MAX_DEPTH, MAX_STEPS, PairSet, type PairResult } from './context.js';
import { ROOT_BASE, SchemaDocument, Side } from './model.js';
import { validateRefs } from './refs.js';
import { compare } from './schema.js';

export interface Difference {
  type: ChangeKind;
  /** Confluent JSON path: `#/` for the root, `#/properties/x`, `#/allOf/1/enum`, … */
  path: string;
}

export interface DiffOutcome {
  differences: Difference[];
  /** False when part of the schemas was not compared (nesting deeper than the limit); see `notes`. */
  complete: boolean;
  notes: string[];
}

/** A schema plus the documents its `$ref`s may name (Confluent schema references: name → schema). */
export class ReferencedSchema {
  constructor(
    readonly schema: unknown,
    readonly references: Readonly<Record<string, unknown>>,
  ) {}
}

/** Wraps a schema with the documents its cross-file `$ref`s point to, keyed by the name used in `$ref`. */
export function withReferences(schema: unknown, references: Readonly<Record<string, unknown>>): ReferencedSchema {
  return new ReferencedSchema(schema, references);
}

const MAX_FIXPOINT_ROUNDS = 64;

/**
 * Runs the diff. Throws UnresolvedRefError for a `$ref` that cannot be resolved (Confluent throws too);
 * never throws on anything else (non-object schemas are read as `{}`, deep nesting is cut with a note).
 */
export function runDiff(original: unknown, update: unknown, policy: Policy, labels: [string, string] = ['original', 'update']): DiffOutcome {
  const od = documentOf(original, labels[0]);
  const ud = documentOf(update, labels[1]);
  const compatibleKinds = compatibleChangesFor(policy) as ReadonlySet<string>;
  const assumedIncompatible = new PairSet();
  let result: PairResult;
  for (let round = 1; ; round++) {
    const st = new DiffState(compatibleKinds, assumedIncompatible, od.hasRefs || ud.hasRefs);
    result = compare(st, od.rootNode, ud.rootNode);
    const refuted = st.refutedAssumptions();
    if (refuted.length === 0 || round >= MAX_FIXPOINT_ROUNDS) break;
    for (const [o, u] of refuted) assumedIncompatible.add(o, u);
  }
  const differences: Difference[] = [];
  const notes: string[] = [];
  for (const d of result.diffs) {
    const path = '#' + (d.path === '' ? '/' : d.path);
    if (d.type === 'DEPTH_LIMIT_REACHED') {
      notes.push(`Schemas nest deeper than ${MAX_DEPTH} levels at \`${path}\`; nothing below was compared, so the verdict is "incompatible" to stay safe.`);
    } else if (d.type === 'WORK_LIMIT_REACHED') {
      if (!notes.some((n) => n.startsWith('Comparison stopped')))
        notes.push(`Comparison stopped after ${MAX_STEPS} steps (first cut at \`${path}\`); the verdict is "incompatible" to stay safe.`);
    } else if (d.type !== 'RECURSIVE_PAIR_INCOMPATIBLE') {
      differences.push({ type: d.type, path });
    }
  }
  return { differences, complete: notes.length === 0, notes };
}

/**
 * Documents (with their node cache, views, resolved refs and index) are cached per parsed schema object,
 * so comparing one revision against many others builds its model once. Inputs are never mutated, so a
 * cached model stays valid for as long as the caller holds the object.
 */
const documents = new WeakMap<object, Map<string, SchemaDocument>>();

function documentOf(value: unknown, label: string): SchemaDocument {
  if (typeof value !== 'object' || value === null) {
    const plain = new SchemaDocument(value, ROOT_BASE, new Side(label, undefined));
    validateRefs(plain);
    return plain;
  }
  let byLabel = documents.get(value);
  let doc = byLabel?.get(label);
  if (doc) return doc;
  doc =
    value instanceof ReferencedSchema
      ? new SchemaDocument(value.schema, ROOT_BASE, new Side(label, value.references))
      : new SchemaDocument(value, ROOT_BASE, new Side(label, undefined));
  validateRefs(doc);
  if (!byLabel) documents.set(value, (byLabel = new Map()));
  byLabel.set(label, doc);
  return doc;
}
