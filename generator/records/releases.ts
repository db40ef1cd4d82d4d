/**
 * `contracts.releases.json`, beside the lock file: what `contracts publish` last released of each
 * package (version, the event fingerprints it was built from, its tarball integrity and its
 * changelog). Committed, so a fresh clone plans the same versions offline; written only by
 * `contracts publish` after an upload, one atomic write per package published.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { JsonObject } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { canonicalize } from '../core/canonical-json.js';
import { writeFileAtomic } from '../core/write-file.js';
import { parseSemver, type SemverBump } from '../core/semver.js';

export const RELEASES_FILE = 'contracts.releases.json';
export const RELEASES_VERSION = 1;

/** One line of a CHANGELOG section: the same sentence the PR report uses. */
export interface ReleaseChange {
  /** `order.placed.v1`, or `*` for changes of the package as a whole (generator, runtime). */
  eventType: string;
  /** Change kind: a Confluent change type, `EVENT_TYPE_ADDED`, `GENERATOR_OUTPUT_CHANGED`, … */
  kind: string;
  /** JSON path in the contract (`#/properties/x`), `#` for the whole event type. */
  path: string;
  message: string;
}

export interface ReleaseEntry {
  version: string;
  bump: SemverBump | 'initial';
  changes: ReleaseChange[];
}

export interface PackageRelease {
  version: string;
  /** sha256 of the package's files with the version left out (see publish/content.ts). */
  content: string;
  /** `sha512-…` of the published tarball. */
  integrity: string;
  /** Generated packages: eventType → fingerprint of the contract released. */
  events?: Record<string, string>;
  /** Generated packages: the runtime range they depended on. */
  runtime?: string;
  /** Newest first. */
  changelog: ReleaseEntry[];
}

export interface ReleasesFile {
  releasesVersion: typeof RELEASES_VERSION;
  /** By package name. */
  packages: Record<string, PackageRelease>;
}

export function emptyReleases(): ReleasesFile {
  return { releasesVersion: RELEASES_VERSION, packages: {} };
}

/** Reads `<root>/contracts.releases.json`; an empty record when absent; malformed → InputError (exit 2). */
export async function readReleases(root: string): Promise<ReleasesFile> {
  let text: string;
  try {
    text = await readFile(join(root, RELEASES_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return emptyReleases();
    throw new InputError(`${RELEASES_FILE} cannot be read (${code ?? (error as Error).message}).`, RELEASES_FILE, 'Check its permissions.');
  }
  return parseReleases(text);
}

export function parseReleases(text: string): ReleasesFile {
  const fail = (what: string): never => {
    throw new InputError(
      `${RELEASES_FILE}: ${what}.`,
      RELEASES_FILE,
      'It is written by `contracts publish`: restore it from git instead of editing it by hand.',
    );
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`is not valid JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(json) || json.releasesVersion !== RELEASES_VERSION) return fail(`\`releasesVersion\` must be ${RELEASES_VERSION}`);
  if (!isJsonObject(json.packages)) return fail('`packages` must be an object keyed by package name');
  for (const [name, rel] of Object.entries(json.packages)) {
    const at = `packages["${name}"]`;
    if (!isJsonObject(rel)) return fail(`${at} must be an object`);
    if (typeof rel.version !== 'string' || !parseSemver(rel.version)) fail(`${at}.version must be a semver like 1.2.0`);
    if (typeof rel.content !== 'string' || typeof rel.integrity !== 'string') fail(`${at}.content and .integrity must be strings`);
    if (!Array.isArray(rel.changelog)) fail(`${at}.changelog must be an array`);
    if (rel.events !== undefined && !isJsonObject(rel.events)) fail(`${at}.events must map event types to fingerprints`);
  }
  return json as unknown as ReleasesFile;
}

/** Deterministic text: keys sorted except changelog order (arrays keep theirs), LF, trailing newline. */
export function serializeReleases(releases: ReleasesFile): string {
  return `${JSON.stringify(canonicalize(releases as unknown as JsonObject), null, 2)}\n`;
}

/** Temp file + rename (core/write-file.ts): a reader never sees half a record. */
export async function writeReleases(root: string, releases: ReleasesFile): Promise<void> {
  await writeFileAtomic(join(root, RELEASES_FILE), serializeReleases(releases));
}

/** The version a generated package carries before (or without) its next release: the released one, else 1.0.0. */
export function releasedVersion(releases: ReleasesFile, packageName: string): string {
  return releases.packages[packageName]?.version ?? '1.0.0';
}
