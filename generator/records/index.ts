/**
 * The repository's committed records: the lock of published revisions (`contracts.lock.json`, written by
 * `contracts lock`, judged by check) and the release record (`contracts.releases.json`, written by
 * `contracts publish`), and the versions generation reads from them. Formats and file I/O only: reading a
 * record loads nothing of the check gate, so `contracts generate` and `contracts asyncapi` stay light.
 */
export {
  LOCK_FILE,
  LOCKFILE_VERSION,
  readLock,
  parseLock,
  serializeLock,
  writeLock,
  emptyLock,
  latestRevision,
  currentSemver,
  semverOfFingerprint,
  type LockFile,
  type LockEntry,
  type LockRevision,
  type RevisionChange,
} from './lock.js';
export {
  RELEASES_FILE,
  readReleases,
  parseReleases,
  serializeReleases,
  writeReleases,
  emptyReleases,
  type ReleasesFile,
  type PackageRelease,
  type ReleaseEntry,
  type ReleaseChange,
} from './releases.js';
export { readEventVersions, type EventVersions } from './event-versions.js';
