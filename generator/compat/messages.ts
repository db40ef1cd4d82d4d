/**
 * Human messages for changes (STYLE.md §8: state the fact, name the thing, say what would make it right).
 * Templates live in the change-kind table; this file only fills them for a direction.
 */
import { CHANGE_RULES, type ChangeKind, type ChangeRule } from './change-kinds.js';

/** Which diff produced a change: BACKWARD runs compare(previous, next); FORWARD runs compare(next, previous). */
import type { Direction } from '../core/compatibility.js';

export type { Direction };

const SIDES: Record<Direction, { orig: string; upd: string; readers: string; events: string }> = {
  backward: {
    orig: 'the previous revision',
    upd: 'the next revision',
    readers: 'new consumers (on the next revision)',
    events: 'events still in the topic',
  },
  forward: {
    orig: 'the next revision',
    upd: 'the previous revision',
    readers: 'consumers on the previous revision',
    events: 'events of the next revision',
  },
};

const DEFAULT_WHY = '{readers} reject some {events}';

/**
 * A forward break (compare(next, previous)) means the next revision loosened something that consumers on
 * the previous revision still enforce. The table's fix and reason texts are written for the backward run
 * (keep what {orig} had), which reads the wrong way round here, so the forward run gets one fix that
 * is right for every kind: undo the loosening in the revision being authored, or make a new major.
 */
const FORWARD_WHY = '{readers} still enforce what the previous revision required at `{path}` and reject {events} that rely on the change';
const FORWARD_FIX = 'In the next revision, restore what the previous revision required at `{path}`, or publish {v2}';

/** Which readers a breaking change hurts, in words, for a direction. */
export function readersThatBreak(direction: Direction): string {
  return SIDES[direction].readers;
}

/** `order.placed.v1` → "`order.placed.v2`"; otherwise a generic phrase. */
export function nextMajorName(eventType: string | undefined): string {
  const m = eventType ? /^(.*\.v)(\d+)$/.exec(eventType) : null;
  if (m) return `\`${m[1]}${Number(m[2]) + 1}\``;
  return 'a new major version (`<domain>.<action>.v<N+1>`)';
}

/** Rendered templates with everything but the path filled in, split at `{path}`: rendering a change is one join. */
const cache = new Map<string, string[]>();

export function renderMessage(type: ChangeKind, path: string, compatible: boolean, direction: Direction, eventType?: string): string {
  const key = `${type}|${direction}|${compatible ? 1 : 0}|${eventType ?? ''}`;
  let parts = cache.get(key);
  if (!parts) {
    const rule: ChangeRule = CHANGE_RULES[type];
    const vars: Record<string, string> = { ...SIDES[direction], v2: nextMajorName(eventType) };
    const fill = (template: string) => template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
    const fact = fill(rule.message);
    // A reason that speaks of the "old"/"new" value names the sides of the backward run; forward gets the generic one.
    const why = direction === 'forward' && (rule.why === undefined || /\b(old|new)\b/.test(rule.why)) ? FORWARD_WHY : (rule.why ?? DEFAULT_WHY);
    const fix = direction === 'forward' ? FORWARD_FIX : rule.fix;
    const text = compatible ? `${fact}.` : `${fact}; ${fill(why)}. ${fill(fix)}.`;
    parts = text.split('{path}');
    if (cache.size > 10_000) cache.clear();
    cache.set(key, parts);
  }
  return parts.length === 1 ? parts[0]! : parts.join(path);
}
