/**
 * The compatibility engine: Confluent-exact JSON Schema verdicts, pure (plain JSON in, no I/O).
 *
 * - `compareSchemas(previous, next, {level, policy})`: one previous revision, any level.
 * - `checkAgainstRevisions(previousOldestFirst, next, {level, policy})`: transitive semantics over many revisions.
 * - `diffSchemas(original, update, policy)`: the raw Confluent diff.
 *
 * An unresolvable `$ref` throws UnresolvedRefError (a ContractsError: ref, document, pointer, reason, and the supplied reference holding it);
 * nothing else throws on odd schemas.
 */
import { createHash } from 'node:crypto';
import { COMPATIBILITY_LEVELS, COMPATIBILITY_POLICIES, LEVEL_PLANS, type CompatibilityLevel, type CompatibilityPolicy } from '../core/compatibility.js';
import { ContractsError } from '../core/errors.js';
import { isCompatibleChange, type ChangeKind } from './change-kinds.js';
import { runDiff, type DiffOutcome } from './diff.js';
import { renderMessage, type Direction } from './messages.js';

export { CHANGE_KINDS, CHANGE_RULES, COMPATIBLE_CHANGES_LENIENT, COMPATIBLE_CHANGES_STRICT, isChangeKind, isCompatibleChange } from './change-kinds.js';
export type { BreakableKind, ChangeKind, ChangeRule, ReaderImpact, Verdict } from './change-kinds.js';
export { detectDraft } from './model.js';
export { ReferencedSchema, withReferences } from './diff.js';
export type { Difference, DiffOutcome } from './diff.js';
export { UnresolvedRefError } from './errors.js';
export { nextMajorName, readersThatBreak } from './messages.js';
export type { Direction } from './messages.js';

export interface CompareOptions {
  /** @default 'BACKWARD' (Confluent's registry default; the project default for event types lives in core/compatibility.ts) */
  level?: CompatibilityLevel;
  /** @default 'STRICT' */
  policy?: CompatibilityPolicy;
  /** The event type (`order.placed.v1`), so messages can name the next major (`order.placed.v2`). */
  eventType?: string;
}

export interface Change {
  /** Confluent `Difference.Type`. */
  type: ChangeKind;
  /** Confluent JSON path, e.g. `#/properties/amount`. */
  path: string;
  /** Whether the policy accepts this change. */
  compatible: boolean;
  message: string;
  /** Which diff found it: backward = compare(previous → next), forward = compare(next → previous). */
  direction: Direction;
}

export interface CompareResult {
  compatible: boolean;
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
  changes: Change[];
  /** Present only when something limited the comparison (e.g. extreme nesting); the verdict is then false. */
  notes?: string[];
}

/** The diff runs a level implies (NONE: none; FULL: backward then forward, errors concatenated as in Confluent). */
export function directionsFor(level: CompatibilityLevel): Direction[] {
  return [...LEVEL_PLANS[level].directions];
}

export function isTransitive(level: CompatibilityLevel): boolean {
  return LEVEL_PLANS[level].transitive;
}

/**
 * Compares two revisions of a schema at a level. For BACKWARD, `previous` is Confluent's `original_schema`
 * and `next` its `update_schema`; FORWARD swaps them; FULL runs both. A transitive level with a single
 * previous revision is its non-transitive counterpart. Pass `withReferences(schema, {name: doc})` to
 * resolve cross-file `$ref`s.
 */
export function compareSchemas(previous: unknown, next: unknown, options: CompareOptions = {}): CompareResult {
  const level = options.level ?? 'BACKWARD';
  const policy = options.policy ?? 'STRICT';
  validate(level, policy);
  const changes: Change[] = [];
  const notes: string[] = [];
  let complete = true;
  for (const direction of directionsFor(level)) {
    const outcome: DiffOutcome =
      direction === 'backward' ? runDiff(previous, next, policy, ['previous', 'next']) : runDiff(next, previous, policy, ['next', 'previous']);
    complete &&= outcome.complete;
    notes.push(...outcome.notes.map((n) => (direction === 'forward' ? `(forward) ${n}` : n)));
    for (const d of outcome.differences) {
      const compatible = isCompatibleChange(d.type, policy);
      changes.push({ type: d.type, path: d.path, compatible, message: renderMessage(d.type, d.path, compatible, direction, options.eventType), direction });
    }
  }
  const result: CompareResult = { compatible: complete && changes.every((c) => c.compatible), level, policy, changes };
  if (notes.length > 0) result.notes = notes;
  return result;
}

export interface RevisionCheck {
  /** Index of the revision in `previousOldestFirst`. */
  index: number;
  result: CompareResult;
}

export interface RevisionsResult {
  compatible: boolean;
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
  /** Checked revisions, newest first. Stops after the first incompatible one unless `exhaustive`. */
  checked: RevisionCheck[];
}

export interface RevisionOptions extends CompareOptions {
  /** Check every revision the level asks for instead of stopping at the first failure (Confluent stops). @default false */
  exhaustive?: boolean;
}

/**
 * Checks `next` against earlier revisions as Confluent's registry does: non-transitive levels look at the
 * latest revision only; transitive levels at all of them, newest → oldest, stopping at the first failure.
 */
export function checkAgainstRevisions(previousOldestFirst: readonly unknown[], next: unknown, options: RevisionOptions = {}): RevisionsResult {
  const level = options.level ?? 'BACKWARD';
  const policy = options.policy ?? 'STRICT';
  validate(level, policy);
  const checked: RevisionCheck[] = [];
  const last = previousOldestFirst.length - 1;
  const first = level === 'NONE' ? last + 1 : isTransitive(level) ? 0 : last;
  for (let index = last; index >= first && index >= 0; index--) {
    const result = compareSchemas(previousOldestFirst[index], next, { level, policy, eventType: options.eventType });
    checked.push({ index, result });
    if (!result.compatible && !options.exhaustive) break;
  }
  return { compatible: checked.every((c) => c.result.compatible), level, policy, checked };
}

/** The raw Confluent diff of `original` → `update` (no level, no messages). */
export function diffSchemas(original: unknown, update: unknown, policy: CompatibilityPolicy = 'STRICT'): DiffOutcome {
  validate('BACKWARD', policy);
  return runDiff(original, update, policy);
}

/**
 * A stable short id for one change of one event type, for approvals-as-code: the first 12 hex digits of
 * SHA-256 over event type, change type, path and direction. Messages may change; fingerprints do not.
 */
export function changeFingerprint(eventType: string, change: { type: string; path: string; direction?: Direction }): string {
  return createHash('sha256')
    .update(`${eventType}\n${change.type}\n${change.path}\n${change.direction ?? 'backward'}`)
    .digest('hex')
    .slice(0, 12);
}

function validate(level: string, policy: string): void {
  if (!(COMPATIBILITY_LEVELS as readonly string[]).includes(level)) {
    throw new ContractsError(`Unknown compatibility level "${level}".`, `Use one of ${COMPATIBILITY_LEVELS.join(', ')}.`);
  }
  if (!(COMPATIBILITY_POLICIES as readonly string[]).includes(policy)) {
    throw new ContractsError(`Unknown compatibility policy "${policy}".`, `Use one of ${COMPATIBILITY_POLICIES.join(', ')}.`);
  }
}
