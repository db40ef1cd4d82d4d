/** Port of Confluent's `StringSchemaDiff`: maxLength, minLength, pattern (compared as text). `format` is not compared. */
import type { Acc } from './context.js';
import type { SchemaNode } from './model.js';
import { compareBound, numberAt } from './bounds.js';

export function compareString(acc: Acc, o: SchemaNode, u: SchemaNode): void {
  const or = o.raw!;
  const ur = u.raw!;
  compareBound(acc, 'maxLength', numberAt(or, 'maxLength'), numberAt(ur, 'maxLength'), 'MAX_LENGTH');
  compareBound(acc, 'minLength', numberAt(or, 'minLength'), numberAt(ur, 'minLength'), 'MIN_LENGTH');
  const op = typeof or.pattern === 'string' ? or.pattern : undefined;
  const up = typeof ur.pattern === 'string' ? ur.pattern : undefined;
  if (op !== up) {
    if (op === undefined) acc.add('/pattern', 'PATTERN_ADDED');
    else if (up === undefined) acc.add('/pattern', 'PATTERN_REMOVED');
    else acc.add('/pattern', 'PATTERN_CHANGED');
  }
}
