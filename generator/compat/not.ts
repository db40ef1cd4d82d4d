/** Port of Confluent's `NotSchemaDiff`: compares the `not` schemas reversed (update's against original's). */
import type { Acc, DiffState } from './context.js';
import type { SchemaNode } from './model.js';
import { compare } from './schema.js';

export function compareNot(st: DiffState, acc: Acc, o: SchemaNode, u: SchemaNode): void {
  const r = compare(st, u.doc.node(u.raw!.not), o.doc.node(o.raw!.not));
  acc.add('/not', r.compatible ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED');
}
