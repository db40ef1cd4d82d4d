/**
 * The one place code generation learns an event type's `eventVersion`: the latest revision
 * recorded in `contracts.lock.json` (owned by the check stage). Without a lock entry the
 * version is `<N>.0.0`.
 */
import type { Catalog } from '../load/catalog.js';
import { latestRevision, readLock } from '../check/lock.js';

export interface EventVersions {
  /** eventType → semver of its latest recorded revision. */
  versions: Map<string, string>;
  /** eventType → number of recorded revisions. */
  revisions: Map<string, number>;
}

export async function readEventVersions(catalog: Catalog): Promise<EventVersions> {
  const lock = await readLock(catalog.root);
  const versions = new Map<string, string>();
  const revisions = new Map<string, number>();
  for (const event of catalog.events) {
    const entry = lock?.events[event.eventType];
    if (!entry) continue;
    const semver = latestRevision(entry).semver;
    // A lock entry for another major (hand edits, renamed files) is ignored rather than trusted.
    if (semver.split('.')[0] !== String(event.version)) continue;
    versions.set(event.eventType, semver);
    revisions.set(event.eventType, entry.revisions.length);
  }
  return { versions, revisions };
}
