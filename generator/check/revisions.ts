/**
 * Revisions and changes as the check stage names them: memoised comparisons, change ids, the earlier
 * revisions an event type is compared with, and documentation-only differences. Shared by check, diff and lock.
 */
import type { CompatibilityPolicy } from '../core/compatibility.js';
import type { JsonObject } from '../core/json.js';
import { changeFingerprint } from '../compat/index.js';
import { canonicalText } from '../core/canonical-json.js';
import { documentationChanges, stripDocumentation } from './canonical.js';
import type { Direction } from '../core/compatibility.js';
import type { LockEntry } from '../records/index.js';
import { latestRevision, semverOfFingerprint } from '../records/index.js';
import type { Baseline, CompareFn, CompatChange, PastEvent } from './model.js';

/** An earlier revision an event type is compared with. */
export interface PreviousRevision {
  fingerprint: string;
  schema: JsonObject;
  /** `1.2.0` for lock revisions, `origin/main` for the git base. */
  label: string;
  semver?: string;
}

interface Revision {
  fingerprint: string;
  schema: JsonObject;
}

/**
 * Memoised comparisons: one engine run per (event type, direction, policy, previous fingerprint, next
 * fingerprint), shared by check, diff and lock in one process; identical fingerprints are never compared.
 * Transitive levels then cost one comparison per distinct earlier revision and direction, and only
 * the current revision is compared: the lock's history was checked when each revision was recorded.
 */
export class ComparisonCache {
  private readonly cache = new Map<string, readonly CompatChange[]>();
  comparisons = 0;
  hits = 0;
  constructor(private readonly compare: CompareFn) {}

  /** Changes of `next` relative to `previous` in one direction (see levels.ts). */
  directional(previous: Revision, next: Revision, direction: Direction, policy: CompatibilityPolicy, eventType: string): readonly CompatChange[] {
    if (previous.fingerprint === next.fingerprint) return [];
    const key = `${direction}\u0000${policy}\u0000${eventType}\u0000${previous.fingerprint}\u0000${next.fingerprint}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    this.comparisons++;
    const changes = this.compare(previous.schema, next.schema, direction, policy, eventType);
    this.cache.set(key, changes);
    return changes;
  }
}

/**
 * Stable id of a change, named by approvals: the compat engine's `changeFingerprint` (12 hex digits of
 * sha256 over event type, change type, path and direction). It does not depend on the schema text, so
 * it stays the same while later revisions add unrelated changes, and one approval covers the break
 * against every earlier revision.
 */
export function changeId(eventType: string, direction: Direction | 'documentation', type: string, path: string): string {
  return direction === 'documentation' ? changeFingerprint(eventType, { type: `DOC:${type}`, path }) : changeFingerprint(eventType, { type, path, direction });
}

export function pathToPointer(path: string): string {
  return path.startsWith('#') ? path.slice(1) : path;
}

/** Earlier revisions of an event type, oldest first, distinct, excluding the current fingerprint. */
export function previousRevisions(
  entry: LockEntry | undefined,
  past: PastEvent | undefined,
  baseline: Baseline | undefined,
  currentFingerprint: string,
): PreviousRevision[] {
  const byFingerprint = new Map<string, PreviousRevision>();
  for (const rev of entry?.revisions ?? []) {
    byFingerprint.delete(rev.fingerprint); // keep the latest occurrence's position and label
    byFingerprint.set(rev.fingerprint, { fingerprint: rev.fingerprint, schema: rev.schema, label: rev.semver, semver: rev.semver });
  }
  if (past && baseline && !byFingerprint.has(past.fingerprint)) {
    byFingerprint.set(past.fingerprint, { fingerprint: past.fingerprint, schema: past.schema, label: baseline.ref });
  }
  byFingerprint.delete(currentFingerprint);
  return [...byFingerprint.values()];
}

/** The revision a change is reported relative to: the git base when there is one, else the latest lock revision. */
export function referenceRevision(entry: LockEntry | undefined, past: PastEvent | undefined, baseline: Baseline | undefined): PreviousRevision | undefined {
  if (past && baseline)
    return { fingerprint: past.fingerprint, schema: past.schema, label: baseline.ref, semver: semverOfFingerprint(entry, past.fingerprint) };
  if (entry) {
    const last = latestRevision(entry);
    return { fingerprint: last.fingerprint, schema: last.schema, label: last.semver, semver: last.semver };
  }
  return undefined;
}

export function isDocumentationOnly(previous: JsonObject, next: JsonObject): boolean {
  return canonicalText(stripDocumentation(previous)) === canonicalText(stripDocumentation(next));
}

/** Documentation-only differences (title, description, examples, $comment, x-owner, deprecated, x-sunset), for the review report. */
export function documentationDifferences(eventType: string, previous: JsonObject, next: JsonObject): { type: string; path: string; fingerprint: string }[] {
  return documentationChanges(previous, next).map((d) => {
    const type = `${d.keyword.replace(/^\$|^x-/, '').toUpperCase()}_CHANGED`;
    return { type, path: d.path, fingerprint: changeId(eventType, 'documentation', type, d.path) };
  });
}
