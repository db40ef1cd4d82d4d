/**
 * Port of Confluent's `NumberSchemaDiff`: maximum, minimum, exclusiveMaximum/exclusiveMinimum (draft-6+
 * numeric form; the draft-4 boolean flags are not compared, as in Confluent), multipleOf, integer ↔ number.
 */
import type { Acc } from './context.js';
import type { SchemaNode } from './model.js';
import { compareBound, isMultipleOf, numberAt } from './bounds.js';

export function compareNumber(acc: Acc, o: SchemaNode, u: SchemaNode): void {
  const or = o.raw!;
  const ur = u.raw!;
  compareBound(acc, 'maximum', numberAt(or, 'maximum'), numberAt(ur, 'maximum'), 'MAXIMUM');
  compareBound(acc, 'minimum', numberAt(or, 'minimum'), numberAt(ur, 'minimum'), 'MINIMUM');

  // Confluent quirk, reproduced: the DECREASED branch of exclusiveMaximum compares against the
  // update's `maximum`, so a lowered exclusiveMaximum is only reported when it also lies below that.
  const oxm = o.doc.draft >= 6 ? numberAt(or, 'exclusiveMaximum') : undefined;
  const uxm = u.doc.draft >= 6 ? numberAt(ur, 'exclusiveMaximum') : undefined;
  if (oxm !== uxm) {
    const umax = numberAt(ur, 'maximum');
    if (oxm === undefined) acc.add('/exclusiveMaximum', 'EXCLUSIVE_MAXIMUM_ADDED');
    else if (uxm === undefined) acc.add('/exclusiveMaximum', 'EXCLUSIVE_MAXIMUM_REMOVED');
    else if (oxm < uxm) acc.add('/exclusiveMaximum', 'EXCLUSIVE_MAXIMUM_INCREASED');
    // Java would throw on a missing update `maximum`; we report the decrease (the registry would not accept it either).
    else if (umax === undefined || oxm > umax) acc.add('/exclusiveMaximum', 'EXCLUSIVE_MAXIMUM_DECREASED');
  }
  const oxn = o.doc.draft >= 6 ? numberAt(or, 'exclusiveMinimum') : undefined;
  const uxn = u.doc.draft >= 6 ? numberAt(ur, 'exclusiveMinimum') : undefined;
  compareBound(acc, 'exclusiveMinimum', oxn, uxn, 'EXCLUSIVE_MINIMUM');

  const om = positive(numberAt(or, 'multipleOf'));
  const um = positive(numberAt(ur, 'multipleOf'));
  if (om !== um) {
    if (om === undefined) acc.add('/multipleOf', 'MULTIPLE_OF_ADDED');
    else if (um === undefined) acc.add('/multipleOf', 'MULTIPLE_OF_REMOVED');
    else if (isMultipleOf(um, om)) acc.add('/multipleOf', 'MULTIPLE_OF_EXPANDED');
    else if (isMultipleOf(om, um)) acc.add('/multipleOf', 'MULTIPLE_OF_REDUCED');
    else acc.add('/multipleOf', 'MULTIPLE_OF_CHANGED');
  }

  if (o.integer !== u.integer) acc.add('', o.integer ? 'TYPE_EXTENDED' : 'TYPE_NARROWED');
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && n > 0 ? n : undefined;
}
