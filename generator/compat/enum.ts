/** Ports of Confluent's `EnumSchemaDiff` (set comparison of `enum`) and `ConstSchemaDiff` (`const` change = ENUM_ARRAY_CHANGED). */
import { canonical, jsonEquals } from './canonical.js';
import type { Acc } from './context.js';
import type { SchemaNode } from './model.js';

export function compareEnum(acc: Acc, o: SchemaNode, u: SchemaNode): void {
  const ov = valueSet(o.raw!.enum);
  const uv = valueSet(u.raw!.enum);
  const updateHasAll = [...ov].every((v) => uv.has(v));
  const originalHasAll = [...uv].every((v) => ov.has(v));
  if (updateHasAll && originalHasAll) return;
  if (updateHasAll) acc.add('/enum', 'ENUM_ARRAY_EXTENDED');
  else if (originalHasAll) acc.add('/enum', 'ENUM_ARRAY_NARROWED');
  else acc.add('/enum', 'ENUM_ARRAY_CHANGED');
}

export function compareConst(acc: Acc, o: SchemaNode, u: SchemaNode): void {
  if (!jsonEquals(o.raw!.const, u.raw!.const)) acc.add('/const', 'ENUM_ARRAY_CHANGED');
}

function valueSet(values: unknown): Set<string> {
  return new Set(Array.isArray(values) ? values.map(canonical) : []);
}
