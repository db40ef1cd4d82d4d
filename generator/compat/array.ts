/**
 * Port of Confluent's `ArraySchemaDiff`: items (one schema) → tuple positions → additionalItems →
 * unevaluatedItems → max/minItems, uniqueItems, max/minContains.
 *
 * 2020-12 `prefixItems` is the draft-07 tuple form of `items` (paths `#/items/<n>`), and 2020-12 `items`
 * next to `prefixItems` is draft-07 `additionalItems` (path `#/additionalItems`).
 * An array is open when `additionalItems` and `unevaluatedItems` are absent or true.
 */
import { compareBound, numberAt } from './bounds.js';
import type { Acc, DiffState } from './context.js';
import type { SchemaNode } from './model.js';
import { addCoverage, compareOpenness, leftoverIsOpen, leftoverSchema, schemaOrBoolean } from './object.js';
import { compare } from './schema.js';

interface ArrayView {
  /** `items` as a single schema (raw), or undefined. */
  all: unknown;
  /** Tuple positions (raw). */
  tuple: readonly unknown[];
  additional: unknown;
  unevaluated: unknown;
}

function view(node: SchemaNode): ArrayView {
  if (node.view) return node.view as ArrayView;
  const raw = node.raw!;
  const d = node.doc.draft;
  let all: unknown;
  let tuple: readonly unknown[] = [];
  let additional: unknown = raw.additionalItems;
  if (d >= 2019 && Array.isArray(raw.prefixItems)) {
    tuple = raw.prefixItems;
    if (raw.items !== undefined) additional = raw.items;
  } else if (Array.isArray(raw.items)) {
    tuple = raw.items;
  } else {
    all = raw.items;
  }
  const v: ArrayView = {
    all: schemaOrBoolean(all),
    tuple,
    additional: schemaOrBoolean(additional),
    unevaluated: schemaOrBoolean(raw.unevaluatedItems),
  };
  node.view = v;
  return v;
}

export function compareArray(st: DiffState, acc: Acc, o: SchemaNode, u: SchemaNode): void {
  const ov = view(o);
  const uv = view(u);
  acc.addAll('/items', compare(st, ov.all === undefined ? null : o.doc.node(ov.all), uv.all === undefined ? null : u.doc.node(uv.all)));
  compareTuple(st, acc, o, u, ov, uv);
  compareOpenness(st, acc, o, u, ov.additional, uv.additional, '/additionalItems', 'ADDITIONAL_ITEMS');
  compareOpenness(st, acc, o, u, ov.unevaluated, uv.unevaluated, '/unevaluatedItems', 'UNEVALUATED_ITEMS');
  const or = o.raw!;
  const ur = u.raw!;
  compareBound(acc, 'maxItems', numberAt(or, 'maxItems'), numberAt(ur, 'maxItems'), 'MAX_ITEMS');
  compareBound(acc, 'minItems', numberAt(or, 'minItems'), numberAt(ur, 'minItems'), 'MIN_ITEMS');
  const oUnique = or.uniqueItems === true;
  const uUnique = ur.uniqueItems === true;
  if (oUnique !== uUnique) acc.add('/uniqueItems', oUnique ? 'UNIQUE_ITEMS_REMOVED' : 'UNIQUE_ITEMS_ADDED');
  compareBound(acc, 'maxContains', numberAt(or, 'maxContains'), numberAt(ur, 'maxContains'), 'MAX_CONTAINS');
  compareBound(acc, 'minContains', numberAt(or, 'minContains'), numberAt(ur, 'minContains'), 'MIN_CONTAINS');
}

function compareTuple(st: DiffState, acc: Acc, o: SchemaNode, u: SchemaNode, ov: ArrayView, uv: ArrayView): void {
  const common = Math.min(ov.tuple.length, uv.tuple.length);
  for (let i = 0; i < common; i++) acc.addAll(`/items/${i}`, compare(st, o.doc.node(ov.tuple[i]), u.doc.node(uv.tuple[i])));
  for (let i = common; i < ov.tuple.length; i++) {
    const path = `/items/${i}`;
    const originalSchema = o.doc.node(ov.tuple[i]);
    if (leftoverIsOpen(uv)) {
      acc.add(path, 'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL');
      continue;
    }
    const partial = leftoverSchema(u, uv);
    if (partial) {
      addCoverage(st, acc, path, originalSchema, partial, 'ITEM_REMOVED');
    } else {
      acc.add(path, originalSchema.kind === 'false' ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL');
    }
  }
  for (let i = common; i < uv.tuple.length; i++) {
    const path = `/items/${i}`;
    const updateSchema = u.doc.node(uv.tuple[i]);
    if (leftoverIsOpen(ov)) {
      acc.add(
        path,
        updateSchema.kind === 'empty' || updateSchema.kind === 'true'
          ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL'
          : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL',
      );
      continue;
    }
    const partial = leftoverSchema(o, ov);
    if (partial) {
      addCoverage(st, acc, path, partial, updateSchema, 'ITEM_ADDED');
    } else {
      acc.add(path, 'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL');
    }
  }
}
