import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import { COMPATIBILITY_LEVELS, COMPATIBILITY_POLICIES } from '../core/compatibility.js';
import { InputError } from '../core/errors.js';
import type { JsonObject } from '../core/json.js';
import { isJsonObject, parseJsonFile } from '../core/json.js';
import { canonicalize } from '../core/canonical-json.js';
import { parseSemver } from '../core/semver.js';
import { writeFileAtomic } from '../core/write-file.js';

/** Repository-relative name of the lock file. */
export const LOCK_FILE = 'contracts.lock.json';
export const LOCKFILE_VERSION = 1;

/**
 * How a revision relates to the one before it:
 * `initial` (first revision of `v<N>`, semver N.0.0), `documentation` (patch: only title, description,
 * examples, $comment, x-owner, deprecated, x-sunset changed), `compatible` (minor: schema change that passed
 * the configured level), `approved-breaking` (minor: a breaking change accepted by entries in
 * contracts.approvals.json, whose change fingerprints are listed in `acceptedChanges`).
 */
export type RevisionChange = 'initial' | 'documentation' | 'compatible' | 'approved-breaking';

export interface LockRevision {
  semver: string;
  /** sha256 of the canonical text of `schema`. */
  fingerprint: string;
  change: RevisionChange;
  /** Change fingerprints of approved breaking changes recorded with this revision. */
  acceptedChanges?: string[];
  /**
   * The level and policy this revision was verified at against the revisions before it when
   * `contracts lock` recorded it. `contracts check` trusts it (instead of comparing again) when the
   * record covers the configured level and, with a git base, the record is already in the base's lock.
   */
  checked?: { level: CompatibilityLevel; policy: CompatibilityPolicy };
  /** The bundled (self-contained), key-sorted `data` schema. */
  schema: JsonObject;
}

export interface LockEntry {
  /** Repository-relative schema file of the latest revision. */
  file: string;
  deprecated: boolean;
  /** `x-sunset` of the latest revision (ISO date). */
  sunset?: string;
  /** Every published revision, oldest first. Only ever appended to. */
  revisions: LockRevision[];
}

/** `contracts.lock.json`: every published revision of every event type. */
export interface LockFile {
  lockfileVersion: typeof LOCKFILE_VERSION;
  /** By event type, sorted. */
  events: Record<string, LockEntry>;
}

export function emptyLock(): LockFile {
  return { lockfileVersion: LOCKFILE_VERSION, events: {} };
}

/** Reads `<root>/contracts.lock.json`; undefined when the file does not exist. Malformed → InputError. */
export async function readLock(root: string): Promise<LockFile | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, LOCK_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  return parseLock(text, LOCK_FILE);
}

/** Parses and validates lock text; `file` names it in errors. */
export function parseLock(text: string, file: string = LOCK_FILE): LockFile {
  const json = parseJsonFile(text, file, 'Restore it from git, or delete it and run `contracts lock` to record the current revisions.');
  const fail = (where: string, what: string): never => {
    throw new InputError(
      `${file}: ${where} ${what}.`,
      file,
      'The lock file is generated: restore it from git and re-run `contracts lock` instead of editing it by hand.',
    );
  };
  if (!isJsonObject(json)) return fail('the document', 'must be an object');
  if (json.lockfileVersion !== LOCKFILE_VERSION) return fail('`lockfileVersion`', `must be ${LOCKFILE_VERSION}, found ${JSON.stringify(json.lockfileVersion)}`);
  if (!isJsonObject(json.events)) return fail('`events`', 'must be an object keyed by event type');
  for (const [eventType, entry] of Object.entries(json.events)) {
    const at = `events["${eventType}"]`;
    if (!isJsonObject(entry)) return fail(at, 'must be an object');
    if (typeof entry.file !== 'string') fail(`${at}.file`, 'must be a string');
    if (typeof entry.deprecated !== 'boolean') fail(`${at}.deprecated`, 'must be a boolean');
    if (entry.sunset !== undefined && typeof entry.sunset !== 'string') fail(`${at}.sunset`, 'must be an ISO date string');
    if (!Array.isArray(entry.revisions) || entry.revisions.length === 0) return fail(`${at}.revisions`, 'must be a non-empty array');
    entry.revisions.forEach((rev, i) => {
      const r = `${at}.revisions[${i}]`;
      if (!isJsonObject(rev)) return fail(r, 'must be an object');
      if (typeof rev.semver !== 'string' || !parseSemver(rev.semver)) fail(`${r}.semver`, 'must be a semver like 1.2.0');
      if (typeof rev.fingerprint !== 'string' || !rev.fingerprint.startsWith('sha256:')) fail(`${r}.fingerprint`, 'must be "sha256:<hex>"');
      if (!['initial', 'documentation', 'compatible', 'approved-breaking'].includes(rev.change as string))
        fail(`${r}.change`, 'must be initial, documentation, compatible or approved-breaking');
      if (!isJsonObject(rev.schema)) fail(`${r}.schema`, 'must be the schema object');
      if (rev.checked !== undefined) {
        const c = rev.checked;
        if (
          !isJsonObject(c) ||
          !(COMPATIBILITY_LEVELS as readonly unknown[]).includes(c.level) ||
          !(COMPATIBILITY_POLICIES as readonly unknown[]).includes(c.policy)
        )
          fail(`${r}.checked`, 'must be {"level": <compatibility level>, "policy": "STRICT" | "LENIENT"}');
      }
      return undefined;
    });
  }
  return json as unknown as LockFile;
}

/** Deterministic text: keys sorted, 2-space indent, LF, trailing newline. */
export function serializeLock(lock: LockFile): string {
  return `${JSON.stringify(canonicalize(lock as unknown as JsonObject), null, 2)}\n`;
}

/** Writes the lock via temp file + rename; returns false when the content on disk was already identical. */
export async function writeLock(root: string, lock: LockFile): Promise<boolean> {
  const path = join(root, LOCK_FILE);
  const text = serializeLock(lock);
  return writeFileAtomic(path, text);
}

export function latestRevision(entry: LockEntry): LockRevision {
  return entry.revisions[entry.revisions.length - 1] as LockRevision;
}

/**
 * Semver of the latest recorded revision of an event type (`1.3.1`), for codegen's `eventVersion`;
 * undefined when the event type is not in the lock.
 */
export function currentSemver(lock: LockFile | undefined, eventType: string): string | undefined {
  const entry = lock?.events[eventType];
  return entry ? latestRevision(entry).semver : undefined;
}

/** Semver recorded for a fingerprint (its latest occurrence), if any. */
export function semverOfFingerprint(entry: LockEntry | undefined, fingerprint: string): string | undefined {
  if (!entry) return undefined;
  for (let i = entry.revisions.length - 1; i >= 0; i--) {
    const rev = entry.revisions[i] as LockRevision;
    if (rev.fingerprint === fingerprint) return rev.semver;
  }
  return undefined;
}
