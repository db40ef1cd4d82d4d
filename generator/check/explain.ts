/**
 * What turns an engine change into something a reviewer can act on: the deepest path that explains a
 * coarse change, the place it is written, and (for breaks) the one-line summary. Shared by check and diff
 * so both report a change the same way. Pure.
 */
import type { JsonObject } from '../core/json.js';
import type { CurrentEvent, JudgedChange } from './model.js';
import { locateInEvent } from './model.js';
import { detailPath, fieldName } from './pointers.js';
import { pathToPointer } from './revisions.js';
import { summarizeBreak } from './summaries.js';

/** Kinds the engine reports at the node that holds the difference (`#/`, a combinator) rather than where it is. */
const COARSE_KINDS = new Set(['TYPE_CHANGED', 'COMBINED_TYPE_SUBSCHEMAS_CHANGED']);

/** Where a change is: the detail path of a coarse change, and the file, pointer, line and column it is located at. */
export function locateChange(
  event: CurrentEvent,
  previous: JsonObject,
  type: string,
  path: string,
): Pick<JudgedChange, 'detailPath' | 'file' | 'pointer' | 'line' | 'column'> {
  const detail = changeDetail(previous, event.schema, type, path);
  const pointer = pathToPointer(detail ?? path);
  const loc = locateInEvent(event, pointer === '/' ? '' : pointer);
  return { ...(detail ? { detailPath: detail } : {}), file: loc.file, pointer, line: loc.line, column: loc.column };
}

/** The detail path of a coarse change (see pointers.ts `detailPath`); undefined for every other kind. */
export function changeDetail(previous: JsonObject, next: JsonObject, type: string, path: string): string | undefined {
  // TYPE_CHANGED at a property is explained by the property itself; a combinator change may be one keyword deep.
  return COARSE_KINDS.has(type) ? detailPath(previous, next, path, { keyword: type !== 'TYPE_CHANGED' }) : undefined;
}

/** The reviewer's line for a break (summaries.ts), naming the field at the detail path when there is one. */
export function breakSummary(change: Pick<JudgedChange, 'type' | 'path' | 'detailPath' | 'direction' | 'against'>): string | undefined {
  const field = fieldName(change.detailPath ?? change.path, { keyword: change.detailPath !== undefined });
  return summarizeBreak(change.type, change.direction ?? 'backward', field, change.against);
}

/** Sets `summary` on a breaking change (call once its `against` list is complete). */
export function summarize(change: JudgedChange): JudgedChange {
  if (change.severity !== 'breaking') return change;
  const summary = breakSummary(change);
  if (summary) change.summary = summary;
  return change;
}
