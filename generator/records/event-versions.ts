/**
 * The one place code generation and the AsyncAPI document learn versions: an event type's `eventVersion` is the latest
 * revision recorded in `contracts.lock.json` (written by `contracts lock`; without a lock entry it is
 * `<N>.0.0`), a package's version the one `contracts publish` last released
 * (`contracts.releases.json`; 1.0.0 before the first release).
 */
import type { Catalog } from '../load/index.js';
import { latestRevision, readLock } from './lock.js';
import { readReleases } from './releases.js';

export interface EventVersions {
  /** eventType → semver of its latest recorded revision. */
  versions: Map<string, string>;
  /** package name → version of its latest release. */
  packageVersions: Map<string, string>;
}

export async function readEventVersions(catalog: Catalog): Promise<EventVersions> {
  const [lock, releases] = await Promise.all([readLock(catalog.root), readReleases(catalog.root)]);
  const versions = new Map<string, string>();
  for (const event of catalog.events) {
    const entry = lock?.events[event.eventType];
    if (!entry) continue;
    const semver = latestRevision(entry).semver;
    // A lock entry for another major (hand edits, renamed files) is ignored rather than trusted.
    if (semver.split('.')[0] !== String(event.version)) continue;
    versions.set(event.eventType, semver);
  }
  const packageVersions = new Map(Object.entries(releases.packages).map(([name, release]) => [name, release.version]));
  return { versions, packageVersions };
}
