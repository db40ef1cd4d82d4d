import type { MigrationFile } from '../migrations/index.js';
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { JsonObject } from '../core/json.js';
import type { EventContract, SourceFile } from '../load/index.js';
import type { Approval } from './approvals.js';
import type { Direction } from '../core/compatibility.js';
import type { LockFile } from '../records/index.js';
import type { SemverBump } from '../core/semver.js';

/** One change as the compat engine reports it (Confluent type and JSON path). */
export interface CompatChange {
  type: string;
  path: string;
  compatible: boolean;
  message: string;
}

/**
 * The compat engine for one direction: `backward` runs Confluent's `compare(original = previous,
 * update = next)`, `forward` runs `compare(original = next, update = previous)`. Returns every change,
 * compatible or not, with messages worded for that direction. Memoised by the caller.
 */
export type CompareFn = (
  previous: JsonObject,
  next: JsonObject,
  direction: Direction,
  policy: CompatibilityPolicy,
  eventType: string,
) => readonly CompatChange[];

/** An event type as it is now (working tree), bundled and canonical. */
export interface CurrentEvent extends Pick<EventContract, 'eventType' | 'domain' | 'action' | 'version' | 'file'> {
  /** Bundled (self-contained) `data` schema; key order as written (the lock stores it key-sorted). */
  schema: JsonObject;
  /** sha256 of the canonical (key-sorted) text of `schema`. */
  fingerprint: string;
  deprecated: boolean;
  sunset?: string;
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
  /** For line/column of diagnostics. */
  source?: SourceFile;
  /**
   * Where a pointer into the bundled schema is written: the event file, or the shared file a
   * `#/definitions/<inlined file>/…` pointer came from. Falls back to `source`.
   */
  locate?: (pointer: string) => { file: string; line: number; column: number };
}

/** An event type as it was at the git base. */
export interface PastEvent {
  eventType: string;
  file: string;
  schema: JsonObject;
  fingerprint: string;
  deprecated: boolean;
  sunset?: string;
}

/** The state of the repository at the git base (merge base or --against). */
export interface Baseline {
  /** `origin/main`, `HEAD~1`, … */
  ref: string;
  commit: string;
  /** How the ref was chosen. */
  how: string;
  events: ReadonlyMap<string, PastEvent>;
  /** contracts.lock.json at the base, if it existed. */
  lock?: LockFile;
  /** migrations/ at the base (files with valid names). */
  migrations?: readonly MigrationFile[];
}

export type ChangeSeverity = 'breaking' | 'compatible' | 'documentation';

/** A change found between two revisions of one event type, located and judged. */
export interface JudgedChange {
  eventType: string;
  /** Confluent change type (`REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL`) or a documentation kind (`DOCUMENTATION_CHANGED`). */
  type: string;
  /** Confluent JSON path, `#/properties/x`. */
  path: string;
  /**
   * For a coarse change (`TYPE_CHANGED`, `COMBINED_TYPE_SUBSCHEMAS_CHANGED` at `#/` or at a combinator): the
   * deepest path where the two revisions differ (`#/anyOf/0/required/count`); the change is located there.
   */
  detailPath?: string;
  /** Absent for documentation changes. */
  direction?: Direction;
  severity: ChangeSeverity;
  /**
   * Breaking changes: one line in the reviewer's words, written for the direction that fails (what the
   * PR did, who cannot read what), shown before the Confluent type. See summaries.ts.
   */
  summary?: string;
  message: string;
  /** Stable id of this change, named by approvals (12 hex digits, compat `changeFingerprint`). */
  fingerprint: string;
  /** Labels of the earlier revisions it was found against (`1.2.0`, `origin/main`). */
  against: string[];
  file: string;
  pointer: string;
  line: number;
  column: number;
  /** For breaking changes: how it was accepted, if it was. */
  accepted?: { by: 'approval'; approval: Approval } | { by: 'lock'; semver: string };
}

export type EventStatus =
  /** No previous revision anywhere: a new event type. */
  | 'new'
  /** New `v<N+1>` of an existing `<domain>.<action>`. */
  | 'new-major'
  | 'unchanged'
  | 'documentation'
  | 'compatible'
  /** Breaking, every break accepted by an approval or recorded in the lock. */
  | 'accepted'
  | 'breaking'
  /** Deleted, allowed (deprecated and sunset reached). */
  | 'retired'
  /** Deleted, not allowed. */
  | 'removed';

export interface EventCheck {
  eventType: string;
  file: string;
  status: EventStatus;
  level?: CompatibilityLevel;
  policy?: CompatibilityPolicy;
  /** Semver of the revision compared with (latest earlier one), when known. */
  fromSemver?: string;
  /** Semver of the current revision: recorded in the lock, or the one `contracts lock` would record. */
  semver?: string;
  bump: SemverBump;
  /** Labels of the earlier revisions the level asks for. */
  comparedWith: string[];
  /** Those of them not compared again because the lock records the verification (see judge.ts `provenByLock`). */
  verifiedByLock?: string[];
  /** Breaking changes (check) or every change (diff). */
  changes: JudgedChange[];
}

export interface CheckReport {
  /** What the working tree was compared with, in words. */
  against: string;
  baseline?: { ref: string; commit: string; how: string };
  /** Why there is no git baseline, when there is none. */
  baselineNote?: string;
  events: EventCheck[];
  /** Sorted and de-duplicated; errors mean exit code 1. */
  diagnostics: Diagnostic[];
  stats: {
    eventTypes: number;
    /** Engine runs (one per direction and distinct pair). */
    comparisons: number;
    cacheHits: number;
    /** Event types whose earlier revisions were proven by lock records instead of compared again. */
    verifiedByLock: number;
  };
}

/** Location of a pointer into an event's bundled schema (see `CurrentEvent.locate`). */
export function locateInEvent(event: CurrentEvent, pointer: string): { file: string; line: number; column: number } {
  if (event.locate) return event.locate(pointer);
  const loc = event.source?.locate(pointer) ?? { line: 0, column: 0 };
  return { file: event.file, line: loc.line, column: loc.column };
}
