/**
 * Port of Confluent's `SchemaDiff.compare(ctx, original, update)`: null handling, `$ref` normalisation,
 * the combined/non-combined special cases (`compareTypes`), the schema-class check, annotations, then
 * the type-specific differ. Every call returns the pair's differences with paths relative to the pair.
 */
import { jsonEquals } from './canonical.js';
import { compareArray } from './array.js';
import { compareCombined } from './combined.js';
import { EMPTY_RESULT, MAX_DEPTH, type DiffState, type PairResult } from './context.js';
import { compareConst, compareEnum } from './enum.js';
import type { SchemaNode } from './model.js';
import { compareNot } from './not.js';
import { compareNumber } from './number.js';
import { compareObject } from './object.js';
import { normalize } from './refs.js';
import { compareString } from './string.js';

export function compare(st: DiffState, original: SchemaNode | null, update: SchemaNode | null): PairResult {
  if (original === null && update === null) return EMPTY_RESULT;
  if (original === null) return single(st, 'SCHEMA_ADDED');
  if (update === null) return single(st, 'SCHEMA_REMOVED');
  const o = normalize(original);
  const u = normalize(update);
  if (o === u || sameStructure(o, u)) return EMPTY_RESULT;
  const memoised = st.memoised(o, u);
  if (memoised) return memoised;
  const reentered = st.reentered(o, u);
  if (reentered) return reentered;
  if (--st.budget.left < 0) return { diffs: [{ type: 'WORK_LIMIT_REACHED', path: '' }], compatible: false };
  if (st.depth >= MAX_DEPTH) {
    // Too deep to diff: equal JSON (without `$ref`s that could resolve differently) is still "no change".
    const equal = o.raw !== null && u.raw !== null && !o.doc.hasRefs && !u.doc.hasRefs && o.virtualTag === u.virtualTag && jsonEquals(o.raw, u.raw, st.budget);
    return equal ? EMPTY_RESULT : { diffs: [{ type: 'DEPTH_LIMIT_REACHED', path: '' }], compatible: false };
  }
  st.enter(o, u);
  const result = comparePair(st, o, u);
  st.leave(o, u, result);
  return result;
}

function single(st: DiffState, type: 'SCHEMA_ADDED' | 'SCHEMA_REMOVED'): PairResult {
  const acc = st.acc();
  acc.add('', type);
  return acc.result();
}

/** The same JSON object on both sides (e.g. a schema compared with itself) compares equal when no `$ref` can differ. */
function sameStructure(o: SchemaNode, u: SchemaNode): boolean {
  return o.raw !== null && o.raw === u.raw && o.virtualTag === u.virtualTag && o.doc.draft === u.doc.draft && !o.doc.hasRefs && !u.doc.hasRefs;
}

function comparePair(st: DiffState, o: SchemaNode, u: SchemaNode): PairResult {
  const acc = st.acc();
  if (!o.isCombined && u.isCombined) {
    if (u.subs.length === 1) {
      const r = compare(st, o, u.subs[0]!);
      if (r.compatible) return r;
    } else if (u.criterion === 'anyOf' || u.criterion === 'oneOf') {
      for (const sub of u.subs) {
        const r = compare(st, o, sub);
        if (r.compatible) {
          acc.addAll('', r);
          acc.add('', 'SUM_TYPE_EXTENDED');
          return acc.result();
        }
      }
    }
  } else if (o.isCombined && !u.isCombined) {
    if (o.subs.length === 1) {
      const r = compare(st, o.subs[0]!, u);
      if (r.compatible) return r;
    } else if (o.criterion === 'allOf') {
      for (const sub of o.subs) {
        const r = compare(st, sub, u);
        if (r.compatible) {
          acc.addAll('', r);
          acc.add('', 'PRODUCT_TYPE_NARROWED');
          return acc.result();
        }
      }
    }
  }

  if (o.kind !== u.kind) {
    // TrueSchema extends EmptySchema: an empty/true update accepts everything; a false original has no instances.
    if (o.kind === 'false' || u.kind === 'empty' || u.kind === 'true') return EMPTY_RESULT;
    if (isConnectBytes(o) && isConnectBytes(u)) return EMPTY_RESULT;
    acc.add('', 'TYPE_CHANGED');
    return acc.result();
  }

  if (!jsonEquals(o.meta.id, u.meta.id)) acc.add('', 'ID_CHANGED');
  if (!jsonEquals(o.meta.title, u.meta.title)) acc.add('', 'TITLE_CHANGED');
  if (!jsonEquals(o.meta.description, u.meta.description)) acc.add('', 'DESCRIPTION_CHANGED');
  if (!jsonEquals(o.meta.default, u.meta.default)) acc.add('', 'DEFAULT_CHANGED');

  switch (o.kind) {
    case 'string':
      compareString(acc, o, u);
      break;
    case 'number':
      compareNumber(acc, o, u);
      break;
    case 'enum':
      compareEnum(acc, o, u);
      break;
    case 'const':
      compareConst(acc, o, u);
      break;
    case 'combined':
      compareCombined(st, acc, o, u);
      break;
    case 'not':
      compareNot(st, acc, o, u);
      break;
    case 'object':
      compareObject(st, acc, o, u);
      break;
    case 'array':
      compareArray(st, acc, o, u);
      break;
    default:
      // boolean, null, empty, true, false, conditional: nothing beyond the annotations (as in Confluent).
      break;
  }
  return acc.result();
}

/** Kafka Connect's `connect.type: bytes` (a base64 string on one side, a number-typed bytes field on the other). */
function isConnectBytes(node: SchemaNode): boolean {
  return node.raw !== null && node.raw['connect.type'] === 'bytes';
}
