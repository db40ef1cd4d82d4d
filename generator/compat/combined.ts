/**
 * Port of Confluent's `CombinedSchemaDiff`: criterion change, size change, then a maximum matching of
 * compatible (original branch, update branch) pairs; the matched pairs' differences are reported under
 * `<criterion>/<index of the original branch>`, and an incomplete matching is COMBINED_TYPE_SUBSCHEMAS_CHANGED.
 */
import type { ChangeKind } from './change-kinds.js';
import type { Acc, DiffState, PairResult } from './context.js';
import { maximumMatching } from './matching.js';
import type { Criterion, SchemaNode } from './model.js';
import { compare } from './schema.js';

export function compareCombined(st: DiffState, acc: Acc, o: SchemaNode, u: SchemaNode): void {
  const criterionChange = compareCriteria(o.criterion!, u.criterion!, o.subs.length, u.subs.length);
  if (criterionChange) acc.add('', criterionChange);
  if (criterionChange === 'COMBINED_TYPE_CHANGED') return;

  const os = dedupe(o.subs);
  const us = dedupe(u.subs);
  if (os.length < us.length) acc.add('', u.criterion === 'allOf' ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED');
  else if (os.length > us.length) acc.add('', o.criterion === 'allOf' ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED');

  const results: PairResult[][] = os.map((ob) => us.map((ub) => compare(st, ob, ub)));
  const match = maximumMatching(
    os.length,
    us.length,
    (i, j) => results[i]![j]!.compatible,
    (i, j) => results[i]![j]!.diffs.length === 0,
  );
  let matched = 0;
  match.forEach((j, i) => {
    if (j < 0) return;
    matched++;
    acc.addAll(`/${o.criterion}/${i}`, results[i]![j]!);
  });
  if (matched < Math.min(os.length, us.length)) acc.add('', 'COMBINED_TYPE_SUBSCHEMAS_CHANGED');
}

function compareCriteria(o: Criterion, u: Criterion, oSize: number, uSize: number): ChangeKind | undefined {
  if (o === u) return undefined;
  if (u === 'anyOf' || (oSize === 1 && uSize === 1) || (oSize === 1 && u === 'oneOf') || (o === 'allOf' && uSize === 1)) return 'COMBINED_TYPE_EXTENDED';
  return 'COMBINED_TYPE_CHANGED';
}

/** Drops structurally equal branches, keeping the first (Java LinkedHashSet of schemas with structural equals). */
function dedupe(subs: readonly SchemaNode[]): SchemaNode[] {
  const out: SchemaNode[] = [];
  for (const s of subs) if (!out.some((kept) => kept.sameAs(s))) out.push(s);
  return out;
}
